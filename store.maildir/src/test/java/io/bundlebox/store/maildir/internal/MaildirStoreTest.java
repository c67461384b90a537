package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.append;
import static io.bundlebox.store.maildir.internal.StoreFixture.message;
import static io.bundlebox.store.maildir.internal.StoreFixture.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.imap.api.Flag;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.mailstore.AppendResult;
import io.bundlebox.mailstore.Changes;
import io.bundlebox.mailstore.CopyResult;
import io.bundlebox.mailstore.ExpungeResult;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.Mailbox.FlagMode;
import io.bundlebox.mailstore.MailboxInfo;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import io.bundlebox.mailstore.StoreResult;
import io.bundlebox.mailstore.UserMailboxes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirStoreTest {

    @TempDir
    Path root;

    @Test
    void corpusMessagesComeBackByteForByteAfterRestart() throws Exception {
        List<Path> corpus = StoreFixture.corpusMessages(40);
        Instant date = Instant.parse("2021-03-04T05:06:07Z");
        long[] uids = new long[corpus.size()];
        long uidValidity;
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("alice").open("INBOX")) {
            uidValidity = inbox.uidValidity();
            for (int i = 0; i < corpus.size(); i++) {
                AppendResult r = append(inbox, Files.readAllBytes(corpus.get(i)), Set.of(Flag.SEEN), date);
                assertEquals(uidValidity, r.uidValidity());
                uids[i] = r.uid();
            }
        }
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("alice").open("inbox")) {
            assertEquals(uidValidity, inbox.uidValidity(), "UIDVALIDITY survives a restart");
            MailboxSnapshot s = inbox.snapshot();
            assertArrayEquals(uids, s.uids());
            for (int i = 0; i < corpus.size(); i++) {
                byte[] original = Files.readAllBytes(corpus.get(i));
                assertArrayEquals(original, read(inbox, uids[i]), corpus.get(i).getFileName().toString());
                MessageRecord r = s.byUid(uids[i]);
                assertEquals(original.length, r.size());
                assertEquals(date, r.internalDate());
                assertEquals(Set.of(Flag.SEEN), r.flags());
                assertTrue(r.saveDate() != null);
            }
        }
        try (Stream<Path> files = Files.list(root.resolve("alice/cur"))) {
            assertTrue(files.allMatch(p -> p.getFileName().toString().endsWith(":2,S")),
                    "flags are in the Maildir file names");
        }
    }

    @Test
    void flagsKeywordsAndModSeqsAreKeptInFileNamesAndIndex() throws Exception {
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("bob").open("INBOX")) {
            long uid = append(inbox, message(1)).uid();
            long before = inbox.snapshot().highestModSeq();
            StoreResult r = inbox.store(new long[] {uid}, FlagMode.ADD,
                    Set.of("\\seen", "\\FLAGGED", "$Label1", "\\Recent"), Long.MAX_VALUE);
            MessageRecord rec = r.records().getFirst();
            assertEquals(Set.of(Flag.SEEN, Flag.FLAGGED, "$Label1"), rec.flags(), "canonical spelling, no \\Recent");
            assertTrue(rec.modSeq() > before);
            assertEquals(rec.modSeq(), r.highestModSeq());
            assertTrue(Files.readString(root.resolve("bob/dovecot-keywords")).contains("0 $Label1"));
            assertEquals(Set.of("$Label1"), inbox.keywords());
            try (Stream<Path> files = Files.list(root.resolve("bob/cur"))) {
                assertTrue(files.anyMatch(p -> p.getFileName().toString().endsWith(":2,FSa")));
            }
            // UNCHANGEDSINCE below the message's MODSEQ refuses the change (RFC 7162 section 3.1.3).
            StoreResult refused = inbox.store(new long[] {uid}, FlagMode.REMOVE, Set.of(Flag.SEEN), before);
            assertArrayEquals(new long[] {uid}, refused.modifiedUids());
            assertTrue(inbox.snapshot().byUid(uid).has(Flag.SEEN));

            inbox.store(new long[] {uid}, FlagMode.REPLACE, Set.of(Flag.ANSWERED), rec.modSeq());
            assertEquals(Set.of(Flag.ANSWERED), inbox.snapshot().byUid(uid).flags());
        }
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("bob").open("INBOX")) {
            assertEquals(Set.of(Flag.ANSWERED), inbox.snapshot().get(0).flags(), "flags survive a restart");
        }
    }

    @Test
    void expungeRemovesOnlyDeletedMessagesAndUidsAreNeverReused() throws Exception {
        long last;
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("carol").open("INBOX")) {
            long a = append(inbox, message(1)).uid();
            long b = append(inbox, message(2)).uid();
            last = append(inbox, message(3)).uid();
            inbox.store(new long[] {b, last}, FlagMode.ADD, Set.of(Flag.DELETED), Long.MAX_VALUE);
            ExpungeResult onlyB = inbox.expunge(new long[] {a, b});
            assertArrayEquals(new long[] {b}, onlyB.uids(), "UID EXPUNGE limits to the given UIDs");
            ExpungeResult rest = inbox.expunge(null);
            assertArrayEquals(new long[] {last}, rest.uids());
            assertArrayEquals(new long[] {a}, inbox.snapshot().uids());
            assertThrows(MailStoreException.class, () -> inbox.content(b));
        }
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("carol").open("INBOX")) {
            long next = append(inbox, message(4)).uid();
            assertTrue(next > last, "a UID is never given twice, even after expunge and restart");
            assertEquals(next + 1, inbox.snapshot().uidNext());
        }
    }

    @Test
    void copyAndMoveKeepFlagsAndDatesAndReportUidPairs() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            UserMailboxes dave = store.user("dave");
            dave.create("Archive/2024", Set.of("\\Archive"));
            try (Mailbox inbox = dave.open("INBOX"); Mailbox archive = dave.open("Archive/2024")) {
                Instant date = Instant.parse("2020-01-02T03:04:05Z");
                long a = append(inbox, message(1).getBytes(StandardCharsets.UTF_8), Set.of(Flag.FLAGGED, "work"), date)
                        .uid();
                long b = append(inbox, message(2)).uid();
                CopyResult copied = inbox.copy(new long[] {a, b, 999}, archive);
                assertArrayEquals(new long[] {a, b}, copied.sourceUids(), "missing UIDs are skipped");
                assertEquals(archive.uidValidity(), copied.targetUidValidity());
                MessageRecord copy = archive.snapshot().byUid(copied.targetUids()[0]);
                assertEquals(Set.of(Flag.FLAGGED, "work"), copy.flags());
                assertEquals(date, copy.internalDate());
                assertArrayEquals(read(inbox, a), read(archive, copied.targetUids()[0]));

                CopyResult moved = inbox.move(new long[] {b}, archive);
                assertEquals(1, moved.targetUids().length);
                assertArrayEquals(new long[] {a}, inbox.snapshot().uids(), "MOVE removes the source");
                assertEquals(3, archive.snapshot().size());
                assertArrayEquals(new long[] {b}, inbox.changesSince(0).expunged());
            }
        }
    }

    @Test
    void changesSinceAnswersFromTheIndexAcrossRestarts() throws Exception {
        long mark;
        long a;
        long b;
        long c;
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("erin").open("INBOX")) {
            a = append(inbox, message(1)).uid();
            b = append(inbox, message(2)).uid();
            c = append(inbox, message(3)).uid();
            mark = inbox.snapshot().highestModSeq();
            inbox.store(new long[] {a}, FlagMode.ADD, Set.of(Flag.SEEN), Long.MAX_VALUE);
            inbox.store(new long[] {b}, FlagMode.ADD, Set.of(Flag.DELETED), Long.MAX_VALUE);
            inbox.expunge(null);
        }
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("erin").open("INBOX")) {
            Changes changes = inbox.changesSince(mark);
            assertEquals(List.of(a), changes.changed().stream().map(MessageRecord::uid).toList());
            assertArrayEquals(new long[] {b}, changes.expunged());
            assertEquals(inbox.snapshot().highestModSeq(), changes.highestModSeq());
            assertEquals(Set.of(a, c), inbox.changesSince(0).changed().stream().map(MessageRecord::uid)
                    .collect(Collectors.toSet()));
            assertEquals(0, inbox.changesSince(changes.highestModSeq()).changed().size());
        }
    }

    /**
     * changesSince answers from a journal in MODSEQ order; whatever the history (messages changed
     * again and again, so the journal is squeezed and rebuilt, expunges, appends), it must agree
     * with the plain answer: every message whose MODSEQ is above the point, ascending by UID.
     */
    @Test
    void changesSinceAgreesWithTheRecordsAfterManyChanges() throws Exception {
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("frank").open("INBOX")) {
            for (int i = 1; i <= 40; i++) {
                append(inbox, message(i));
            }
            java.util.Random random = new java.util.Random(7162);
            List<Long> marks = new java.util.ArrayList<>();
            for (int round = 0; round < 1_200; round++) { // > 2 x 40 + 1024 journal pairs: rebuilt at least once
                long[] uids = inbox.snapshot().uids();
                long uid = uids[random.nextInt(uids.length)];
                inbox.store(new long[] {uid}, random.nextBoolean() ? FlagMode.ADD : FlagMode.REMOVE,
                        Set.of(random.nextBoolean() ? Flag.SEEN : Flag.FLAGGED), Long.MAX_VALUE);
                if (round % 97 == 0) {
                    inbox.store(new long[] {uid}, FlagMode.ADD, Set.of(Flag.DELETED), Long.MAX_VALUE);
                    inbox.expunge(new long[] {uid});
                    append(inbox, message(1000 + round));
                }
                if (round % 50 == 0) {
                    marks.add(inbox.snapshot().highestModSeq());
                    inbox.changesSince(marks.get(0)); // the journal exists from the start and grows with the changes
                }
            }
            MailboxSnapshot now = inbox.snapshot();
            for (long mark : marks) {
                List<Long> expected = new java.util.ArrayList<>();
                for (int i = 0; i < now.size(); i++) {
                    if (now.get(i).modSeq() > mark) {
                        expected.add(now.get(i).uid());
                    }
                }
                assertEquals(expected, inbox.changesSince(mark).changed().stream().map(MessageRecord::uid).toList(),
                        "changed since " + mark);
            }
            assertEquals(List.of(), inbox.changesSince(now.highestModSeq()).changed());
        }
    }

    @Test
    void cachedValuesSurviveRestartAndDieWithTheMessage() throws Exception {
        long uid;
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("fay").open("INBOX")) {
            uid = append(inbox, message(1)).uid();
            inbox.cache(uid, "ENVELOPE", "(\"date\" \"subject\" NIL)");
            inbox.store(new long[] {uid}, FlagMode.ADD, Set.of(Flag.SEEN), Long.MAX_VALUE);
        }
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("fay").open("INBOX")) {
            assertEquals("(\"date\" \"subject\" NIL)", inbox.cached(uid, "ENVELOPE"));
            assertNull(inbox.cached(uid, "BODYSTRUCTURE"));
            inbox.store(new long[] {uid}, FlagMode.ADD, Set.of(Flag.DELETED), Long.MAX_VALUE);
            inbox.expunge(null);
            assertNull(inbox.cached(uid, "ENVELOPE"));
        }
    }

    @Test
    void mailboxesCanBeCreatedListedRenamedAndDeleted() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            UserMailboxes gus = store.user("gus");
            gus.create("Sent", Set.of("\\sent"));
            gus.create("Lists/ietf.imap", Set.of());
            gus.create("Ünïcode & more", Set.of());
            assertTrue(Files.isDirectory(root.resolve("gus/.Lists.ietf%2Eimap/cur")), "'.' escaped as %2E");
            assertTrue(Files.isDirectory(root.resolve("gus/.&ANw-n&AO8-code &- more/cur")), "modified UTF-7 on disk");
            assertThrows(MailStoreException.class, () -> gus.create("Sent", Set.of()));
            MailStoreException useattr = assertThrows(MailStoreException.class,
                    () -> gus.create("Odd", Set.of("\\Important")));
            assertEquals("USEATTR", useattr.code().atom());

            Map<String, Set<String>> listed = gus.list().stream()
                    .collect(Collectors.toMap(MailboxInfo::name, MailboxInfo::specialUse));
            assertEquals(Set.of("INBOX", "Sent", "Lists", "Lists/ietf.imap", "Ünïcode & more"), listed.keySet());
            assertEquals(Set.of("\\Sent"), listed.get("Sent"));

            try (Mailbox lists = gus.open("Lists/ietf.imap")) {
                append(lists, message(1));
            }
            gus.rename("Lists", "Archive/Lists");
            Set<String> names = gus.list().stream().map(MailboxInfo::name).collect(Collectors.toSet());
            assertTrue(names.containsAll(Set.of("Archive", "Archive/Lists", "Archive/Lists/ietf.imap")));
            assertFalse(names.contains("Lists/ietf.imap"));
            try (Mailbox moved = gus.open("Archive/Lists/ietf.imap")) {
                assertEquals(1, moved.snapshot().size(), "messages travel with a renamed mailbox");
            }

            gus.delete("Archive/Lists/ietf.imap");
            assertThrows(MailStoreException.class, () -> gus.open("Archive/Lists/ietf.imap"));
            MailStoreException inbox = assertThrows(MailStoreException.class, () -> gus.delete("INBOX"));
            assertEquals(ResponseCode.CANNOT, inbox.code());
            assertEquals(ResponseCode.NONEXISTENT,
                    assertThrows(MailStoreException.class, () -> gus.delete("Nope")).code());

            gus.subscribe("Sent");
            gus.subscribe("Not/There");
            gus.unsubscribe("Not/There");
            assertEquals(Set.of("Sent"), gus.subscriptions());
        }
        try (MailStore store = StoreFixture.open(root)) {
            assertEquals(Set.of("Sent"), store.user("gus").subscriptions(), "subscriptions persist");
        }
    }

    @Test
    void renamingInboxMovesItsMessagesAndLeavesItEmpty() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            UserMailboxes hal = store.user("hal");
            try (Mailbox inbox = hal.open("INBOX")) {
                append(inbox, message(1));
                append(inbox, message(2));
            }
            hal.rename("INBOX", "Old");
            try (Mailbox inbox = hal.open("INBOX"); Mailbox old = hal.open("Old")) {
                assertEquals(0, inbox.snapshot().size());
                assertEquals(2, old.snapshot().size());
            }
        }
    }

    @Test
    void handlesOfOneMailboxShareOneIndex() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            UserMailboxes ivy = store.user("ivy");
            try (Mailbox one = ivy.open("INBOX"); Mailbox two = ivy.open("INBOX")) {
                long uid = append(one, message(1)).uid();
                assertEquals(uid, two.snapshot().get(0).uid(), "a second session sees the append at once");
                two.store(new long[] {uid}, FlagMode.ADD, Set.of(Flag.SEEN), Long.MAX_VALUE);
                assertTrue(one.snapshot().byUid(uid).has(Flag.SEEN));
            }
        }
    }

    @Test
    void indexIsCompactedWhileSessionsKeepChangingFlags() throws Exception {
        Path index = root.resolve("kai").resolve(IndexLog.FILE);
        Map<Long, Set<String>> expected = new java.util.concurrent.ConcurrentHashMap<>();
        try (MailStore store = StoreFixture.open(root, Map.of(MaildirStoreProvider.COMPACT_AFTER, "50"))) {
            UserMailboxes kai = store.user("kai");
            long[] uids = new long[4];
            try (Mailbox inbox = kai.open("INBOX")) {
                for (int i = 0; i < uids.length; i++) {
                    uids[i] = append(inbox, message(i)).uid();
                }
            }
            List<Thread> sessions = new java.util.ArrayList<>();
            for (long uid : uids) {
                sessions.add(Thread.ofPlatform().start(() -> {
                    try (Mailbox box = kai.open("INBOX")) {
                        for (int round = 0; round < 60; round++) {
                            Set<String> flags = round % 2 == 0 ? Set.of(Flag.SEEN, "k" + round) : Set.of(Flag.FLAGGED);
                            box.store(new long[] {uid}, FlagMode.REPLACE, flags, Long.MAX_VALUE);
                            expected.put(uid, flags);
                        }
                    } catch (MailStoreException e) {
                        throw new AssertionError(e);
                    }
                }));
            }
            for (Thread t : sessions) {
                t.join();
            }
            long grown = Files.size(index);
            assertTrue(grown < 240 * 60, "the index was compacted while running (" + grown + " bytes)");
        }
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("kai").open("INBOX")) {
            for (Map.Entry<Long, Set<String>> e : expected.entrySet()) {
                assertEquals(e.getValue(), inbox.snapshot().byUid(e.getKey()).flags(), "after compaction and restart");
            }
        }
    }
}
