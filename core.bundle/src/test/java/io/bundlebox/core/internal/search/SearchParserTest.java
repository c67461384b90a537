package io.bundlebox.core.internal.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.WireLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The search-program grammar of RFC 9051 section 9, key by key, and its failures. */
class SearchParserTest {

    /** {@code program as sent} → canonical rendering of the parsed key tree. */
    private static final String[][] KEYS = {
        {"ALL", "ALL"},
        {"all", "ALL"},
        {"OLD", "NOT RECENT"},
        {"NEW", "(RECENT UNKEYWORD \\Seen)"},
        {"RECENT", "RECENT"},
        {"ANSWERED", "KEYWORD \\Answered"},
        {"DELETED", "KEYWORD \\Deleted"},
        {"DRAFT", "KEYWORD \\Draft"},
        {"FLAGGED", "KEYWORD \\Flagged"},
        {"SEEN", "KEYWORD \\Seen"},
        {"UNANSWERED", "UNKEYWORD \\Answered"},
        {"UNDELETED", "UNKEYWORD \\Deleted"},
        {"UNDRAFT", "UNKEYWORD \\Draft"},
        {"UNFLAGGED", "UNKEYWORD \\Flagged"},
        {"UNSEEN", "UNKEYWORD \\Seen"},
        {"KEYWORD $Junk", "KEYWORD $Junk"},
        {"UNKEYWORD $Forwarded", "UNKEYWORD $Forwarded"},
        {"BEFORE 1-Feb-2021", "BEFORE 2021-02-01"},
        {"ON \"15-Mar-2021\"", "ON 2021-03-15"},
        {"SINCE 31-dec-2020", "SINCE 2020-12-31"},
        {"SENTBEFORE 1-Feb-2021", "SENTBEFORE 2021-02-01"},
        {"SENTON 2-Feb-2021", "SENTON 2021-02-02"},
        {"SENTSINCE 3-Feb-2021", "SENTSINCE 2021-02-03"},
        {"LARGER 4096", "LARGER 4096"},
        {"SMALLER 10000000000", "SMALLER 10000000000"},
        {"FROM smith", "FROM \"smith\""},
        {"TO \"John Doe\"", "TO \"John Doe\""},
        {"CC {3}\r\nabc", "CC \"abc\""},
        {"BCC \"\"", "BCC \"\""},
        {"SUBJECT \"usrp b210\"", "HEADER subject \"usrp b210\""},
        {"HEADER Message-ID \"<abc@x>\"", "HEADER message-id \"<abc@x>\""},
        {"HEADER X-Spam \"\"", "HEADER x-spam \"\""},
        {"BODY \"sample rate\"", "BODY \"sample rate\""},
        {"TEXT \"отпуск\"", "TEXT \"отпуск\""},
        {"1:3,5", "SEQ 1:3,5"},
        {"*", "SEQ *"},
        {"2:*", "SEQ 2:*"},
        {"$", "$"},
        {"UID 1:*", "UID 1:*"},
        {"UID $", "$"},
        {"NOT SEEN", "NOT KEYWORD \\Seen"},
        {"OR SEEN FLAGGED", "OR KEYWORD \\Seen KEYWORD \\Flagged"},
        {"OR (SEEN DRAFT) NOT 3", "OR (KEYWORD \\Seen KEYWORD \\Draft) NOT SEQ 3"},
        {"(SEEN)", "KEYWORD \\Seen"},
        {"((SEEN) (FLAGGED DELETED))", "(KEYWORD \\Seen (KEYWORD \\Flagged KEYWORD \\Deleted))"},
        {"FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"",
            "(KEYWORD \\Flagged SINCE 1994-02-01 NOT FROM \"Smith\")"},
        {"CHARSET UTF-8 TEXT \"x\"", "TEXT \"x\""},
        {"CHARSET \"us-ascii\" ALL", "ALL"},
        {"CHARSET utf-8 (OR $ 1,3000:3021) TEXT {8+}\r\nмать", "(OR $ SEQ 1,3000:3021 TEXT \"мать\")"},
    };

