package io.bundlebox.core.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table-driven tests of the LIST/LSUB pattern matcher (RFC 9051 section 6.3.9). */
class MailboxPatternTest {

    @ParameterizedTest(name = "ref \"{0}\" pattern \"{1}\" vs \"{2}\" -> {3}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''        | *          | INBOX          | true
            ''        | *          | a/b/c          | true
            ''        | %          | a              | true
            ''        | %          | a/b            | false
            ''        | %/%        | a/b            | true
            ''        | %/%        | a/b/c          | false
            ''        | a/%        | a/b            | true
            ''        | a/%        | a              | false
            ''        | a/*        | a/b/c          | true
            ''        | a*         | a              | true
            ''        | a*         | ab/c           | true
            ''        | a%         | ab/c           | false
            ''        | %b         | ab             | true
            ''        | *b         | a/b            | true
            ''        | %b         | a/b            | false
            ''        | a          | a              | true
            ''        | a          | A              | false
            ''        | a          | ab             | false
            ''        | ab         | a              | false
            ''        | ''         | a              | false
            ''        | inbox      | INBOX          | true
            ''        | In%        | INBOX          | true
            ''        | inbox/%    | INBOX/Sent     | true
            ''        | inbox/sent | INBOX/Sent     | false
            ''        | inboxx     | INBOX          | false
            ''        | INBOX      | INBOXES        | false
            ''        | inboxes    | INBOXES        | false
            archive/  | %          | archive/2024   | true
            archive/  | %          | archive        | false
            archive/  | *          | archive/2024/q1| true
            archive   | %          | archive2024    | true
            archive   | /%         | archive/2024   | true
            ''        | *a*a*a*a*b | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | false
            ''        | *a*a*a*a*b | xaxaxaxaxb     | true
            ''        | Entwürfe   | Entwürfe       | true
            ''        | Entw%      | Entwürfe       | true
            """)
    void matches(String reference, String pattern, String name, boolean expected) {
        assertEquals(expected, MailboxPattern.of(reference, pattern).matches(name));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            %     | true
            a/%   | true
            *     | false
            %/a   | false
            ''    | false
            """)
    void listsLevelsOnlyWhenPercentIsLast(String pattern, boolean expected) {
        assertEquals(expected, MailboxPattern.of("", pattern).listsLevels());
    }
}
