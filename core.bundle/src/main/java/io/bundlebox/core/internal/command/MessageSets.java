package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.SelectedView;
import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.imap.api.SequenceSet;
import io.bundlebox.imap.spi.Key;
import java.util.Arrays;

/**
 * Turns sequence sets into the UIDs of the selected mailbox (RFC 9051 sections 6.4.8/9 and 9:
 * {@code seq-number} and {@code uid} ranges, {@code *}, and {@code $}, the saved search result
 * of SEARCHRES, section 6.4.4.1).
 */
public final class MessageSets {

    /** The saved search result: ascending UIDs, set by {@code SEARCH RETURN (SAVE)}. */
    public static final Key<long[]> SAVED_RESULT = Key.of("searchres.saved");

    private MessageSets() {
    }

    /**
     * The UIDs, ascending, of the messages {@code set} names in the client's view.
     *
     * @param byUid true when the set holds UIDs (UID commands), false for sequence numbers
     * @throws ImapException BAD for a sequence number beyond the mailbox (section 9, seq-number)
     */
    public static long[] uids(Session session, SequenceSet set, boolean byUid) throws ImapException {
        SelectedView view = session.view();
        if (set.isSavedResult()) {
            long[] saved = session.attribute(SAVED_RESULT);
            if (saved == null) {
                return new long[0];
            }
            return Arrays.stream(saved).filter(u -> view.seqOf(u) > 0).toArray();
        }
        if (byUid) {
            long max = view.maxUid();
            long[] ranges = set.resolve(max);
            return collect(view, ranges, true);
        }
        long[] ranges = set.resolve(view.size());
        if (ranges.length > 0 && (ranges[0] < 1 || ranges[ranges.length - 1] > view.size())) {
            throw ImapException.bad("Invalid message sequence number: the mailbox has " + view.size() + " messages");
        }
        return collect(view, ranges, false);
    }

    /**
     * Whether a store error means the message is gone (expunged by another session after the
     * client was told of it), which FETCH, STORE, COPY and SEARCH answer with
     * {@code OK [EXPUNGEISSUED]} rather than NO (RFC 9051 section 7.1).
     */
    public static boolean isGone(MailStoreException e) {
        return e.code() == ResponseCode.EXPUNGEISSUED || e.code() == ResponseCode.NONEXISTENT;
    }

    /**
     * Whether some of {@code uids}, which the client still knows, are no longer in the mailbox:
     * another session expunged them and this one has not yet been told (RFC 9051 section 7.1,
     * EXPUNGEISSUED).
     */
    public static boolean someGone(Mailbox mailbox, long[] uids) throws MailStoreException {
        MailboxSnapshot snap = mailbox.snapshot();
        // ascending UIDs (what searches and sequence sets give) are checked in one walk beside the
        // snapshot's; a binary search each only for those out of order
        int at = 0;
        long previous = -1;
        for (long uid : uids) {
            if (uid > previous) {
                while (at < snap.size() && snap.uid(at) < uid) {
                    at++;
                }
                if (at == snap.size() || snap.uid(at) != uid) {
                    return true;
                }
                previous = uid;
            } else if (snap.byUid(uid) == null) {
                return true;
            }
        }
        return false;
    }

    private static long[] collect(SelectedView view, long[] ranges, boolean byUid) {
        long[] out = new long[16];
        int n = 0;
        for (int r = 0; r < ranges.length; r += 2) {
            long from = ranges[r];
            long to = ranges[r + 1];
            if (byUid) {
                // the view's UIDs in the range, copied in one go: a range like 1:4294967295 must not
                // loop 4 billion times, and 1:* on 100,000 messages stays one array copy
                int first = firstSeqAtOrAbove(view, from);
                int end = to == Long.MAX_VALUE ? view.size() + 1 : firstSeqAtOrAbove(view, to + 1);
                int count = end - first;
                if (count > 0) {
                    if (n + count > out.length) {
                        out = Arrays.copyOf(out, Math.max(out.length * 2, n + count));
                    }
                    view.copyUids(first, count, out, n);
                    n += count;
                }
            } else {
                for (long seq = from; seq <= to; seq++) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = view.uid((int) seq);
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static int firstSeqAtOrAbove(SelectedView view, long uid) {
        int lo = 1;
        int hi = view.size() + 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (view.uid(mid) < uid) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