    /** Malformed programs → a fragment of the BAD text naming what was expected. */
    private static final String[][] MALFORMED = {
        {"", "Expected a search key, found end of line"},
        {"FOO", "Unknown search key FOO"},
        {"SEEN FOO", "Unknown search key FOO"},
        {"FROM", "Expected ' '"},
        {"FROM ", "Expected an astring"},
        {"BEFORE 2021-02-01", "Expected '-'"},
        {"BEFORE 1-Foo-2021", "Unknown month"},
        {"BEFORE 31-Feb-2021", "Invalid date"},
        {"LARGER x", "Expected a number"},
        {"LARGER 99999999999999999999", "Number out of range"},
        {"UID", "Expected ' '"},
        {"UID abc", "Expected a sequence number or '*'"},
        {"0", "Expected a non-zero number"},
        {"1:4294967296", "Number out of range"},
        {"()", "Expected a search key, found ')'"},
        {"(SEEN", "Expected ')'"},
        {"SEEN)", "Expected end of line"},
        {"OR SEEN", "Expected ' '"},
        {"NOT", "Expected ' '"},
        {"SEEN  FLAGGED", "Expected a search key, found ' '"},
        {"HEADER", "Expected ' '"},
        {"HEADER Subject", "Expected ' '"},
        {"KEYWORD", "Expected ' '"},
        {"\"ALL\"", "Expected a search key, found '\"'"},
        {"CHARSET", "Expected ' '"},
    };

    private static ImapReader reader(String program) {
        return new ImapReader(new ByteArrayInputStream((program + "\r\n").getBytes(StandardCharsets.UTF_8)),
                WireLimits.DEFAULT, (size, sync) -> { });
    }

    private static SearchKey parse(String program) throws IOException, ImapException {
        ImapReader in = reader(program);
        SearchKey key = SearchParser.program(in, null);
        in.crlf();
        return key;
    }

    @TestFactory
    Stream<DynamicTest> everyKeyParses() {
        return Arrays.stream(KEYS).map(row -> dynamicTest(row[0], () -> assertEquals(row[1], parse(row[0]).toString())));
    }

    @TestFactory
    Stream<DynamicTest> malformedProgramsAreBadNamingWhatWasExpected() {
        return Arrays.stream(MALFORMED).map(row -> dynamicTest("'" + row[0] + "'", () -> {
            ImapException e = assertThrows(ImapException.class, () -> parse(row[0]));
            assertEquals(ImapException.Kind.BAD, e.kind());
            assertTrue(e.getMessage().contains(row[1]), () -> "message was: " + e.getMessage());
        }));
    }

    @Test
    void anUnsupportedCharsetIsNoWithBadcharset() {
        ImapException e = assertThrows(ImapException.class, () -> parse("CHARSET KOI8-R TEXT \"x\""));
        assertEquals(ImapException.Kind.NO, e.kind());
        assertEquals("BADCHARSET (UTF-8)", e.code().toString());
    }

    @Test
    void aWordAlreadyReadByTheCommandStartsTheProgram() throws Exception {
        ImapReader in = reader(" SEEN");
        assertEquals("(KEYWORD \\Flagged KEYWORD \\Seen)", SearchParser.program(in, "FLAGGED").toString());
    }

    @Test
    void thousandNestedListsAreBadNotAStackOverflow() {
        String deep = "(".repeat(1000) + "ALL" + ")".repeat(1000);
        ImapException e = assertThrows(ImapException.class, () -> parse(deep));
        assertEquals(ImapException.Kind.BAD, e.kind());
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
    }

    @Test
    void thousandNestedNotsAreBadToo() {
        ImapException e = assertThrows(ImapException.class, () -> parse("NOT ".repeat(1000) + "ALL"));
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
        ImapException or = assertThrows(ImapException.class, () -> parse("OR ALL ".repeat(1000) + "ALL"));
        assertTrue(or.getMessage().contains("nested"), or.getMessage());
    }

    @Test
    void nestingUpToTheLimitIsAccepted() throws Exception {
        int depth = WireLimits.DEFAULT.maxNesting() - 1;
        assertEquals("ALL", parse("(".repeat(depth) + "ALL" + ")".repeat(depth)).toString());
    }

    @Test
    void extensionKeysReadTheirOwnArgumentsAnywhereAKeyMayStand() throws Exception {
        SearchParser.ExtensionKeys modseq = (word, in) -> {
            if (!word.equals("XMODSEQ")) {
                return null;
            }
            long min = in.sp().number64();
            return r -> r.modSeq() >= min;
        };
        ImapReader in = reader("OR XMODSEQ 5 NOT (SEEN XMODSEQ 7) XOTHER");
        ImapException e = assertThrows(ImapException.class, () -> SearchParser.program(in, null, modseq));
        assertTrue(e.getMessage().contains("Unknown search key XOTHER"), e.getMessage());
        ImapReader ok = reader("OR XMODSEQ 5 NOT (SEEN XMODSEQ 7)");
        assertEquals("OR XMODSEQ NOT (KEYWORD \\Seen XMODSEQ)", SearchParser.program(ok, null, modseq).toString());
    }
}
