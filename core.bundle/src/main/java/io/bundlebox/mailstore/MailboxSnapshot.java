package io.bundlebox.mailstore;

import io.bundlebox.imap.api.Flag;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * An immutable state of a mailbox: its messages in ascending UID order plus UIDNEXT and
 * HIGHESTMODSEQ (RFC 9051 section 2.3.1.1, RFC 7162 section 3.1.1), and the per-mailbox figures
 * commands need without visiting the messages: how many carry each flag, the first message
 * without {@code \Seen}, the total size ({@link Tally}). A store that keeps them with every change
 * passes them in; otherwise they are counted once per snapshot, on first use.
 *
 * <p>The messages are held in chunks of {@value #CHUNK}, every chunk full but the last, so that
 * {@link #successor} (flag changes, new messages) copies only the chunks it changes, and after an
 * expunge shifts the chunks from the first expunged message on by array copies: a store can
 * publish the state after a change without a walk over a 100,000-message mailbox (issue 15).
 * Beside each chunk of records it keeps their UIDs and their flag sets in arrays of their own, so
 * a walk over the UIDs or flags of every message ({@code UID SEARCH UNSEEN}) reads consecutive
 * memory instead of one record object per message, scattered over the heap.
 */
public final class MailboxSnapshot {

    /** Messages per chunk (a power of two). */
    static final int CHUNK = 1024;
    private static final int SHIFT = Integer.numberOfTrailingZeros(CHUNK);

    private final long uidValidity;
    private final long uidNext;
    private final long highestModSeq;
    private final int size;
    /** Chunk {@code c} holds positions {@code c * CHUNK} up to {@code CHUNK} further; never written once published. */
    private final long[][] uidChunks;
    private final MessageRecord[][] recordChunks;
    /** {@code flagChunks[c][i]} is {@code recordChunks[c][i].flags()}. */
    private final Set<String>[][] flagChunks;
    private volatile Tally tally;

    /**
     * Figures over all messages of a snapshot (RFC 9051 section 6.3.11's STATUS UNSEEN, DELETED,
     * SIZE; RFC 3501 section 6.3.1's first unseen).
     *
     * @param flagCounts messages carrying each flag (canonical spelling, as in the records); flags
     *     no message carries may be absent or 0; the map is taken over, not copied
     * @param firstUnseenUid the lowest UID of a message without {@code \Seen}, 0 when every message has it
     * @param octets the sum of the messages' sizes
     */
    public record Tally(Map<String, Integer> flagCounts, long firstUnseenUid, long octets) {
        /** Counts {@code records} (one walk). */
        public static Tally of(MessageRecord[] records) {
            return count(records.length, i -> records[i]);
        }

        /** Counts the records at positions 0 to {@code size - 1}, in ascending UID order. */
        static Tally count(int size, IntFunction<MessageRecord> records) {
            Map<String, Integer> counts = new HashMap<>();
            long firstUnseen = 0;
            long octets = 0;
            for (int i = 0; i < size; i++) {
                MessageRecord r = records.apply(i);
                for (String f : r.flags()) {
                    counts.merge(f, 1, Integer::sum);
                }
                if (firstUnseen == 0 && !r.has(Flag.SEEN)) {
                    firstUnseen = r.uid();
                }
                octets += r.size();
            }
            return new Tally(counts, firstUnseen, octets);
        }
    }

    /**
     * @param records messages in strictly ascending UID order (read, not kept)
     */
    public MailboxSnapshot(long uidValidity, long uidNext, long highestModSeq, MessageRecord[] records) {
        this(uidValidity, uidNext, highestModSeq, records, null, null);
    }

    /**
     * A snapshot with figures the store kept up to date.
     *
     * @param records messages in strictly ascending UID order (read, not kept)
     * @param uids the records' UIDs in the same order, or null to read them off the records
     * @param tally the figures of exactly these records, or null to count them on first use
     */
    public MailboxSnapshot(long uidValidity, long uidNext, long highestModSeq, MessageRecord[] records, long[] uids,
            Tally tally) {
        this(uidValidity, uidNext, highestModSeq, records.length, new long[chunks(records.length)][],
                new MessageRecord[chunks(records.length)][], flagTable(chunks(records.length)), tally);
        for (int c = 0; c < recordChunks.length; c++) {
            int from = c << SHIFT;
            int to = Math.min(size, from + CHUNK);
            recordChunks[c] = Arrays.copyOfRange(records, from, to);
            Set<String>[] flags = flagChunk(to - from);
            for (int i = 0; i < flags.length; i++) {
                flags[i] = records[from + i].flags();
            }
            flagChunks[c] = flags;
            if (uids != null) {
                uidChunks[c] = Arrays.copyOfRange(uids, from, to);
            } else {
                long[] chunk = new long[to - from];
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = records[from + i].uid();
                }
                uidChunks[c] = chunk;
            }
        }
    }

    private MailboxSnapshot(long uidValidity, long uidNext, long highestModSeq, int size, long[][] uidChunks,
            MessageRecord[][] recordChunks, Set<String>[][] flagChunks, Tally tally) {
        this.uidValidity = uidValidity;
        this.uidNext = uidNext;
        this.highestModSeq = highestModSeq;
        this.size = size;
        this.uidChunks = uidChunks;
        this.recordChunks = recordChunks;
        this.flagChunks = flagChunks;
        this.tally = tally;
    }

    private static int chunks(int size) {
        return (size + CHUNK - 1) >>> SHIFT;
    }

    @SuppressWarnings("unchecked")
    private static Set<String>[][] flagTable(int chunks) {
        return new Set[chunks][];
    }

    @SuppressWarnings("unchecked")
    private static Set<String>[] flagChunk(int length) {
        return new Set[length];
    }

    /**
     * The state after flag changes and new messages, sharing every chunk of this snapshot that
     * neither touches (this one stays as it is): about {@code changed} binary searches plus
     * copies of the chunks they fall in, of the last chunk and of the chunk tables, no walk over
     * the messages. After an expunge use {@link #successor(long, long, Collection, List, long[], Tally)}.
     *
     * @param changed records that replace those of the same UIDs, each UID one of this snapshot's, any order
     * @param added new messages in strictly ascending UID order, every UID above this snapshot's last
     * @param tally the figures of the result, or null to count them on first use
     * @throws IllegalArgumentException when a changed UID is not in this snapshot or an added UID
     *     is not above the last one before it
     * @since 2.5
     */
    public MailboxSnapshot successor(long uidNext, long highestModSeq, Collection<MessageRecord> changed,
            List<MessageRecord> added, Tally tally) {
        int newSize = size + added.size();
        long[][] uidsOut = Arrays.copyOf(uidChunks, chunks(newSize));
        MessageRecord[][] recordsOut = Arrays.copyOf(recordChunks, uidsOut.length);
        Set<String>[][] flagsOut = Arrays.copyOf(flagChunks, uidsOut.length);
        boolean[] copied = new boolean[recordsOut.length];
        for (MessageRecord r : changed) {
            int i = indexOf(r.uid());
            if (i < 0) {
                throw new IllegalArgumentException("UID " + r.uid() + " is not in the snapshot");
            }
            int c = i >>> SHIFT;
            if (!copied[c]) {
                recordsOut[c] = recordsOut[c].clone();
                flagsOut[c] = flagsOut[c].clone();
                copied[c] = true;
            }
            recordsOut[c][i & (CHUNK - 1)] = r;
            flagsOut[c][i & (CHUNK - 1)] = r.flags();
        }
        long last = size == 0 ? 0 : uid(size - 1);
        for (int k = 0; k < added.size(); k++) {
            MessageRecord r = added.get(k);
            if (r.uid() <= last) {
                throw new IllegalArgumentException("added UID " + r.uid() + " is not above " + last);
            }
            last = r.uid();
            int i = size + k;
            int c = i >>> SHIFT;
            int length = Math.min(CHUNK, newSize - (c << SHIFT));
            if (uidsOut[c] == null || uidsOut[c].length != length) {
                // a new chunk, or the last one grown: copy what it held (of this snapshot or of changed)
                uidsOut[c] = uidsOut[c] == null ? new long[length] : Arrays.copyOf(uidsOut[c], length);
                recordsOut[c] = recordsOut[c] == null ? new MessageRecord[length] : Arrays.copyOf(recordsOut[c], length);
                flagsOut[c] = flagsOut[c] == null ? flagChunk(length) : Arrays.copyOf(flagsOut[c], length);
            }
            uidsOut[c][i & (CHUNK - 1)] = r.uid();
            recordsOut[c][i & (CHUNK - 1)] = r;
            flagsOut[c][i & (CHUNK - 1)] = r.flags();
        }
        return new MailboxSnapshot(uidValidity, uidNext, highestModSeq, newSize, uidsOut, recordsOut, flagsOut, tally);
    }

    /**
     * The state after expunges, flag changes and new messages: like
     * {@link #successor(long, long, Collection, List, Tally)} after leaving out the messages of
     * {@code removed}. The chunks before the first removed message are shared, those from it on
     * are filled again by array copies of UIDs, record references and flag sets; no record is
     * read. (Positions after an expunged message shift, RFC 9051 section 7.5.1.)
     *
     * @param removed UIDs of this snapshot's messages that are gone, any order; none of them among
     *     {@code changed}
     * @throws IllegalArgumentException when a removed UID is not in this snapshot, or as the
     *     five-argument form
     * @since 2.7
     */
    public MailboxSnapshot successor(long uidNext, long highestModSeq, Collection<MessageRecord> changed,
            List<MessageRecord> added, long[] removed, Tally tally) {
        return without(removed).successor(uidNext, highestModSeq, changed, added, tally);
    }

    /** This snapshot without the messages of {@code removed} (its tally left to the caller). */
    private MailboxSnapshot without(long[] removed) {
        if (removed.length == 0) {
            return this;
        }
        int[] gone = new int[removed.length];
        for (int k = 0; k < removed.length; k++) {
            gone[k] = indexOf(removed[k]);
            if (gone[k] < 0) {
                throw new IllegalArgumentException("UID " + removed[k] + " is not in the snapshot");
            }
        }
        Arrays.sort(gone);
        int distinct = 0;
        for (int k = 0; k < gone.length; k++) {
            if (k == 0 || gone[k] != gone[k - 1]) {
                gone[distinct++] = gone[k];
            }
        }
        int newSize = size - distinct;
        int first = gone[0] >>> SHIFT;
        int chunkCount = chunks(newSize);
        long[][] uidsOut = Arrays.copyOf(uidChunks, chunkCount);
        MessageRecord[][] recordsOut = Arrays.copyOf(recordChunks, chunkCount);
        Set<String>[][] flagsOut = Arrays.copyOf(flagChunks, chunkCount);
        for (int c = first; c < chunkCount; c++) {
            int length = Math.min(CHUNK, newSize - (c << SHIFT));
            uidsOut[c] = new long[length];
            recordsOut[c] = new MessageRecord[length];
            flagsOut[c] = flagChunk(length);
        }
        // the runs of kept positions between the removed ones, from the first chunk rebuilt on
        int out = first << SHIFT;
        int from = out;
        for (int k = 0; k <= distinct; k++) {
            int to = k < distinct ? gone[k] : size;
            out = copyRun(from, to, out, uidsOut, recordsOut, flagsOut);
            from = to + 1;
        }
        return new MailboxSnapshot(uidValidity, uidNext, highestModSeq, newSize, uidsOut, recordsOut, flagsOut, null);
    }

    /** Copies positions {@code from} to {@code to - 1} to position {@code out} on of the given chunks; returns the position after. */
    private int copyRun(int from, int to, int out, long[][] uidsOut, MessageRecord[][] recordsOut, Set<String>[][] flagsOut) {
        while (from < to) {
            int sc = from >>> SHIFT;
            int so = from & (CHUNK - 1);
            int oc = out >>> SHIFT;
            int oo = out & (CHUNK - 1);
            int n = Math.min(to - from, Math.min(uidChunks[sc].length - so, uidsOut[oc].length - oo));
            System.arraycopy(uidChunks[sc], so, uidsOut[oc], oo, n);
            System.arraycopy(recordChunks[sc], so, recordsOut[oc], oo, n);
            System.arraycopy(flagChunks[sc], so, flagsOut[oc], oo, n);
            from += n;
            out += n;
        }
        return out;
    }

    private Tally tally() {
        Tally t = tally;
        if (t == null) {
            t = Tally.count(size, this::get);
            tally = t;
        }
        return t;
    }
    /** Number of messages carrying {@code flag} (canonical spelling for system flags; keywords as stored). */
    public int count(String flag) {
        return tally().flagCounts().getOrDefault(flag, 0);
    }

    /** Number of messages without {@code \Seen} (STATUS UNSEEN, RFC 9051 section 6.3.11). */
    public int unseen() {
        return size() - count(Flag.SEEN);
    }

    /** 0-based position of the first message without {@code \Seen}, or -1 when there is none. */
    public int firstUnseen() {
        long uid = tally().firstUnseenUid();
        return uid == 0 ? -1 : indexOf(uid);
    }

    /** Sum of the messages' sizes in octets (STATUS SIZE, RFC 8438). */
    public long octets() {
        return tally().octets();
    }

    public long uidValidity() {
        return uidValidity;
    }

    /** UIDNEXT: greater than every UID ever assigned in this UIDVALIDITY. */
    public long uidNext() {
        return uidNext;
    }

    /**
     * HIGHESTMODSEQ (RFC 7162 section 3.1.1): at least 1 in a mailbox whose store keeps
     * mod-sequences persistently (also while it is empty), 0 in one whose store does not (the
     * NOMODSEQ case of RFC 7162 sections 3.1.2.2 and 3.1.7).
     */
    public long highestModSeq() {
        return highestModSeq;
    }

    /** Number of messages. */
    public int size() {
        return size;
    }

    /** The record at 0-based position {@code index}. */
    public MessageRecord get(int index) {
        return recordChunks[index >>> SHIFT][index & (CHUNK - 1)];
    }

    /** The UID at 0-based position {@code index} (without touching its record). */
    public long uid(int index) {
        return uidChunks[index >>> SHIFT][index & (CHUNK - 1)];
    }

    /**
     * The flags of the message at 0-based position {@code index}: the set {@code get(index).flags()}
     * (the same object), read from an array beside the records without touching the record.
     *
     * @since 2.6
     */
    public Set<String> flags(int index) {
        return flagChunks[index >>> SHIFT][index & (CHUNK - 1)];
    }

    /** The record of {@code uid}, or null. */
    public MessageRecord byUid(long uid) {
        int i = indexOf(uid);
        return i >= 0 ? get(i) : null;
    }

    /** 0-based position of {@code uid}, or a negative number when absent ({@link Arrays#binarySearch} style). */
    public int indexOf(long uid) {
        // the last chunk whose first UID is at most uid, then within it
        int lo = 0;
        int hi = uidChunks.length - 1;
        if (hi < 0 || uid < uidChunks[0][0]) {
            return -1;
        }
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (uidChunks[mid][0] <= uid) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int at = Arrays.binarySearch(uidChunks[lo], uid);
        int base = lo << SHIFT;
        return at >= 0 ? base + at : -(base + (-at - 1)) - 1;
    }

    /** All UIDs, ascending (a copy). */
    public long[] uids() {
        long[] all = new long[size];
        for (int c = 0; c < uidChunks.length; c++) {
            System.arraycopy(uidChunks[c], 0, all, c << SHIFT, uidChunks[c].length);
        }
        return all;
    }
}
