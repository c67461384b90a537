package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.await;
import static io.bundlebox.store.maildir.internal.StoreFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.imap.api.Flag;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxChange;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.UserMailboxes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several sessions of one user plus an outside delivery agent (tmp/ then rename into new/) at
 * 50 messages per second: every message gets exactly one UID, every handle sees it, and the
 * listeners hear about deliveries without any client call.
 */
class ConcurrentDeliveryTest {

    private static final int DELIVERED = 60;
    private static final int SESSIONS = 3;
    private static final int APPENDS_PER_SESSION = 25;

    @TempDir
    Path root;

    @Test
    void sessionsAndDeliveryAgentAllGetDistinctUidsSeenByEveryHandle() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            Map<Long, Integer> addedEvents = new ConcurrentHashMap<>();
            store.addListener(c -> {
                if (c.kind() == MailboxChange.Kind.ADDED && c.user().equals("kim")) {
                    for (long uid : c.uids()) {
                        addedEvents.merge(uid, 1, Integer::sum);
                    }
                }
            });
            UserMailboxes kim = store.user("kim");
            List<Mailbox> handles = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                handles.add(kim.open("INBOX"));
            }
            Path home = root.resolve("kim");
            ExecutorService pool = Executors.newFixedThreadPool(SESSIONS + 1);
            List<Future<?>> work = new ArrayList<>();
            work.add(pool.submit(() -> deliver(home, DELIVERED)));
            for (int s = 0; s < SESSIONS; s++) {
                Mailbox box = handles.get(s);
                int session = s;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < APPENDS_PER_SESSION; i++) {
                        long uid = StoreFixture.append(box, message(1000 * (session + 1) + i)).uid();
                        box.store(new long[] {uid}, Mailbox.FlagMode.ADD, Set.of(Flag.SEEN), Long.MAX_VALUE);
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            int total = DELIVERED + SESSIONS * APPENDS_PER_SESSION;
            await(Duration.ofSeconds(20), "every handle sees all " + total + " messages",
                    () -> handles.stream().allMatch(h -> sizeOf(h) == total));
            await(Duration.ofSeconds(20), "an ADDED event for every message", () -> addedEvents.size() == total);
            assertTrue(addedEvents.values().stream().allMatch(n -> n == 1), "each UID announced exactly once");

            MailboxSnapshot s = handles.getFirst().snapshot();
            Map<String, Long> byMessageId = new HashMap<>();
            for (long uid : s.uids()) {
                String text = new String(StoreFixture.read(handles.getFirst(), uid), StandardCharsets.UTF_8);
                String id = text.substring(text.indexOf("Message-ID:"), text.indexOf('\r', text.indexOf("Message-ID:")));
                assertEquals(null, byMessageId.put(id, uid), "one UID per message: " + id);
            }
            assertEquals(total, byMessageId.size());
            for (Mailbox h : handles) {
                h.close();
            }
        }
    }

    @Test
    void renamesAndRemovalsFromOutsideBecomeFlagAndExpungeEvents() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            ConcurrentLinkedQueue<MailboxChange> changes = new ConcurrentLinkedQueue<>();
            store.addListener(changes::add);
            try (Mailbox inbox = store.user("lee").open("INBOX")) {
                long keep = StoreFixture.append(inbox, message(1)).uid();
                long drop = StoreFixture.append(inbox, message(2)).uid();
                Path cur = root.resolve("lee/cur");
                Path keepFile = fileOfUid(cur, keep);
                Files.move(keepFile, cur.resolve(keepFile.getFileName().toString().replace(":2,", ":2,FS")),
                        StandardCopyOption.ATOMIC_MOVE);
                Files.delete(fileOfUid(cur, drop));

                await(Duration.ofSeconds(10), "the outside rename shows as flags",
                        () -> flagsOf(inbox, keep).equals(Set.of(Flag.FLAGGED, Flag.SEEN)));
                await(Duration.ofSeconds(10), "the outside removal shows as an expunge",
                        () -> sizeOf(inbox) == 1);
                await(Duration.ofSeconds(10), "FLAGS and EXPUNGED events",
                        () -> changes.stream().anyMatch(c -> c.kind() == MailboxChange.Kind.FLAGS)
                                && changes.stream().anyMatch(c -> c.kind() == MailboxChange.Kind.EXPUNGED
                                        && c.uids().length == 1 && c.uids()[0] == drop));
                assertTrue(inbox.changesSince(0).expunged().length == 1);
            }
        }
    }

    @Test
    void changesMadeWhileStoppedOrJustBeforeStopAreSeenAtTheNextStart() throws Exception {
        Path cur = root.resolve("mo/cur");
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("mo").open("INBOX")) {
            StoreFixture.append(inbox, message(1));
            StoreFixture.append(inbox, message(2));
            Path first = fileOfUid(cur, 1);
            // Renamed by a mail client a moment before the server stops.
            Files.move(first, cur.resolve(first.getFileName().toString().replace(":2,", ":2,R")),
                    StandardCopyOption.ATOMIC_MOVE);
        }
        // While stopped: a delivery, a flag change and a removal by other tools.
        Path home = root.resolve("mo");
        Files.writeString(home.resolve("tmp/1700000009.X1P2.agent"), message(3));
        Files.move(home.resolve("tmp/1700000009.X1P2.agent"), home.resolve("new/1700000009.X1P2.agent"));
        Path second = fileOfUid(cur, 2);
        Files.move(second, cur.resolve(second.getFileName().toString().replace(":2,", ":2,S")));
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("mo").open("INBOX")) {
            MailboxSnapshot s = inbox.snapshot();
            assertEquals(3, s.size());
            assertEquals(Set.of(Flag.ANSWERED), s.get(0).flags());
            assertEquals(Set.of(Flag.SEEN), s.get(1).flags());
            assertTrue(s.get(2).uid() > s.get(1).uid(), "the delivery gets a new UID");
        }
        Files.delete(fileOfUid(cur, 1));
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("mo").open("INBOX")) {
            assertEquals(2, inbox.snapshot().size(), "a file removed while stopped is expunged at start");
            assertEquals(1, inbox.changesSince(0).expunged().length);
        }
    }

    /** The standard Maildir delivery: write into tmp/, rename into new/, at 50 messages/s. */
    private static Void deliver(Path home, int count) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String name = "1700000000.D" + i + "P99.agent";
            Path tmp = home.resolve("tmp").resolve(name);
            Files.writeString(tmp, message(i));
            Files.move(tmp, home.resolve("new").resolve(name), StandardCopyOption.ATOMIC_MOVE);
            LockSupport.parkNanos(start + (i + 1) * 20_000_000L - System.nanoTime());
        }
        return null;
    }

    private static int sizeOf(Mailbox box) {
        try {
            return box.snapshot().size();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> flagsOf(Mailbox box, long uid) {
        try {
            var r = box.snapshot().byUid(uid);
            return r == null ? Set.of() : r.flags();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The file of {@code uid}: Bundlebox names carry {@code ,B=<uidvalidity>-<uid>}. */
    private static Path fileOfUid(Path cur, long uid) throws Exception {
        try (Stream<Path> files = Files.list(cur)) {
            return files.filter(p -> p.getFileName().toString().contains("-" + uid + ":2,")).findFirst().orElseThrow();
        }
    }
}
