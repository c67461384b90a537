package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.append;
import static io.bundlebox.store.maildir.internal.StoreFixture.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.imap.api.Flag;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged index is rebuilt without changing UIDs; failed writes leave nothing half-done. */
class RecoveryAndFailureTest {

    @TempDir
    Path root;

    private long uidValidity;
    private MailboxSnapshot before;

    /** Three messages, one expunged, flags set; leaves the store closed. */
    private Path populate() throws Exception {
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("max").open("INBOX")) {
            for (int i = 0; i < 4; i++) {
                append(inbox, message(i));
            }
            inbox.store(new long[] {2}, Mailbox.FlagMode.ADD, Set.of(Flag.DELETED), Long.MAX_VALUE);
            inbox.expunge(null);
            inbox.store(new long[] {3}, Mailbox.FlagMode.ADD, Set.of(Flag.SEEN, "urgent"), Long.MAX_VALUE);
            uidValidity = inbox.uidValidity();
            before = inbox.snapshot();
        }
        return root.resolve("max");
    }

    @Test
    void damagedIndexHeaderIsRebuiltKeepingUidsFromTheUidlist() throws Exception {
        Path home = populate();
        Path index = home.resolve(IndexLog.FILE);
        byte[] bytes = Files.readAllBytes(index);
        bytes[3] ^= 0x55;
        Files.write(index, bytes);
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("max").open("INBOX")) {
            assertEquals(uidValidity, inbox.uidValidity(), "UIDVALIDITY kept: no UID data was lost");
            MailboxSnapshot after = inbox.snapshot();
            assertArrayEquals(before.uids(), after.uids());
            assertEquals(Set.of(Flag.SEEN, "urgent"), after.byUid(3).flags(), "flags and keywords from file names");
            assertTrue(append(inbox, message(9)).uid() >= before.uidNext(), "no UID reused after a rebuild");
        }
        try (Stream<Path> files = Files.list(home)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith(IndexLog.FILE + ".damaged")),
                    "the damaged index is kept for inspection");
        }
    }

    @Test
    void tornTailOfTheIndexIsCutOffAndTheFolderChecked() throws Exception {
        Path home = populate();
        Files.write(home.resolve(IndexLog.FILE), new byte[] {0, 0, 1, 0, 'A', 1, 2}, StandardOpenOption.APPEND);
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("max").open("INBOX")) {
            assertArrayEquals(before.uids(), inbox.snapshot().uids());
            long uid = append(inbox, message(10)).uid();
            assertTrue(uid >= before.uidNext(), "after an unclean stop UIDs continue above the durable reservation");
        }
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("max").open("INBOX")) {
            assertEquals(before.size() + 1, inbox.snapshot().size(), "appends after the repair are kept");
        }
    }

    @Test
    void indexRecordsLostInAPowerFailureAreRestoredFromFileNames() throws Exception {
        Path index = root.resolve("rex").resolve(IndexLog.FILE);
        long sizeAfterFirst;
        MailboxSnapshot acknowledged;
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("rex").open("INBOX")) {
            append(inbox, message(1));
            sizeAfterFirst = Files.size(index);
            for (int i = 2; i <= 5; i++) {
                append(inbox, message(i));
            }
            inbox.store(new long[] {2, 4}, Mailbox.FlagMode.ADD, Set.of(Flag.SEEN, Flag.DELETED), Long.MAX_VALUE);
            inbox.expunge(new long[] {4});
            inbox.store(new long[] {3}, Mailbox.FlagMode.ADD, Set.of(Flag.FLAGGED), Long.MAX_VALUE);
            acknowledged = inbox.snapshot();
        }
        // What a power failure may do to records written after the last index fsync.
        try (var channel = java.nio.channels.FileChannel.open(index, StandardOpenOption.WRITE)) {
            channel.truncate(sizeAfterFirst);
        }
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("rex").open("INBOX")) {
            MailboxSnapshot s = inbox.snapshot();
            assertArrayEquals(acknowledged.uids(), s.uids(), "same UIDs, expunged one still gone");
            for (long uid : s.uids()) {
                assertEquals(acknowledged.byUid(uid).flags(), s.byUid(uid).flags(), "flags of UID " + uid);
            }
            assertTrue(s.highestModSeq() > acknowledged.highestModSeq(), "MODSEQ never goes backwards");
            assertTrue(append(inbox, message(6)).uid() >= acknowledged.uidNext(), "no UID given twice");
        }
    }

    @Test
    void lostIndexIsRebuiltFromDovecotUidlist() throws Exception {
        Path home = populate();
        Files.delete(home.resolve(IndexLog.FILE));
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("max").open("INBOX")) {
            assertEquals(uidValidity, inbox.uidValidity());
            assertArrayEquals(before.uids(), inbox.snapshot().uids());
        }
    }

    @Test
    void shortMessageStreamStoresNothing() throws Exception {
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("ned").open("INBOX")) {
            byte[] data = message(1).getBytes(StandardCharsets.UTF_8);
            MailStoreException e = assertThrows(MailStoreException.class,
                    () -> inbox.append(new ByteArrayInputStream(data), data.length + 100, Set.of(), null));
            assertTrue(e.getMessage().contains("announced size"), e.getMessage());
            assertEquals(0, inbox.snapshot().size());
            assertNoFiles(root.resolve("ned/tmp"));
            assertNoFiles(root.resolve("ned/cur"));
            assertEquals(1, append(inbox, message(2)).uid(), "a failed APPEND consumes no UID");
        }
    }

    @Test
    void ioFailureGivesServerbugAndLeavesNothingHalfWritten() throws Exception {
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("oz").open("INBOX")) {
            append(inbox, message(1));
            // tmp/ turned into a plain file: writing the message fails like a full or broken disk.
            Path tmp = root.resolve("oz/tmp");
            Files.delete(tmp);
            Files.writeString(tmp, "not a directory");
            MailStoreException e = assertThrows(MailStoreException.class, () -> append(inbox, message(2)));
            assertEquals(ResponseCode.SERVERBUG, e.code());
            assertTrue(e.getMessage().contains("write message"), e.getMessage());
            assertEquals(1, inbox.snapshot().size(), "the index is not updated");
            try (Stream<Path> files = Files.list(root.resolve("oz/cur"))) {
                assertEquals(1, files.count(), "nothing half-written in cur/");
            }
            Files.delete(tmp);
            Files.createDirectory(tmp);
            assertEquals(2, append(inbox, message(3)).uid());
        }
    }

    @Test
    void readOnlyFolderGivesNopermAndChangesNothing() throws Exception {
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("pia").open("INBOX")) {
            long uid = append(inbox, message(1)).uid();
            inbox.store(new long[] {uid}, Mailbox.FlagMode.ADD, Set.of(Flag.DELETED), Long.MAX_VALUE);
            Path cur = root.resolve("pia/cur");
            // Root ignores permission bits; the immutable attribute stops even root.
            Assumptions.assumeTrue(chattr("+i", cur), "chattr +i not available: skipping the read-only test");
            try {
                MailStoreException store1 = assertThrows(MailStoreException.class, () -> inbox.store(
                        new long[] {uid}, Mailbox.FlagMode.ADD, Set.of(Flag.SEEN), Long.MAX_VALUE));
                assertEquals(ResponseCode.NOPERM, store1.code());
                assertEquals(Set.of(Flag.DELETED), inbox.snapshot().byUid(uid).flags());
                assertEquals(ResponseCode.NOPERM,
                        assertThrows(MailStoreException.class, () -> inbox.expunge(null)).code());
                assertEquals(1, inbox.snapshot().size());
                assertEquals(ResponseCode.NOPERM,
                        assertThrows(MailStoreException.class, () -> append(inbox, message(2))).code());
                assertNoFiles(root.resolve("pia/tmp"));
                assertEquals(1, inbox.snapshot().size());
            } finally {
                chattr("-i", cur);
            }
        }
    }

    private static boolean chattr(String mode, Path dir) {
        try {
            return new ProcessBuilder("chattr", mode, dir.toString()).redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static void assertNoFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "no file left in " + dir.getFileName());
        }
    }
}
