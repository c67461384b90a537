package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.append;
import static io.bundlebox.store.maildir.internal.StoreFixture.await;
import static io.bundlebox.store.maildir.internal.StoreFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bundlebox.imap.api.Flag;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.Usage;
import io.bundlebox.mailstore.UsageCounter;
import io.bundlebox.mailstore.UserMailboxes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's {@link UsageCounter} (DESIGN.md section 4.1, issue 12 item 3): the user's messages,
 * octets and mailboxes follow every change at once, including outside deliveries and removals,
 * and come back after a restart from the indexes, not from the message files.
 */
class UsageCounterTest {

    @TempDir
    Path root;

    private static Usage usage(UserMailboxes user) throws MailStoreException {
        return user.feature(UsageCounter.class).orElseThrow().usage();
    }

    private static long octets(int... messages) {
        long sum = 0;
        for (int n : messages) {
            sum += message(n).getBytes(StandardCharsets.UTF_8).length;
        }
        return sum;
    }

    @Test
    void usageFollowsAppendCopyMoveExpungeAndTheMailboxTree() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            UserMailboxes jo = store.user("jo");
            assertEquals(new Usage(0, 0, 1), usage(jo), "a new user has an empty INBOX");
            jo.create("Work/2024/Q1", Set.of());
            assertEquals(new Usage(0, 0, 4), usage(jo), "CREATE counts the superiors it made");
            try (Mailbox inbox = jo.open("INBOX"); Mailbox work = jo.open("Work")) {
                long one = append(inbox, message(1)).uid();
                long two = append(inbox, message(2)).uid();
                append(work, message(33));
                assertEquals(new Usage(3, octets(1, 2, 33), 4), usage(jo));
                inbox.copy(new long[] {one}, work);
                assertEquals(new Usage(4, octets(1, 1, 2, 33), 4), usage(jo), "COPY adds");
                inbox.move(new long[] {two}, work);
                assertEquals(new Usage(4, octets(1, 1, 2, 33), 4), usage(jo), "MOVE within the user adds nothing");
                inbox.store(new long[] {one}, Mailbox.FlagMode.ADD, Set.of(Flag.DELETED), Long.MAX_VALUE);
                inbox.expunge(null);
                assertEquals(new Usage(3, octets(1, 2, 33), 4), usage(jo), "EXPUNGE frees at once");
            }
            jo.rename("Work", "Job");
            assertEquals(new Usage(3, octets(1, 2, 33), 4), usage(jo), "RENAME keeps the subtree's usage");
            jo.delete("Job/2024/Q1");
            assertEquals(new Usage(3, octets(1, 2, 33), 3), usage(jo));
            jo.rename("INBOX", "Old");
            assertEquals(new Usage(3, octets(1, 2, 33), 4), usage(jo), "renaming INBOX leaves an empty INBOX");
            jo.delete("Job");
            assertEquals(new Usage(0, 0, 3), usage(jo), "DELETE frees the mailbox's messages");
        }
    }

    @Test
    void outsideDeliveriesAndRemovalsAreCountedWithoutAQueryScanningTheFolder() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            UserMailboxes kim = store.user("kim");
            try (Mailbox inbox = kim.open("INBOX")) {
                append(inbox, message(1));
            }
            assertEquals(new Usage(1, octets(1), 1), usage(kim));
            Path home = root.resolve("kim");
            Path tmp = home.resolve("tmp/1700000001.M1P1.mta");
            Files.writeString(tmp, message(2));
            Files.move(tmp, home.resolve("new/1700000001.M1P1.mta"));
            await(Duration.ofSeconds(10), "the outside delivery counted",
                    () -> quietly(() -> usage(kim).equals(new Usage(2, octets(1, 2), 1))));
            Path first;
            try (Stream<Path> cur = Files.list(home.resolve("cur"))) {
                first = cur.filter(p -> p.getFileName().toString().contains(".M1P1.mta") == false).findFirst().orElseThrow();
            }
            Files.delete(first);
            await(Duration.ofSeconds(10), "the outside removal counted",
                    () -> quietly(() -> usage(kim).equals(new Usage(1, octets(2), 1))));
        }
    }

    @Test
    void afterARestartUsageIsRecountedFromTheIndexesNotFromTheMessageFiles() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            UserMailboxes lu = store.user("lu");
            lu.create("Archive", Set.of());
            try (Mailbox inbox = lu.open("INBOX"); Mailbox archive = lu.open("Archive")) {
                append(inbox, message(1));
                append(archive, message(22));
            }
        }
        // Grow a message file behind the store's back, keeping its name and its folder's mtime:
        // a count that read the files would see the extra octets, one from the index does not.
        Path cur = root.resolve("lu/.Archive/cur");
        FileTime mtime = Files.getLastModifiedTime(cur);
        try (Stream<Path> files = Files.list(cur)) {
            Files.writeString(files.findFirst().orElseThrow(), "padding", StandardOpenOption.APPEND);
        }
        Files.setLastModifiedTime(cur, mtime);
        try (MailStore store = StoreFixture.open(root)) {
            assertEquals(new Usage(2, octets(1, 22), 2), usage(store.user("lu")));
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws MailStoreException;
    }

    private static boolean quietly(Check check) {
        try {
            return check.holds();
        } catch (MailStoreException e) {
            throw new AssertionError(e);
        }
    }
}
