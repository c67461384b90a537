package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.append;
import static io.bundlebox.store.maildir.internal.StoreFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message is visible to other sessions only once durable (DESIGN.md section 5): the index and
 * the listeners learn of it after the fsync of cur/, and a failed fsync leaves nothing behind.
 * tmp/ keeps nothing of a crashed run for ever.
 */
class AtomicityTest {

    @TempDir
    Path root;

    @AfterEach
    void noHook() {
        Durable.hook = null;
    }

    @Test
    void anAppendIsInvisibleUntilCurIsDurable() throws Exception {
        try (MailStore store = StoreFixture.open(root); Mailbox writer = store.user("vera").open("INBOX");
                Mailbox reader = store.user("vera").open("INBOX")) {
            Path cur = root.resolve("vera/cur").toRealPath();
            List<MailboxChange> events = new CopyOnWriteArrayList<>();
            store.addListener(events::add);
            CountDownLatch syncing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Durable.hook = dir -> {
                if (dir.equals(cur) && syncing.getCount() > 0) {
                    syncing.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
            };
            AtomicReference<Object> result = new AtomicReference<>();
            Thread appender = Thread.ofPlatform().start(() -> {
                try {
                    result.set(append(writer, message(1)).uid());
                } catch (Exception e) {
                    result.set(e);
                }
            });
            assertTrue(syncing.await(30, TimeUnit.SECONDS), "the append reached the fsync of cur/");
            try {
                assertEquals(0, reader.snapshot().size(), "not visible while its fsync runs");
                assertEquals(1, reader.snapshot().uidNext(), "nor its UID");
                assertTrue(events.stream().noneMatch(e -> e.kind() == MailboxChange.Kind.ADDED), "nor announced");
            } finally {
                release.countDown();
                appender.join();
            }
            assertEquals(1L, result.get());
            assertEquals(1, reader.snapshot().size(), "visible once durable");
        }
    }

    @Test
    void aFailedFsyncLeavesNothingBehind() throws Exception {
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("walt").open("INBOX")) {
            Path cur = root.resolve("walt/cur").toRealPath();
            append(inbox, message(1));
            Durable.hook = dir -> {
                if (dir.equals(cur)) {
                    throw new IOException("injected: fsync of cur/ failed");
                }
            };
            MailStoreException e = assertThrows(MailStoreException.class, () -> append(inbox, message(2)));
            assertEquals(ResponseCode.SERVERBUG, e.code());
            Durable.hook = null;
            assertEquals(1, inbox.snapshot().size(), "the failed message is not there");
            assertEquals(2, inbox.snapshot().uidNext(), "UIDNEXT did not move");
            assertEquals(1, count(root.resolve("walt/cur")), "no file of it in cur/");
            assertEquals(0, count(root.resolve("walt/tmp")), "nor in tmp/");
            assertEquals(2, append(inbox, message(3)).uid(), "a retry is stored once");
        }
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("walt").open("INBOX")) {
            assertEquals(2, inbox.snapshot().size(), "after a restart too: no duplicate from the failed try");
        }
    }

    @Test
    void tmpLeftoversOfACrashedRunAreRemovedAtStartForeignOnesAfter36Hours() throws Exception {
        Path tmp = Files.createDirectories(root.resolve("xena/tmp"));
        Files.createDirectories(root.resolve("xena/cur"));
        Files.createDirectories(root.resolve("xena/new"));
        Path ours = Files.writeString(tmp.resolve("bundlebox-999999999-1700000000.M1P1Q1.vm,S=5"), "hello");
        Path oursCreate = Files.createDirectories(tmp.resolve("bundlebox-999999999-create-12345/cur"));
        Path oldStyle = Files.createDirectories(tmp.resolve("bundlebox-deleted-777/cur")).getParent();
        Path foreignFresh = Files.writeString(tmp.resolve("1700000001.M2P7.mda"), "being written");
        Path foreignOld = Files.writeString(tmp.resolve("1600000001.M3P7.mda"), "abandoned");
        Files.setLastModifiedTime(foreignOld, FileTime.from(Instant.now().minus(37, ChronoUnit.HOURS)));
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("xena").open("INBOX")) {
            assertEquals(0, inbox.snapshot().size());
        }
        assertFalse(Files.exists(ours), "our interrupted APPEND is removed at start");
        assertFalse(Files.exists(oursCreate.getParent()), "our interrupted CREATE is removed at start");
        assertFalse(Files.exists(oldStyle), "an older run's DELETE leftovers too");
        assertTrue(Files.exists(foreignFresh), "another program's fresh file is left alone");
        assertFalse(Files.exists(foreignOld), "another program's file older than 36 hours is removed");
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
