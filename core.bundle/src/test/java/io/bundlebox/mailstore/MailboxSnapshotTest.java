package io.bundlebox.mailstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bundlebox.imap.api.Flag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link MailboxSnapshot#successor}: the state after flag changes, new messages and expunges
 * equals a snapshot built from scratch, across chunk boundaries, and the predecessor keeps its state
 * (sessions hold old snapshots while the store publishes new ones).
 */
class MailboxSnapshotTest {

    private static final Set<String> SEEN = Set.of(Flag.SEEN);

    private static MessageRecord record(long uid, Set<String> flags) {
        return new MessageRecord(uid, flags, Instant.ofEpochSecond(uid), 100 + uid % 7, uid, null);
    }

    /** UIDs 1, 3, 5, ...: every even UID is a gap that indexOf must place right. */
    private static MessageRecord[] mailbox(int n) {
        MessageRecord[] all = new MessageRecord[n];
        for (int i = 0; i < n; i++) {
            all[i] = record(2L * i + 1, i % 3 == 0 ? Set.of() : SEEN);
        }
        return all;
    }

    private static void assertSameState(MessageRecord[] expected, MailboxSnapshot actual) {
        MailboxSnapshot reference = new MailboxSnapshot(7, 1_000_000, 9, expected);
        assertEquals(expected.length, actual.size());
        for (int i = 0; i < expected.length; i++) {
            assertSame(expected[i], actual.get(i), "record at " + i);
            assertEquals(expected[i].uid(), actual.uid(i), "UID at " + i);
            assertSame(expected[i].flags(), actual.flags(i), "flags at " + i);
        }
        long top = expected.length == 0 ? 3 : expected[expected.length - 1].uid() + 3;
        for (long uid = 0; uid <= top; uid++) {
            assertEquals(reference.indexOf(uid), actual.indexOf(uid), "indexOf(" + uid + ")");
            assertSame(reference.byUid(uid), actual.byUid(uid), "byUid(" + uid + ")");
        }
        assertArrayEquals(reference.uids(), actual.uids());
        assertEquals(reference.unseen(), actual.unseen(), "unseen (counted from the chunks)");
        assertEquals(reference.firstUnseen(), actual.firstUnseen());
        assertEquals(reference.octets(), actual.octets());
    }

    @Test
    void successorsEqualSnapshotsBuiltFromScratchAndLeaveTheirPredecessorAlone() {
        Random random = new Random(15);
        for (int start : new int[] {0, 1, 1023, 1024, 1025, 2500}) {
            MessageRecord[] model = mailbox(start);
            MailboxSnapshot snap = new MailboxSnapshot(7, 2L * start + 1, 9, model.clone());
            assertSameState(model, snap);
            for (int step = 0; step < 6; step++) {
                MessageRecord[] before = model.clone();
                MailboxSnapshot previous = snap;
                List<MessageRecord> changed = new ArrayList<>();
                for (int k = 0; k < (model.length == 0 ? 0 : 1 + random.nextInt(20)); k++) {
                    int i = random.nextInt(model.length);
                    MessageRecord flipped = record(model[i].uid(), model[i].has(Flag.SEEN) ? Set.of() : SEEN);
                    model[i] = flipped;
                    changed.removeIf(r -> r.uid() == flipped.uid());
                    changed.add(flipped);
                }
                List<MessageRecord> added = new ArrayList<>();
                long next = model.length == 0 ? 1 : model[model.length - 1].uid() + 2;
                int adding = step % 2 == 0 ? random.nextInt(3) : random.nextInt(1500);
                for (int k = 0; k < adding; k++, next += 2) {
                    added.add(record(next, Set.of()));
                }
                model = Arrays.copyOf(model, model.length + adding);
                for (int k = 0; k < adding; k++) {
                    model[model.length - adding + k] = added.get(k);
                }
                snap = previous.successor(next, 10 + step, changed, added, null);
                assertSameState(model, snap);
                assertEquals(next, snap.uidNext());
                assertEquals(10 + step, snap.highestModSeq());
                assertSameState(before, previous);
            }
        }
    }

