package io.bundlebox.mailstore;

import io.bundlebox.imap.api.Flag;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * An immutable state of a mailbox: its messages in ascending UID order plus UIDNEXT and
 * HIGHESTMODSEQ (RFC 9051 section 2.3.1.1, RFC 7162 section 3.1.1), and the per-mailbox figures
 * commands need without visiting the messages: how many carry each flag, the first message
 * without {@code \Seen}, the total size ({@link Tally}). A store that keeps them with every change
 * passes them in; otherwise they are counted once per snapshot, on first use.
 */
public final class MailboxSnapshot {

    private final long uidValidity;
    private final long uidNext;
    private final long highestModSeq;
    private final long[] uids;
    private final MessageRecord[] records;
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
            Map<String, Integer> counts = new HashMap<>();
            long firstUnseen = 0;
            long octets = 0;
            for (MessageRecord r : records) {
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
     * @param records messages in strictly ascending UID order; the array is taken over, not copied
     */
    public MailboxSnapshot(long uidValidity, long uidNext, long highestModSeq, MessageRecord[] records) {
        this(uidValidity, uidNext, highestModSeq, records, null, null);
    }

    /**
     * A snapshot with figures the store kept up to date.
     *
     * @param records messages in strictly ascending UID order; the array is taken over, not copied
     * @param uids the records' UIDs in the same order (taken over), or null to read them off the records
     * @param tally the figures of exactly these records, or null to count them on first use
     */
    public MailboxSnapshot(long uidValidity, long uidNext, long highestModSeq, MessageRecord[] records, long[] uids,
            Tally tally) {
        this.uidValidity = uidValidity;
        this.uidNext = uidNext;
        this.highestModSeq = highestModSeq;
        this.records = records;
        if (uids == null) {
            uids = new long[records.length];
            for (int i = 0; i < records.length; i++) {
                uids[i] = records[i].uid();
            }
        }
        this.uids = uids;
        this.tally = tally;
    }

    private Tally tally() {
        Tally t = tally;
        if (t == null) {
            t = Tally.of(records);
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
        return uid == 0 ? -1 : Arrays.binarySearch(uids, uid);
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
        return records.length;
    }

    /** The record at 0-based position {@code index}. */
    public MessageRecord get(int index) {
        return records[index];
    }

    /** The UID at 0-based position {@code index} (without touching its record). */
    public long uid(int index) {
        return uids[index];
    }

    /** The record of {@code uid}, or null. */
    public MessageRecord byUid(long uid) {
        int i = Arrays.binarySearch(uids, uid);
        return i >= 0 ? records[i] : null;
    }

    /** 0-based position of {@code uid}, or a negative number when absent ({@link Arrays#binarySearch} style). */
    public int indexOf(long uid) {
        return Arrays.binarySearch(uids, uid);
    }

    /** All UIDs, ascending (a copy). */
    public long[] uids() {
        return uids.clone();
    }
}
