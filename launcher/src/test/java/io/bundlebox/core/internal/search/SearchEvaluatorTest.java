package io.bundlebox.core.internal.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.WireLimits;
import io.bundlebox.mailstore.AppendResult;
import io.bundlebox.mailstore.Changes;
import io.bundlebox.mailstore.CopyResult;
import io.bundlebox.mailstore.ExpungeResult;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.StoreConfig;
import io.bundlebox.mailstore.StoreResult;
import io.bundlebox.store.maildir.internal.MaildirStoreProvider;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which messages each search key finds (RFC 9051 section 6.4.4), over four messages that
 * exercise flags, dates, sizes, numbers, RFC 2047 headers, transfer encodings, charsets and
 * multipart structure, held in a real Maildir store in a temporary folder.
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

    @TempDir
    Path root;

    private MailStore store;
    private Mailbox real;
    /** The real INBOX, counting how often a message file is opened. */
    private CountingMailbox mailbox;
    /** When set, the view searched instead of the mailbox's current state. */
    private MailboxSnapshot pinned;

    /**
     * A real Maildir INBOX holding the four messages under UIDs 1, 3, 7 and 8: the store assigns
     * UIDs in order, so filler messages take UIDs 2, 4, 5 and 6 and are expunged again.
     */
    @BeforeEach
    void openMaildir() throws Exception {
        store = new MaildirStoreProvider().open(new StoreConfig(root, Map.of()));
        real = store.user("search").open("INBOX");
        List<Long> fillers = new ArrayList<>();
        assertEquals(1, append(Set.of("\\Seen"), Instant.parse("2021-02-01T12:00:00Z"), PLAIN));
        fillers.add(append(Set.of(), null, "Subject: filler\n\nfiller\n"));
        assertEquals(3, append(Set.of("\\Flagged", "$Junk"), Instant.parse("2021-02-02T00:30:00Z"), LATIN1));
        for (int i = 0; i < 3; i++) {
            fillers.add(append(Set.of(), null, "Subject: filler\n\nfiller\n"));
        }
        assertEquals(7, append(Set.of("\\Deleted", "\\Answered", "\\Draft"), Instant.parse("2021-02-03T23:00:00Z"),
                MULTIPART));
        assertEquals(8, append(Set.of(), Instant.parse("2021-03-02T10:00:00Z"), MBOX_HTML));
        long[] gone = fillers.stream().mapToLong(Long::longValue).toArray();
        assertArrayEquals(new long[] {2, 4, 5, 6}, gone);
        real.store(gone, Mailbox.FlagMode.ADD, Set.of("\\Deleted"), Long.MAX_VALUE);
        assertArrayEquals(gone, real.expunge(gone).uids(), "only the fillers are expunged, not the \\Deleted UID 7");
        assertArrayEquals(new long[] {1, 3, 7, 8}, real.snapshot().uids());
        mailbox = new CountingMailbox(real);
    }

    @AfterEach
    void closeMaildir() {
        if (real != null) {
            real.close();
        }
        if (store != null) {
            store.close();
        }
    }

    /** Appends {@code message} (LF line ends become CRLF) and returns its UID. */
    private long append(Set<String> flags, Instant internalDate, String message) throws MailStoreException {
        byte[] bytes = message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        return real.append(new ByteArrayInputStream(bytes), bytes.length, flags, internalDate).uid();
    }

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

    private SearchEvaluator.Scope scope() throws MailStoreException {
        MailboxSnapshot snap = pinned != null ? pinned : mailbox.snapshot();
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
        // this session's view still lists UID 3; another handle on the same INBOX expunges it
        pinned = mailbox.snapshot();
        try (Mailbox elsewhere = store.user("search").open("INBOX")) {
            elsewhere.store(new long[] {3}, Mailbox.FlagMode.ADD, Set.of("\\Deleted"), Long.MAX_VALUE);
            assertArrayEquals(new long[] {3}, elsewhere.expunge(new long[] {3}).uids());
        }
        assertArrayEquals(new long[] {1, 3, 7, 8}, pinned.uids());
        assertArrayEquals(new long[] {1, 7, 8}, mailbox.snapshot().uids(), "UID 3 is really gone from the store");
        assertEquals("", uids("BODY hauptstraße"));
        assertEquals("1 8", uids("FROM alice"));
        assertEquals("3", uids("FLAGGED"));
    }

    /**
     * The real mailbox, every call delegated, counting the {@link #content} calls that open a
     * message file: an observer of the store, not a stand-in for it.
     */
    static final class CountingMailbox implements Mailbox {
        private final Mailbox delegate;
        int contentOpens;

        CountingMailbox(Mailbox delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public long uidValidity() {
            return delegate.uidValidity();
        }

        @Override
        public MailboxSnapshot snapshot() throws MailStoreException {
            return delegate.snapshot();
        }

        @Override
        public Set<String> keywords() throws MailStoreException {
            return delegate.keywords();
        }

        @Override
        public SeekableByteChannel content(long uid) throws MailStoreException {
            SeekableByteChannel channel = delegate.content(uid);
            contentOpens++;
            return channel;
        }

        @Override
        public AppendResult append(InputStream content, long size, Set<String> flags, Instant internalDate)
                throws MailStoreException {
            return delegate.append(content, size, flags, internalDate);
        }

        @Override
        public CopyResult copy(long[] uids, Mailbox target) throws MailStoreException {
            return delegate.copy(uids, target);
        }

        @Override
        public CopyResult move(long[] uids, Mailbox target) throws MailStoreException {
            return delegate.move(uids, target);
        }

        @Override
        public StoreResult store(long[] uids, FlagMode mode, Set<String> flags, long unchangedSince)
                throws MailStoreException {
            return delegate.store(uids, mode, flags, unchangedSince);
        }

        @Override
        public ExpungeResult expunge(long[] uids) throws MailStoreException {
            return delegate.expunge(uids);
        }

        @Override
        public Changes changesSince(long modSeq) throws MailStoreException {
            return delegate.changesSince(modSeq);
        }

        @Override
        public String cached(long uid, String key) throws MailStoreException {
            return delegate.cached(uid, key);
        }

        @Override
        public void cache(long uid, String key, String value) throws MailStoreException {
            delegate.cache(uid, key, value);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
