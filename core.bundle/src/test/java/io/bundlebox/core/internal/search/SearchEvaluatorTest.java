package io.bundlebox.core.internal.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.WireLimits;
import io.bundlebox.mailstore.MailboxSnapshot;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Which messages each search key finds (RFC 9051 section 6.4.4), over four messages that
 * exercise flags, dates, sizes, numbers, RFC 2047 headers, transfer encodings, charsets and
 * multipart structure.
 */
class SearchEvaluatorTest {

    private static final String PLAIN = """
            From: Alice <alice@example.org>
            To: usrp-users@lists.example.org
            Subject: Hello USRP
            Date: Mon, 1 Feb 2021 23:59:00 -0800
            Message-ID: <m1@example.org>

            The sample rate is 20 MS/s.
            """;

    private static final String LATIN1 = """
            From: =?iso-8859-1?Q?J=F6rg_M=FCller?= <jorg@example.de>
            To: alice@example.org
            Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=
            Date: 2 Feb 21 10:00 +0100
            MIME-Version: 1.0
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            Wir treffen uns in der Hauptstra=DFe, gleich
            neben dem Bahnhof.
            """;

    private static final String MULTIPART = """
            From: Bob <bob@example.com>
            To: alice@example.org
            Cc: carol@example.net
            Subject: report
            X-Custom: yes
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: base64

            VGhlIHNlY3JldCB3b3JkIGlzIHh5bG9waG9uZS4K
            --b1
            Content-Type: application/octet-stream
            Content-Transfer-Encoding: base64

            emVicmEgemVicmEK
            --b1
            Content-Type: message/rfc822

            From: dave@example.com
            Subject: Forwarded thing

            inner body text
            --b1--
            """;

    private static final String MBOX_HTML = """
            From alice@example.org Tue Mar  2 10:00:00 2021
            From: alice@example.org
            To: bob@example.com
            Subject: html
            Date: Tue, 02 Mar 2021 10:00:00 +0000
            Content-Type: text/html; charset=utf-8

            <p>Hello <b>world</b></p>
            """ + "x".repeat(5000) + "\n";

    private final MemoryMailbox mailbox = new MemoryMailbox()
            .add(1, Set.of("\\Seen"), Instant.parse("2021-02-01T12:00:00Z"), PLAIN)
            .add(3, Set.of("\\Flagged", "$Junk"), Instant.parse("2021-02-02T00:30:00Z"), LATIN1)
            .add(7, Set.of("\\Deleted", "\\Answered", "\\Draft"), Instant.parse("2021-02-03T23:00:00Z"), MULTIPART)
            .add(8, Set.of(), Instant.parse("2021-03-02T10:00:00Z"), MBOX_HTML);

    private long[] saved = {3, 8};

    /** criteria → matching UIDs (sequence numbers 1..4 are UIDs 1, 3, 7, 8). */
    private static final String[][] CASES = {
        {"ALL", "1 3 7 8"},
        {"NEW", ""},
        {"RECENT", ""},
        {"OLD", "1 3 7 8"},
        {"SEEN", "1"},
        {"UNSEEN", "3 7 8"},
        {"FLAGGED", "3"},
        {"UNFLAGGED", "1 7 8"},
        {"DELETED", "7"},
        {"UNDELETED", "1 3 8"},
        {"ANSWERED", "7"},
        {"UNANSWERED", "1 3 8"},
        {"DRAFT", "7"},
        {"UNDRAFT", "1 3 8"},
        {"KEYWORD $junk", "3"},
        {"UNKEYWORD $Junk", "1 7 8"},
        {"KEYWORD \\Seen", "1"},
        {"2:*", "3 7 8"},
        {"*", "8"},
        {"1,4", "1 8"},
        {"3:1", "1 3 7"},
        {"5:9", ""},
        {"UID 3:7", "3 7"},
        {"UID 9:*", "8"},
        {"UID 2,4:6", ""},
        {"$", "3 8"},
        {"UID $", "3 8"},
        {"BEFORE 2-Feb-2021", "1"},
        {"ON 2-Feb-2021", "3"},
        {"SINCE 3-Feb-2021", "7 8"},
        {"SENTBEFORE 2-Feb-2021", "1"},
        {"SENTON 1-Feb-2021", "1"},
        {"SENTON 2-Feb-2021", "3"},
        {"SENTSINCE 2-Feb-2021", "3 8"},
        {"LARGER 5000", "8"},
        {"SMALLER 5000", "1 3 7"},
        {"FROM alice", "1 8"},
        {"FROM \"jörg müller\"", "3"},
        {"FROM JÖRG", "3"},
        {"TO alice@example.org", "3 7"},
        {"CC carol", "7"},
        {"BCC \"\"", ""},
        {"SUBJECT köln", "3"},
        {"SUBJECT \"hello usrp\"", "1"},
        {"SUBJECT forwarded", ""},
        {"HEADER X-Custom \"\"", "7"},
        {"HEADER x-custom YES", "7"},
        {"HEADER Message-ID m1@example", "1"},
        {"HEADER Content-Type iso-8859-1", "3"},
        {"BODY \"sample rate\"", "1"},
        {"BODY HAUPTSTRASSE", ""},
        {"BODY hauptstraße", "3"},
        {"BODY xylophone", "7"},
        {"BODY zebra", ""},
        {"BODY \"forwarded thing\"", ""},
        {"TEXT \"forwarded thing\"", "7"},
        {"TEXT application/octet-stream", "7"},
        {"BODY \"inner body\"", "7"},
        {"BODY \"<b>world</b>\"", "8"},
        {"BODY \"hello usrp\"", ""},
        {"BODY \"\"", "1 3 7 8"},
        {"TEXT \"hello usrp\"", "1"},
        {"TEXT xylophone", "7"},
        {"TEXT jörg", "3"},
        {"NOT SEEN", "3 7 8"},
        {"NOT NOT SEEN", "1"},
        {"OR SEEN FLAGGED", "1 3"},
        {"OR BODY xylophone UID 1", "1 7"},
        {"SEEN FLAGGED", ""},
        {"UNSEEN SINCE 2-Feb-2021 NOT FROM bob", "3 8"},
        {"(OR $ 1) TEXT hello", "1 8"},
        {"NOT (SMALLER 5000 FROM alice)", "3 7 8"},
    };

