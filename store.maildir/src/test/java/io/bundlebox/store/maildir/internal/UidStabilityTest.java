package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.append;
import static io.bundlebox.store.maildir.internal.StoreFixture.await;
import static io.bundlebox.store.maildir.internal.StoreFixture.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 9051 section 2.3.1.1: a UID once announced never changes under the same UIDVALIDITY, also
 * when the index is damaged or lost. Messages appended by Bundlebox carry their UID in the file
 * name; messages delivered from outside into {@code new/} carry it in {@code dovecot-uidlist}.
 */
class UidStabilityTest {

    @TempDir
    Path root;

    /** Two appended, two delivered from outside (as an MDA would), all announced; store closed. */
    private MailboxSnapshot announce(String user) throws Exception {
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user(user).open("INBOX")) {
            return announceIn(inbox, root.resolve(user));
        }
    }

    private static MailboxSnapshot announceIn(Mailbox inbox, Path home) throws Exception {
        append(inbox, message(1));
        append(inbox, message(2));
        Files.writeString(home.resolve("tmp/1700000001.M1P9.mda"), message(3));
        Files.move(home.resolve("tmp/1700000001.M1P9.mda"), home.resolve("new/1700000001.M1P9.mda"));
        Files.writeString(home.resolve("tmp/1700000002.M2P9.mda"), message(4));
        Files.move(home.resolve("tmp/1700000002.M2P9.mda"), home.resolve("new/1700000002.M2P9.mda"));
        await(Duration.ofSeconds(10), "the deliveries indexed", () -> {
            try {
                return inbox.snapshot().size() == 4;
            } catch (Exception e) {
                return false;
            }
        });
        return inbox.snapshot();
    }

    @Test
    void tornIndexKeepsTheUidsOfOutsideDeliveries() throws Exception {
        MailboxSnapshot announced = announce("tina");
        Path index = root.resolve("tina").resolve(IndexLog.FILE);
        // Cut the index just after its header and first records: the outside deliveries' records are gone.
        long keep = Files.size(index) / 2;
        try (FileChannel channel = FileChannel.open(index, StandardOpenOption.WRITE)) {
            channel.truncate(keep);
        }
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("tina").open("INBOX")) {
            assertEquals(announced.uidValidity(), inbox.uidValidity());
            assertArrayEquals(announced.uids(), inbox.snapshot().uids(), "the announced UIDs, unchanged");
        }
    }

    @Test
    void lostIndexKeepsEveryAnnouncedUid() throws Exception {
        MailboxSnapshot announced = announce("lena");
        Files.delete(root.resolve("lena").resolve(IndexLog.FILE));
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("lena").open("INBOX")) {
            assertEquals(announced.uidValidity(), inbox.uidValidity());
            assertArrayEquals(announced.uids(), inbox.snapshot().uids(), "the announced UIDs, unchanged");
            assertTrue(append(inbox, message(5)).uid() >= announced.uidNext(), "no UID given twice");
        }
    }
}
