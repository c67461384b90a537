package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.append;
import static io.bundlebox.store.maildir.internal.StoreFixture.await;
import static io.bundlebox.store.maildir.internal.StoreFixture.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxInfo;
import io.bundlebox.mailstore.UserMailboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing outside a user's Maildir is read or written through it: folders and message files
 * that are symbolic links out of it are refused (logged once, skipped).
 */
class SymlinkConfinementTest {

    @TempDir
    Path root;
    @TempDir
    Path outside;

    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            warnings.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger(Confinement.class.getName()).addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger(Confinement.class.getName()).removeHandler(handler);
    }

    @Test
    void symlinkedFolderToAnotherUserIsNeitherListedNorOpenedNorWritten() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            try (Mailbox bobInbox = store.user("bob").open("INBOX")) {
                append(bobInbox, message(1));
            }
            store.user("alice");
            Files.createSymbolicLink(root.resolve("alice/.Link"), Path.of("../bob"));
            // A folder whose cur/ leaves the Maildir is refused as well.
            Path half = Files.createDirectories(root.resolve("alice/.Half"));
            Files.createDirectories(half.resolve("new"));
            Files.createDirectories(half.resolve("tmp"));
            Files.createSymbolicLink(half.resolve("cur"), Path.of("../../bob/cur"));
        }
        byte[] bobUidlist = Files.readAllBytes(root.resolve("bob").resolve(DovecotUidlist.FILE));
        byte[] bobIndex = Files.readAllBytes(root.resolve("bob").resolve(IndexLog.FILE));
        try (MailStore store = StoreFixture.open(root)) {
            UserMailboxes alice = store.user("alice");
            for (int i = 0; i < 2; i++) {
                assertEquals(List.of("INBOX"), alice.list().stream().map(MailboxInfo::name).toList(),
                        "the links are no mailboxes of alice");
            }
            assertEquals(ResponseCode.NONEXISTENT, assertThrows(MailStoreException.class, () -> alice.open("Link")).code());
            assertEquals(ResponseCode.NONEXISTENT, assertThrows(MailStoreException.class, () -> alice.open("Half")).code());
            assertEquals(ResponseCode.NONEXISTENT,
                    assertThrows(MailStoreException.class, () -> alice.rename("Link", "Mine")).code());
            assertEquals(ResponseCode.NONEXISTENT, assertThrows(MailStoreException.class, () -> alice.delete("Link")).code());
            assertEquals(0, alice.feature(io.bundlebox.mailstore.UsageCounter.class).orElseThrow().usage().messages(), "bob's message is not counted as alice's");
        }
        assertArrayEquals(bobUidlist, Files.readAllBytes(root.resolve("bob").resolve(DovecotUidlist.FILE)),
                "bob's dovecot-uidlist untouched");
        assertArrayEquals(bobIndex, Files.readAllBytes(root.resolve("bob").resolve(IndexLog.FILE)),
                "bob's index untouched");
        assertEquals(2, warnings.stream().filter(r -> r.getMessage().contains("symbolic link")).count(),
                "each refused folder logged once: " + warnings.stream().map(LogRecord::getMessage).toList());
    }

    @Test
    void symlinkedMessageFilesOutOfTheMaildirAreSkipped() throws Exception {
        Path secret = Files.writeString(outside.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("carl").open("INBOX")) {
            long kept = append(inbox, message(1)).uid();
            Path home = root.resolve("carl");
            Files.createSymbolicLink(home.resolve("cur/1700000001.M1P1.evil:2,S"), secret);
            Files.createSymbolicLink(home.resolve("new/1700000002.M2P1.evil"), secret);
            // A link that stays inside the Maildir is an ordinary message.
            Files.writeString(home.resolve("tmp/1700000003.M3P1.mda"), message(3));
            Files.createSymbolicLink(home.resolve("new/1700000003.M3P1.mda"), Path.of("../tmp/1700000003.M3P1.mda"));
            await(Duration.ofSeconds(10), "the inside link delivered", () -> size(inbox) == 2);
            inbox.close();
        }
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("carl").open("INBOX")) {
            assertEquals(2, inbox.snapshot().size(), "the links to /etc/passwd-like files are no messages");
            for (long uid : inbox.snapshot().uids()) {
                assertEquals(false, new String(StoreFixture.read(inbox, uid)).contains("root:x:0:0"));
            }
            // An indexed message swapped for a link out of the Maildir is not served.
            long first = inbox.snapshot().uids()[0];
            Path cur = root.resolve("carl/cur");
            Path file;
            try (var files = Files.list(cur)) {
                file = files.filter(p -> p.getFileName().toString().contains(",B=" + inbox.uidValidity() + "-" + first))
                        .findFirst().orElseThrow();
            }
            Files.delete(file);
            Files.createSymbolicLink(file, secret);
            assertEquals(ResponseCode.NOPERM, assertThrows(MailStoreException.class, () -> StoreFixture.read(inbox, first))
                    .code());
        }
        assertEquals(Set.of("root:x:0:0:root:/root:/bin/bash\n"), Set.of(Files.readString(secret)), "the outside file untouched");
    }

    @Test
    void userFolderLinkedToAnotherUserIsRefused() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            try (Mailbox bob = store.user("bob").open("INBOX")) {
                append(bob, message(1));
            }
            Files.createSymbolicLink(root.resolve("mallory"), Path.of("bob"));
            assertEquals(ResponseCode.NOPERM, assertThrows(MailStoreException.class, () -> store.user("mallory")).code());
        }
    }

    private static int size(Mailbox box) {
        try {
            return box.snapshot().size();
        } catch (Exception e) {
            return -1;
        }
    }
}