    private SearchEvaluator.Scope scope() {
        MailboxSnapshot snap = mailbox.snapshot();
        long[] uids = snap.uids();
        MessageText.Source texts = MailboxMessageText.source(mailbox);
        return new SearchEvaluator.Scope() {
            public int size() {
                return uids.length;
            }

            public long uid(int seq) {
                return uids[seq - 1];
            }

            public MailboxSnapshot snapshot() {
                return snap;
            }

            public MessageText.Source texts() {
                return texts;
            }

            public long[] savedUids() {
                return saved;
            }
        };
    }

    private SearchEvaluator.Result search(String criteria) throws Exception {
        ImapReader in = new ImapReader(new ByteArrayInputStream((criteria + "\r\n").getBytes(StandardCharsets.UTF_8)),
                WireLimits.DEFAULT, (size, sync) -> { });
        SearchKey key = SearchParser.program(in, null);
        in.crlf();
        return SearchEvaluator.search(key, scope(), ZoneOffset.UTC);
    }

    private String uids(String criteria) throws Exception {
        return Arrays.stream(search(criteria).uids()).mapToObj(Long::toString).collect(Collectors.joining(" "));
    }

    @TestFactory
    Stream<DynamicTest> eachKeyFindsTheRightMessages() {
        return Arrays.stream(CASES).map(row -> dynamicTest(row[0], () -> assertEquals(row[1], uids(row[0]))));
    }

    @Test
    void resultsComeAsSequenceNumbersAndUidsInStep() throws Exception {
        SearchEvaluator.Result r = search("UNSEEN");
        assertArrayEquals(new int[] {2, 3, 4}, r.seqs());
        assertArrayEquals(new long[] {3, 7, 8}, r.uids());
    }

    @Test
    void cheapKeysRuleOutMessagesBeforeAnyFileIsOpened() throws Exception {
        assertEquals("3", uids("BODY hauptstraße FLAGGED"));
        assertEquals(1, mailbox.contentOpens, "only the one flagged message is read");
        mailbox.contentOpens = 0;
        assertEquals("", uids("SMALLER 10 OR BODY x TEXT y"));
        assertEquals(0, mailbox.contentOpens);
    }

    @Test
    void decodedHeadersAreCachedSoLaterHeaderSearchesOpenNoFile() throws Exception {
        assertEquals("1 8", uids("FROM alice"));
        assertEquals(4, mailbox.contentOpens);
        assertEquals("3", uids("SUBJECT köln"));
        assertEquals("1", uids("SENTON 1-Feb-2021"));
        assertEquals(4, mailbox.contentOpens);
    }

    @Test
    void aMessageExpungedElsewhereMatchesNoTextKeyAndBreaksNothing() throws Exception {
        mailbox.dropContent(3);
        assertEquals("", uids("BODY hauptstraße"));
        assertEquals("1 8", uids("FROM alice"));
        assertEquals("3", uids("FLAGGED"));
    }
}
