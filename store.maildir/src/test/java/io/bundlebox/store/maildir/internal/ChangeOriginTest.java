package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.append;
import static io.bundlebox.store.maildir.internal.StoreFixture.await;
import static io.bundlebox.store.maildir.internal.StoreFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bundlebox.mailstore.ChangeOrigin;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxChange;
import io.bundlebox.mailstore.UserMailboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every change the store publishes names who made it ({@link ChangeOrigin}, for RFC 5465
 * section 5): the origin of the thread that asked for it, also when another thread's group fsync
 * commits and publishes it; none for what was found from outside.
 */
class ChangeOriginTest {

    @TempDir
    Path root;

    @Test
    void changesCarryTheOriginOfWhoMadeThemAndDeliveriesNone() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            List<MailboxChange> seen = new CopyOnWriteArrayList<>();
            store.addListener(seen::add);
            UserMailboxes ola = store.user("ola");
            try (ChangeOrigin.Scope s = ChangeOrigin.enter("c1")) {
                ola.create("Box", Set.of());
                ola.subscribe("Box");
                try (Mailbox box = ola.open("Box")) {
                    append(box, message(1));
                    box.store(new long[] {1}, Mailbox.FlagMode.ADD, Set.of("\\Deleted"), Long.MAX_VALUE);
                    box.expunge(new long[] {1});
                }
                ola.rename("Box", "Renamed");
            }
            Path inbox = root.resolve("ola");
            try (Mailbox watched = ola.open("INBOX")) { // a folder is watched once opened
                Files.writeString(inbox.resolve("tmp/1.delivered"), message(2));
                Files.move(inbox.resolve("tmp/1.delivered"), inbox.resolve("new/1.delivered"));
                await(Duration.ofSeconds(10), "the delivery", () -> seen.stream().anyMatch(c -> c.mailbox().equals("INBOX")));
            }
            List<String> described = new ArrayList<>();
            for (MailboxChange c : seen) {
                described.add(c.kind() + " " + c.mailbox() + " " + c.origin());
            }
            assertEquals(List.of("CREATED Box c1", "SUBSCRIPTIONS Box c1", "ADDED Box c1", "FLAGS Box c1",
                    "EXPUNGED Box c1", "RENAMED Renamed c1", "ADDED INBOX null"), described);
        }
    }

    @Test
    void concurrentAppendsEachCarryTheirOwnOrigin() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            Map<Long, String> originOfUid = new ConcurrentHashMap<>();
            store.addListener(c -> {
                if (c.kind() == MailboxChange.Kind.ADDED) {
                    for (long uid : c.uids()) {
                        originOfUid.put(uid, String.valueOf(c.origin()));
                    }
                }
            });
            UserMailboxes ola = store.user("ola");
            Map<Long, String> madeBy = new ConcurrentHashMap<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String origin = "c" + t;
                threads.add(Thread.ofPlatform().start(() -> {
                    try (ChangeOrigin.Scope s = ChangeOrigin.enter(origin); Mailbox inbox = ola.open("INBOX")) {
                        for (int i = 0; i < 20; i++) {
                            madeBy.put(append(inbox, message(i)).uid(), origin);
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            await(Duration.ofSeconds(10), "all events", () -> originOfUid.size() == 160);
            assertEquals(madeBy, originOfUid, "a batch committed by another thread's fsync keeps its own origin");
            assertEquals(null, ChangeOrigin.current(), "no origin left on this thread");
        }
    }
}
