package io.bundlebox.core.internal.search;

import io.bundlebox.imap.spi.Key;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.mailstore.Mailbox;
import java.util.Arrays;

/**
 * The search result variable of SEARCHRES (RFC 9051 section 6.4.4.1, RFC 5182), one per session,
 * kept as a {@link SessionContext} attribute. It holds UIDs, so that it maps to sequence numbers
 * or UIDs wherever {@code $} is used, and needs no adjusting on EXPUNGE: UIDs are never reused,
 * so an expunged one simply no longer resolves.
 *
 * <p>Use from other commands: FETCH/STORE/COPY/MOVE/EXPUNGE that read a sequence set for which
 * {@link io.bundlebox.imap.api.SequenceSet#isSavedResult()} is true take
 * {@link #sequenceNumbers(SessionContext)} (message-number commands) or
 * {@link #uids(SessionContext)} (UID commands). SELECT, EXAMINE, CLOSE and UNSELECT call
 * {@link #reset(SessionContext)}. A saved result also dies with the mailbox handle it was made
 * for, so a new selection never sees an old result even without a reset.
 */
public final class SavedSearch {

    /** The saved UIDs, ascending, and the mailbox handle they belong to. */
    private record Saved(Mailbox mailbox, long[] uids) {
    }

    private static final Key<Saved> KEY = Key.of("SEARCHRES saved result");
    private static final long[] NONE = new long[0];

    private SavedSearch() {
    }

    /** Replaces the saved result by {@code uids} (ascending) of the selected mailbox. */
    public static void save(SessionContext session, long[] uids) {
        session.attribute(KEY, new Saved(session.selectedMailbox(), uids.clone()));
    }

    /** Sets the saved result to the empty sequence (SELECT, EXAMINE, CLOSE, UNSELECT, failed SAVE). */
    public static void reset(SessionContext session) {
        session.attribute(KEY, null);
    }

    /**
     * The saved messages' UIDs, ascending, without those the client has been told are expunged
     * (or that the view no longer has). Empty when nothing is saved: {@code $} is then a valid
     * set that matches nothing.
     */
    public static long[] uids(SessionContext session) {
        long[] saved = current(session);
        return Arrays.stream(saved).filter(uid -> session.sequenceOf(uid) > 0).toArray();
    }

    /** The saved messages' sequence numbers in the client's view, ascending. */
    public static long[] sequenceNumbers(SessionContext session) {
        long[] saved = current(session);
        return Arrays.stream(saved).map(session::sequenceOf).filter(seq -> seq > 0).toArray();
    }

    private static long[] current(SessionContext session) {
        Saved s = session.attribute(KEY);
        if (s == null || s.mailbox() == null || s.mailbox() != session.selectedMailbox()) {
            return NONE;
        }
        return s.uids();
    }
}