    @Test
    void successorsAfterExpungesEqualSnapshotsBuiltFromScratch() {
        Random random = new Random(16);
        for (int start : new int[] {1, 2, 1023, 1024, 1025, 2049, 5000}) {
            MessageRecord[] model = mailbox(start);
            MailboxSnapshot snap = new MailboxSnapshot(7, 2L * start + 1, 9, model.clone());
            for (int step = 0; step < 8 && model.length > 0; step++) {
                MessageRecord[] before = model.clone();
                MailboxSnapshot previous = snap;
                // step 0: the first message; 1: the last; 2: a whole chunk; 7: all; else at random
                List<Long> removed = new ArrayList<>();
                if (step == 0) {
                    removed.add(model[0].uid());
                } else if (step == 1) {
                    removed.add(model[model.length - 1].uid());
                } else if (step == 2) {
                    for (int i = 0; i < Math.min(model.length, 1024); i++) {
                        removed.add(model[i].uid());
                    }
                } else if (step == 7) {
                    for (MessageRecord r : model) {
                        removed.add(r.uid());
                    }
                } else {
                    for (int k = 0; k < 1 + random.nextInt(Math.min(model.length, 300)); k++) {
                        removed.add(model[random.nextInt(model.length)].uid()); // repeats too
                    }
                }
                List<MessageRecord> kept = new ArrayList<>();
                for (MessageRecord r : model) {
                    if (!removed.contains(r.uid())) {
                        kept.add(r);
                    }
                }
                List<MessageRecord> changed = new ArrayList<>();
                for (int k = 0; k < (kept.isEmpty() ? 0 : random.nextInt(10)); k++) {
                    int i = random.nextInt(kept.size());
                    MessageRecord flipped = record(kept.get(i).uid(), kept.get(i).has(Flag.SEEN) ? Set.of() : SEEN);
                    kept.set(i, flipped);
                    changed.removeIf(r -> r.uid() == flipped.uid());
                    changed.add(flipped);
                }
                List<MessageRecord> added = new ArrayList<>();
                long next = previous.uidNext() + 2;
                for (int k = 0; k < (step % 3 == 0 ? random.nextInt(1100) : 0); k++, next += 2) {
                    added.add(record(next, Set.of()));
                }
                kept.addAll(added);
                model = kept.toArray(MessageRecord[]::new);
                long[] gone = removed.stream().mapToLong(Long::longValue).toArray();
                snap = previous.successor(next, 10 + step, changed, added, gone, null);
                assertSameState(model, snap);
                assertEquals(next, snap.uidNext());
                assertSameState(before, previous);
            }
        }
    }

    @Test
    void successorRefusesToRemoveAUidItDoesNotHave() {
        MailboxSnapshot snap = new MailboxSnapshot(7, 10, 9, mailbox(3)); // UIDs 1, 3, 5
        assertThrows(IllegalArgumentException.class,
                () -> snap.successor(10, 10, List.of(), List.of(), new long[] {3, 4}, null));
        assertEquals(3, snap.size());
    }

    @Test
    void successorRefusesAnUnknownChangedUidAndAnAddedUidNotAboveTheLast() {
        MailboxSnapshot snap = new MailboxSnapshot(7, 10, 9, mailbox(3)); // UIDs 1, 3, 5
        assertThrows(IllegalArgumentException.class,
                () -> snap.successor(10, 10, List.of(record(2, SEEN)), List.of(), null));
        assertThrows(IllegalArgumentException.class,
                () -> snap.successor(10, 10, List.of(), List.of(record(5, SEEN)), null));
        assertThrows(IllegalArgumentException.class,
                () -> snap.successor(10, 10, List.of(), List.of(record(9, SEEN), record(7, SEEN)), null));
        assertNull(snap.byUid(7));
    }
}
