package io.bundlebox.ext.sortthread;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.Key;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.mailstore.HeaderKeys;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A session's {@link MessageKeys} of its selected mailbox, so that a client sorting the same
 * mailbox again does not derive them again. The keys themselves come from the store's index in
 * one bulk call ({@link Mailbox#headerKeys}); this memo only holds what was derived from them.
 * It belongs to one session (nothing crosses sessions or tenants) and one mailbox handle and
 * UIDVALIDITY; selecting another mailbox replaces it.
 */
final class KeyMemo {

    private static final Key<KeyMemo> KEY = Key.of("sort-thread.keys");

    private final Mailbox mailbox;
    private final long uidValidity;
    /** The memo: ascending UIDs and their keys, index by index (binary search, no boxing). */
    private long[] memoUids = new long[0];
    private MessageKeys[] memoKeys = new MessageKeys[0];
    private final MessageIdNumbers ids = new MessageIdNumbers();
    /** Ranks of the string sort keys over the memo ({@link Found#ranks}); cleared when it grows. */
    private final Map<SortCriterion.SortKey, int[]> ranks = new EnumMap<>(SortCriterion.SortKey.class);

    private KeyMemo(Mailbox mailbox, long uidValidity) {
        this.mailbox = mailbox;
        this.uidValidity = uidValidity;
    }

    /**
     * The keys of {@code uids} (messages the search just found) in the selected mailbox.
     *
     * @param stop checked between batches; a stopped extension ends the command
     * @throws ImapException NO with the store's code when the index cannot be read
     */
    static Found keys(SessionContext session, long[] uids, Stop stop) throws ImapException {
        Mailbox mailbox = session.selectedMailbox();
        if (mailbox == null) {
            throw ImapException.no("No mailbox selected");
        }
        KeyMemo memo = session.attribute(KEY);
        if (memo == null || memo.mailbox != mailbox || memo.uidValidity != mailbox.uidValidity()) {
            memo = new KeyMemo(mailbox, mailbox.uidValidity());
            session.attribute(KEY, memo);
        }
        try {
            return memo.lookup(uids, stop);
        } catch (MailStoreException e) {
            throw ImapException.no(e.code(), e.getMessage());
        }
    }

    private Found lookup(long[] uids, Stop stop) throws MailStoreException, ImapException {
        MessageKeys[] out = new MessageKeys[uids.length];
        int[] positions = new int[uids.length];
        int missing = 0;
        long[] wanted = new long[uids.length];
        for (int i = 0; i < uids.length; i++) {
            int at = Arrays.binarySearch(memoUids, uids[i]);
            positions[i] = at;
            if (at >= 0) {
                out[i] = memoKeys[at];
            } else {
                wanted[missing++] = uids[i];
            }
        }
        if (missing == 0) {
            return new Found(out, positions, this);
        }
        wanted = Arrays.copyOf(wanted, missing);
        Arrays.sort(wanted);
        MessageKeys[] found = new MessageKeys[missing];
        MailboxSnapshot snapshot = mailbox.snapshot();
        final int batch = 4096;
        for (int from = 0; from < missing; from += batch) {
            stop.check();
            long[] part = Arrays.copyOfRange(wanted, from, Math.min(missing, from + batch));
            HeaderKeys[] keys = mailbox.headerKeys(part);
            for (int i = 0; i < part.length; i++) {
                MessageRecord r = snapshot.byUid(part[i]);
                found[from + i] = r == null ? null : MessageKeys.of(r, keys[i]).numbered(ids);
            }
        }
        remember(wanted, found);
        for (int i = 0; i < uids.length; i++) {
            positions[i] = Arrays.binarySearch(memoUids, uids[i]);
            // expunged since the search: it sorts as an empty message (OK [EXPUNGEISSUED])
            out[i] = positions[i] >= 0 ? memoKeys[positions[i]] : MessageKeys.GONE;
        }
        return new Found(out, positions, this);
    }

    /**
     * The keys of the messages a command asked for, index by index, and where each stands in
     * the memo (negative: gone), for {@link #ranks}.
     */
    record Found(MessageKeys[] keys, int[] positions, KeyMemo memo) {
        /**
         * For each message, the rank of its {@code field} among all distinct values of the memo in
         * {@link Collation} order (equal values, equal ranks): a string sort key compared as an
         * int. Computed once per memo and key, until new messages are memoised.
         */
        int[] ranks(SortCriterion.SortKey key, Function<MessageKeys, String> field) {
            int[] memoRanks = memo.ranks(key, field);
            // a gone message's value is "": rank 0 when the memo has "" (the smallest), else below all
            int gone = memo.memoKeys.length > 0 && memoRanks.length > 0 && smallestIsEmpty(memo, memoRanks, field) ? 0 : -1;
            int[] out = new int[positions.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = positions[i] >= 0 ? memoRanks[positions[i]] : gone;
            }
            return out;
        }

        private static boolean smallestIsEmpty(KeyMemo memo, int[] memoRanks, Function<MessageKeys, String> field) {
            for (int i = 0; i < memoRanks.length; i++) {
                if (memoRanks[i] == 0) {
                    return field.apply(memo.memoKeys[i]).isEmpty();
                }
            }
            return false;
        }
    }

    private int[] ranks(SortCriterion.SortKey key, Function<MessageKeys, String> field) {
        int[] r = ranks.get(key);
        if (r != null) {
            return r;
        }
        int n = memoKeys.length;
        String[] values = new String[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = field.apply(memoKeys[i]);
            order[i] = i;
        }
        IntSort.sort(order, (a, b) -> Collation.compare(values[a], values[b]));
        r = new int[n];
        int rank = -1;
        for (int i = 0; i < n; i++) {
            if (i == 0 || !values[order[i]].equals(values[order[i - 1]])) {
                rank++;
            }
            r[order[i]] = rank;
        }
        ranks.put(key, r);
        return r;
    }

    /** Merges ascending {@code uids} (none memoised yet) and their keys (null: gone, not kept) into the memo. */
    private void remember(long[] uids, MessageKeys[] keys) {
        int n = memoUids.length;
        long[] mu = new long[n + uids.length];
        MessageKeys[] mk = new MessageKeys[n + uids.length];
        int i = 0;
        int j = 0;
        int o = 0;
        while (i < n || j < uids.length) {
            if (j >= uids.length || (i < n && memoUids[i] < uids[j])) {
                mu[o] = memoUids[i];
                mk[o++] = memoKeys[i++];
            } else {
                if (keys[j] != null) {
                    mu[o] = uids[j];
                    mk[o++] = keys[j];
                }
                j++;
            }
        }
        memoUids = Arrays.copyOf(mu, o);
        memoKeys = Arrays.copyOf(mk, o);
        ranks.clear();
    }

    /** Ends a command whose extension is going away. */
    @FunctionalInterface
    interface Stop {
        void check() throws ImapException;
    }
}
