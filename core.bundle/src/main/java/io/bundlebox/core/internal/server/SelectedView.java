package io.bundlebox.core.internal.server;

import io.bundlebox.mailstore.Changes;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import io.bundlebox.imap.api.Flag;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.wire.ResponseWriter;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A session's view of its selected mailbox: the message sequence number to UID map the client
 * knows (RFC 9051 section 2.3.1.2) and, per message, the MODSEQ last reported, so that changes
 * made elsewhere are reported once (section 7.5) and the session's own are not repeated.
 *
 * <p>SELECT costs no copy of the mailbox (issue 15): until the view first differs from the
 * snapshot it was selected on (an expunge or a new message reported to the client), it reads
 * the UIDs from that immutable snapshot; the first such change copies them (copy on write). The
 * MODSEQs reported are kept only once the session reports one of its own changes
 * ({@link #reported}); until then every message counts as reported at selection.
 */
public final class SelectedView {

    private final Mailbox mailbox;
    private final boolean readOnly;
    /** The snapshot of the selection, whose UIDs the view shows while {@link #uids} is null. */
    private MailboxSnapshot base;
    /** The view's own UIDs (capacity at least {@link #size}), or null while they are {@link #base}'s. */
    private long[] uids;
    /**
     * Per position, the MODSEQ last reported, or null while none was recorded: 0 reads as "reported
     * at selection" (every change {@link #sync} reports has a MODSEQ above the snapshot's
     * HIGHESTMODSEQ, hence above the message's MODSEQ then). Capacity at least {@link #size}.
     */
    private long[] reportedModSeq;
    /**
     * Flag sets {@link #announceKeywords} found told, by identity: the store shares one immutable
     * set between the messages that carry the same flags, so a mailbox has few of them. Bounded:
     * emptied when full (they are only a shortcut).
     */
    private final Set<Set<String>> toldSets = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private static final int TOLD_SETS_MAX = 64;
    private int size;
    private long modSeq;
    /** UIDs found expunged while expunge responses were not allowed; still in {@link #uids}. */
    private long[] pendingExpunges = new long[0];
    /** This session's \Recent messages (IMAP4rev1 only), or null. */
    private RecentMessages recent;
    /** Keywords the client has been told of in FLAGS (RFC 9051 section 7.3.5), in that order. */
    private final Set<String> toldKeywords = new LinkedHashSet<>();

    /** Builds the view from a fresh snapshot (SELECT/EXAMINE). */
    public SelectedView(Mailbox mailbox, boolean readOnly, MailboxSnapshot snap) {
        this.mailbox = mailbox;
        this.readOnly = readOnly;
        this.size = snap.size();
        this.base = snap; // shared, not copied: see the class comment
        this.modSeq = snap.highestModSeq();
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    /**
     * Starts \Recent for an IMAP4rev1 session (RFC 3501 section 2.3.2): SELECT takes the messages
     * that arrived since anyone last selected the mailbox, EXAMINE shows them without taking them.
     *
     * @return the {@code n RECENT} figure
     */
    public int startRecent() throws MailStoreException {
        recent = new RecentMessages(mailbox, !readOnly);
        recent.update(maxUid() + 1);
        return recent.count(this);
    }

    /** Whether {@code uid} is \Recent in this session (always false in IMAP4rev2). */
    public boolean isRecent(long uid) {
        return recent != null && recent.contains(uid);
    }

    /**
     * Writes {@code * FLAGS (...)} and {@code * OK [PERMANENTFLAGS (...)]} (RFC 9051 sections 7.3.5
     * and 7.1) for the system flags plus {@code keywords}, and remembers the keywords as told.
     */
    public void writeFlagLists(ResponseWriter out, Set<String> keywords) throws IOException {
        toldKeywords.addAll(keywords);
        Set<String> flags = new LinkedHashSet<>(Flag.SYSTEM_ORDERED);
        flags.addAll(toldKeywords);
        String list = String.join(" ", flags);
        out.untagged().raw("FLAGS (").raw(list).raw(")").crlf();
        String permanent = readOnly ? "" : list + " \\*";
        out.status(null, "OK", ResponseCode.of("PERMANENTFLAGS", "(" + permanent + ")"),
                readOnly ? "No permanent flags permitted" : "Flags permitted");
    }

    /**
     * Before a response that names {@code flags}: tells the client of keywords among them it was
     * not told of yet, with a new FLAGS and PERMANENTFLAGS (RFC 9051 section 7.3.5, RFC 3501
     * section 7.2.6), whoever set them (this session's STORE, another session, a Maildir).
     */
    public void announceKeywords(ResponseWriter out, Set<String> flags) throws IOException {
        if (toldSets.contains(flags)) {
            return; // the told keywords only grow
        }
        Set<String> untold = null;
        for (String f : flags) {
            if (!f.startsWith("\\") && !toldKeywords.contains(f)) {
                if (untold == null) {
                    untold = new LinkedHashSet<>();
                }
                untold.add(f);
            }
        }
        if (untold != null) {
            writeFlagLists(out, untold);
        }
        if (toldSets.size() == TOLD_SETS_MAX) {
            toldSets.clear();
        }
        toldSets.add(flags);
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** Number of messages the client knows of (its EXISTS count). */
    public int size() {
        return size;
    }

    /** UID of message sequence number {@code seq} (1-based). */
    public long uid(int seq) {
        long[] own = uids;
        return own != null ? own[seq - 1] : base.uid(seq - 1);
    }

    /** Copies the UIDs of messages {@code fromSeq} to {@code fromSeq + count - 1} into {@code dest} at {@code at}. */
    public void copyUids(int fromSeq, int count, long[] dest, int at) {
        if (uids != null) {
            System.arraycopy(uids, fromSeq - 1, dest, at, count);
            return;
        }
        for (int i = 0; i < count; i++) {
            dest[at + i] = base.uid(fromSeq - 1 + i);
        }
    }

    /** Sequence number of {@code uid}, or 0. */
    public int seqOf(long uid) {
        int i = uids != null ? Arrays.binarySearch(uids, 0, size, uid) : base.indexOf(uid);
        return i >= 0 ? i + 1 : 0;
    }

    /** The largest UID the client knows, or 0. */
    public long maxUid() {
        return size == 0 ? 0 : uid(size);
    }

    /** Records that the client has seen {@code record}'s current state (after our own STORE). */
    public void reported(MessageRecord record) {
        int seq = seqOf(record.uid());
        if (seq > 0) {
            if (reportedModSeq == null) {
                reportedModSeq = new long[Math.max(16, uids != null ? uids.length : size)];
            }
            reportedModSeq[seq - 1] = Math.max(reportedModSeq[seq - 1], record.modSeq());
        }
    }

    /** The MODSEQ last reported of the message at 0-based {@code index} (0: as at selection). */
    private long reportedAt(int index) {
        return reportedModSeq == null ? 0 : reportedModSeq[index];
    }

    /** Receives the untagged responses a synchronisation produces. */
    public interface Reporter {
        /**
         * Messages expunged: report them and remove them from this view ({@link #removeSeq}).
         *
         * @param uids ascending, possibly including UIDs the view does not hold (to be skipped)
         */
        void expunged(long[] uids) throws java.io.IOException;

        void exists(int count) throws java.io.IOException;

        void flags(int seq, MessageRecord record) throws java.io.IOException;

        /** {@code n RECENT} after new messages arrived in an IMAP4rev1 session (RFC 3501 section 7.3.2). */
        default void recent(int count) throws java.io.IOException {
        }
    }

    /**
     * Compares the view with the store and reports the differences.
     *
     * @param expungesAllowed false while EXPUNGE responses are forbidden (section 7.5.1)
     */
    public void sync(boolean expungesAllowed, Reporter out) throws java.io.IOException, MailStoreException {
        // runs after every command: ask the in-memory snapshot first, so an unchanged mailbox costs
        // no walk over its index (changesSince visits every message)
        boolean pendingToReport = pendingExpunges.length > 0 && expungesAllowed;
        if (!pendingToReport && mailbox.snapshot().highestModSeq() == modSeq) {
            return;
        }
        Changes ch = mailbox.changesSince(modSeq);
        long[] gone = merge(pendingExpunges, ch.expunged());
        if (expungesAllowed) {
            pendingExpunges = new long[0];
            out.expunged(gone);
        } else {
            pendingExpunges = Arrays.stream(gone).filter(u -> seqOf(u) > 0).toArray();
        }
        int before = size;
        for (MessageRecord r : ch.changed()) {
            if (r.uid() > maxUid() && Arrays.binarySearch(pendingExpunges, r.uid()) < 0) {
                append(r);
            }
        }
        if (size != before) {
            out.exists(size);
            if (recent != null) {
                recent.update(maxUid() + 1);
                out.recent(recent.count(this));
            }
        }
        for (MessageRecord r : ch.changed()) {
            int seq = seqOf(r.uid());
            if (seq > 0 && seq <= before && r.modSeq() > reportedAt(seq - 1)) {
                if (reportedModSeq != null) { // else 0 still holds: the next sync asks above this MODSEQ
                    reportedModSeq[seq - 1] = r.modSeq();
                }
                out.flags(seq, r);
            }
        }
        modSeq = ch.highestModSeq();
    }

    /** Removes message {@code seq} after this session's own EXPUNGE reported it. */
    public void removeSeq(int seq) {
        remove(seq - 1);
    }

    private void remove(int index) {
        long[] own = ownUids(size);
        System.arraycopy(own, index + 1, own, index, size - index - 1);
        if (reportedModSeq != null) {
            System.arraycopy(reportedModSeq, index + 1, reportedModSeq, index, size - index - 1);
        }
        size--;
    }

    /** A new message at the end, its current MODSEQ counted as reported. */
    private void append(MessageRecord r) {
        long[] own = ownUids(size + 1);
        if (reportedModSeq != null) {
            if (reportedModSeq.length < own.length) {
                reportedModSeq = Arrays.copyOf(reportedModSeq, own.length);
            }
            reportedModSeq[size] = r.modSeq();
        }
        own[size] = r.uid();
        size++;
    }

    /** The view's own UIDs with room for {@code capacity}: the snapshot's copied on the first change. */
    private long[] ownUids(int capacity) {
        if (uids == null) {
            uids = new long[Math.max(16, Math.max(capacity, size + size / 8))];
            for (int i = 0; i < size; i++) {
                uids[i] = base.uid(i);
            }
            base = null;
        } else if (capacity > uids.length) {
            uids = Arrays.copyOf(uids, Math.max(16, Math.max(capacity, uids.length * 2)));
        }
        return uids;
    }

    private static long[] merge(long[] a, long[] b) {
        if (a.length == 0) {
            return b;
        }
        return java.util.stream.LongStream.concat(Arrays.stream(a), Arrays.stream(b)).distinct().sorted().toArray();
    }
}
