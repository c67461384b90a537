package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.append;
import static io.bundlebox.store.maildir.internal.StoreFixture.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bundlebox.imap.api.Flag;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshots a folder publishes after expunges (derived from the previous one, chunks shifted
 * by array copies, no walk over the entries) hold exactly the messages and flags that are left,
 * across the snapshot's 1,024-message chunks, also when a message got new flags and was expunged
 * between two snapshots; and a reopened store, which builds its snapshot from scratch, agrees.
 */
class ExpungedSnapshotTest {

    @TempDir
    Path temp;

    @Test
    void snapshotsAfterExpungesHoldWhatIsLeft() throws Exception {
        Path mail = temp.resolve("mail");
        Random random = new Random(15);
        TreeMap<Long, Set<String>> model = new TreeMap<>();
        try (MailStore store = StoreFixture.open(mail); Mailbox box = store.user("x").open("INBOX")) {
            for (int i = 1; i <= 2_600; i++) {
                Set<String> flags = i % 3 == 0 ? Set.of(Flag.SEEN) : Set.of();
                long uid = append(box, message(i).getBytes(StandardCharsets.US_ASCII), flags, null).uid();
                model.put(uid, flags);
            }
            assertHolds(model, box.snapshot(), "after appends");
            for (int round = 0; round < 12; round++) {
                MailboxSnapshot before = box.snapshot();
                List<Long> uids = new ArrayList<>(model.keySet());
                List<Long> gone = new ArrayList<>();
                if (round == 0) {
                    gone.add(uids.get(0));
                } else if (round == 1) {
                    gone.add(uids.get(uids.size() - 1));
                } else if (round == 2) {
                    gone.addAll(uids.subList(1000, 2100)); // a whole chunk and parts of two others
                } else {
                    for (int k = 0; k < 1 + random.nextInt(40); k++) {
                        gone.add(uids.get(random.nextInt(uids.size())));
                    }
                }
                // new flags on one of them and on a survivor first, with no snapshot taken in between
                long flagged = gone.get(0);
                long survivor = uids.stream().filter(u -> !gone.contains(u)).findFirst().orElseThrow();
                box.store(new long[] {flagged, survivor}, Mailbox.FlagMode.ADD, Set.of(Flag.FLAGGED), Long.MAX_VALUE);
                model.put(survivor, union(model.get(survivor), Flag.FLAGGED));
                long[] expunge = gone.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
                box.store(expunge, Mailbox.FlagMode.ADD, Set.of(Flag.DELETED), Long.MAX_VALUE);
                box.expunge(expunge);
                gone.forEach(model::remove);
                if (round % 4 == 3) {
                    long uid = append(box, message(10_000 + round).getBytes(StandardCharsets.US_ASCII), Set.of(), null).uid();
                    model.put(uid, Set.of());
                }
                assertHolds(model, box.snapshot(), "round " + round);
                assertEquals(before.size(), before.uids().length, "the snapshot before, unchanged");
            }
        }
        try (MailStore store = StoreFixture.open(mail); Mailbox box = store.user("x").open("INBOX")) {
            assertHolds(model, box.snapshot(), "after reopening");
        }
    }

    private static Set<String> union(Set<String> flags, String flag) {
        java.util.HashSet<String> all = new java.util.HashSet<>(flags);
        all.add(flag);
        return Set.copyOf(all);
    }

    private static void assertHolds(TreeMap<Long, Set<String>> model, MailboxSnapshot s, String when) {
        assertArrayEquals(model.keySet().stream().mapToLong(Long::longValue).toArray(), s.uids(), when + ": UIDs");
        int i = 0;
        for (var e : model.entrySet()) {
            assertEquals(e.getKey(), s.get(i).uid(), when + ": record at " + i);
            assertEquals(e.getValue(), s.flags(i), when + ": flags at " + i);
            assertEquals(s.get(i).flags(), s.flags(i), when + ": flag array at " + i);
            assertEquals(i, s.indexOf(e.getKey()), when + ": indexOf");
            i++;
        }
        assertEquals(model.values().stream().filter(f -> !f.contains(Flag.SEEN)).count(), s.unseen(), when + ": UNSEEN");
    }
}
