package io.bundlebox.mailstore;

import java.util.Arrays;

/**
 * An immutable state of a mailbox: its messages in ascending UID order plus UIDNEXT and
 * HIGHESTMODSEQ (RFC 9051 section 2.3.1.1, RFC 7162 section 3.1.1).
 */
public final class MailboxSnapshot {

    private final long uidValidity;
    private final long uidNext;
    private final long highestModSeq;
    private final long[] uids;
    private final MessageRecord[] records;

    /**
     * @param records messages in strictly ascending UID order; the array is taken over, not copied
     */
    public MailboxSnapshot(long uidValidity, long uidNext, long highestModSeq, MessageRecord[] records) {
        this.uidValidity = uidValidity;
        this.uidNext = uidNext;
        this.highestModSeq = highestModSeq;
        this.records = records;
        this.uids = new long[records.length];
        for (int i = 0; i < records.length; i++) {
            uids[i] = records[i].uid();
        }
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

    /** The record of {@code uid}, or null. */
    public MessageRecord byUid(long uid) {
        int i = Arrays.binarySearch(uids, uid);
        return i >= 0 ? records[i] : null;
    }

    /** All UIDs, ascending (a copy). */
    public long[] uids() {
        return uids.clone();
    }
}
