package io.bundlebox.core.internal.server;

import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import java.util.Arrays;

/**
 * The messages that are {@code \Recent} in one IMAP4rev1 session (RFC 3501 sections 2.3.2 and
 * 7.3.2): those it took from the store at SELECT and as new mail arrived, so that no other session
 * sees them as recent. A read-only selection (EXAMINE, RFC 3501 section 6.3.2) only looks: it shows
 * the messages nobody took yet and takes nothing. An IMAP4rev2 session has none (RFC 9051
 * appendix E), and takes none, leaving them to an IMAP4rev1 session. Not thread-safe: used by the
 * session's own thread.
 */
final class RecentMessages {

    private final Mailbox mailbox;
    private final boolean take;
    /** Ascending, disjoint UID ranges {@code [from, to)}, flattened. */
    private long[] ranges = new long[0];
    /** Everything below this has been considered. */
    private long considered = 1;

    /**
     * @param take true to take the messages (SELECT), false to only look (EXAMINE)
     */
    RecentMessages(Mailbox mailbox, boolean take) {
        this.mailbox = mailbox;
        this.take = take;
    }

    /** Adds the recent ones among the messages below {@code upTo} not considered before. */
    void update(long upTo) throws MailStoreException {
        if (upTo <= considered) {
            return;
        }
        long from = take ? mailbox.claimRecent(upTo) : Math.min(upTo, mailbox.firstUnclaimedRecent());
        from = Math.max(from, considered);
        considered = upTo;
        if (from >= upTo) {
            return;
        }
        int n = ranges.length;
        if (n > 0 && ranges[n - 1] == from) {
            ranges[n - 1] = upTo; // continues the last range
            return;
        }
        ranges = Arrays.copyOf(ranges, n + 2);
        ranges[n] = from;
        ranges[n + 1] = upTo;
    }

    /** Whether {@code uid} is recent in this session. */
    boolean contains(long uid) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (uid < ranges[i]) {
                return false;
            }
            if (uid < ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** How many of the view's messages are recent (the {@code n RECENT} figure). */
    int count(SelectedView view) {
        if (ranges.length == 0) {
            return 0;
        }
        int n = 0;
        for (int seq = view.size(); seq >= 1 && view.uid(seq) >= ranges[0]; seq--) {
            if (contains(view.uid(seq))) {
                n++;
            }
        }
        return n;
    }
}
