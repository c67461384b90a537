package io.bundlebox.ext.sortthread;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.mailstore.HeaderKeys;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The {@link MessageKeys} of one mailbox, derived once for all the sessions that have it open,
 * so that a client sorting a mailbox another session (or an earlier connection of a webmail)
 * sorted already does not derive them again. The keys themselves come from the store's index in
 * one bulk call ({@link Mailbox#headerKeys}); this memo holds what was derived from them, plus
 * the last thread trees ({@link #threads}). Memos are found by the store's
 * {@link Mailbox#identity()} token and held weakly by it, so a store closing the mailbox frees
 * its memo; tokens of different stores (tenants) never match, so nothing crosses tenants, and a
 * new UIDVALIDITY starts a new memo.
 *
 * <p>Thread safety: the memo's content is an immutable {@link Table} replaced as a whole when
 * messages are added to it (under the memo's lock, so two sessions never derive the same keys
 * twice); a command works on the table it read.
 */
final class KeyMemo {

    /** The memos of the mailboxes being sorted, by {@link Mailbox#identity()}, weakly. */
    private static final Map<Object, KeyMemo> MEMOS = new WeakHashMap<>();

    private final long uidValidity;
    private volatile Table table = new Table(new long[0], new MessageKeys[0]);
    /** Numbers of the Message IDs of the table's keys; changed only under this memo's lock. */
    private final MessageIdNumbers ids = new MessageIdNumbers();
    /** The last thread trees computed over this mailbox, by algorithm ({@link #threads}). */
    private final AtomicReferenceArray<Threads> threads = new AtomicReferenceArray<>(ThreadCommand.Algorithm.values().length);

    private KeyMemo(long uidValidity) {
        this.uidValidity = uidValidity;
    }

    /**
     * The keys of {@code uids} (messages the search just found, ascending) in the selected mailbox.
     *
     * @param stop checked between batches; a stopped extension ends the command
     * @throws ImapException NO with the store's code when the index cannot be read
     */
    static Found keys(SessionContext session, long[] uids, Stop stop) throws ImapException {
        Mailbox mailbox = session.selectedMailbox();
        if (mailbox == null) {
            throw ImapException.no("No mailbox selected");
        }
        try {
            return of(mailbox).lookup(mailbox, uids, stop);
        } catch (MailStoreException e) {
            throw ImapException.no(e.code(), e.getMessage());
        }
    }

    /** The memo of {@code mailbox}: the shared one, or a new one for a new UIDVALIDITY. */
    private static KeyMemo of(Mailbox mailbox) {
        Object identity = mailbox.identity();
        long uidValidity = mailbox.uidValidity();
        synchronized (MEMOS) {
            KeyMemo memo = MEMOS.get(identity);
            if (memo == null || memo.uidValidity != uidValidity) {
                memo = new KeyMemo(uidValidity);
                MEMOS.put(identity, memo); // the memo must not refer to the token: weak keys
            }
            return memo;
        }
    }

    private Found lookup(Mailbox mailbox, long[] uids, Stop stop) throws MailStoreException, ImapException {
        Table t = table;
        Found found = t.find(uids, this);
        if (found != null) {
            return found;
        }
        synchronized (this) {
            t = table;
            long[] wanted = t.missing(uids);
            MessageKeys[] derived = new MessageKeys[wanted.length];
            MailboxSnapshot snapshot = mailbox.snapshot();
            final int batch = 4096;
            for (int from = 0; from < wanted.length; from += batch) {
                stop.check();
                long[] part = Arrays.copyOfRange(wanted, from, Math.min(wanted.length, from + batch));
                HeaderKeys[] keys = mailbox.headerKeys(part);
                for (int i = 0; i < part.length; i++) {
                    MessageRecord r = snapshot.byUid(part[i]);
                    derived[from + i] = r == null ? null : MessageKeys.of(r, keys[i]).numbered(ids);
                }
            }
            t = t.with(wanted, derived);
            table = t;
        }
        // those still missing were expunged since the search: they sort as empty messages (OK [EXPUNGEISSUED])
        return t.findOrGone(uids, this);
    }

    /**
     * The thread trees last computed by {@code algorithm} over exactly {@code uids} in this
     * mailbox, or null. A message's keys never change within a UIDVALIDITY, so the same messages
     * give the same threads; any message added or expunged makes another set of UIDs.
     */
    int[] threads(ThreadCommand.Algorithm algorithm, long[] uids) {
        Threads last = threads.get(algorithm.ordinal());
        return last != null && Arrays.equals(last.uids, uids) ? last.tokens : null;
    }

    /** Keeps {@code tokens} ({@link ThreadWriter#tokens}) as the threads of {@code uids}. */
    void threads(ThreadCommand.Algorithm algorithm, long[] uids, int[] tokens) {
        threads.set(algorithm.ordinal(), new Threads(uids.clone(), tokens));
    }

    private record Threads(long[] uids, int[] tokens) {
    }

    /**
     * The memo's content: ascending UIDs and their keys, index by index, and the ranks of each
     * sort key over them, computed when first asked for. Never changed once published.
     */
    private static final class Table {
        private final long[] uids;
        private final MessageKeys[] keys;
        private final AtomicReferenceArray<int[]> ranks = new AtomicReferenceArray<>(SortCriterion.SortKey.values().length);

        Table(long[] uids, MessageKeys[] keys) {
            this.uids = uids;
            this.keys = keys;
        }

        /** The positions of {@code uids} in this table (one walk when ascending); null when one is missing. */
        Found find(long[] wanted, KeyMemo memo) {
            int[] positions = positions(wanted);
            for (int p : positions) {
                if (p < 0) {
                    return null;
                }
            }
            return found(wanted, positions, memo);
        }

        Found findOrGone(long[] wanted, KeyMemo memo) {
            return found(wanted, positions(wanted), memo);
        }

        private Found found(long[] wanted, int[] positions, KeyMemo memo) {
            MessageKeys[] out = new MessageKeys[wanted.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = positions[i] >= 0 ? keys[positions[i]] : MessageKeys.GONE;
            }
            return new Found(out, positions, this, memo);
        }

        /** Where each of {@code wanted} stands in {@link #uids}, negative when absent. */
        private int[] positions(long[] wanted) {
            int[] out = new int[wanted.length];
            int at = 0;
            long previous = -1;
            for (int i = 0; i < wanted.length; i++) {
                long uid = wanted[i];
                if (uid > previous) { // ascending, as searches give them: walk beside the table
                    while (at < uids.length && uids[at] < uid) {
                        at++;
                    }
                    out[i] = at < uids.length && uids[at] == uid ? at : -1;
                    previous = uid;
                } else {
                    out[i] = Math.max(-1, Arrays.binarySearch(uids, uid));
                }
            }
            return out;
        }

        /** The UIDs of {@code wanted} not in this table, ascending and distinct. */
        long[] missing(long[] wanted) {
            int[] positions = positions(wanted);
            long[] out = new long[wanted.length];
            int n = 0;
            for (int i = 0; i < wanted.length; i++) {
                if (positions[i] < 0) {
                    out[n++] = wanted[i];
                }
            }
            Arrays.sort(out, 0, n);
            int d = 0;
            for (int i = 0; i < n; i++) {
                if (d == 0 || out[i] != out[d - 1]) {
                    out[d++] = out[i];
                }
            }
            return Arrays.copyOf(out, d);
        }

        /** This table with ascending {@code added} (none in it yet) and their keys (null: gone, left out). */
        Table with(long[] added, MessageKeys[] addedKeys) {
            int n = uids.length;
            long[] mu = new long[n + added.length];
            MessageKeys[] mk = new MessageKeys[n + added.length];
            int i = 0;
            int j = 0;
            int o = 0;
            while (i < n || j < added.length) {
                if (j >= added.length || (i < n && uids[i] < added[j])) {
                    mu[o] = uids[i];
                    mk[o++] = keys[i++];
                } else {
                    if (addedKeys[j] != null) {
                        mu[o] = added[j];
                        mk[o++] = addedKeys[j];
                    }
                    j++;
                }
            }
            return new Table(Arrays.copyOf(mu, o), Arrays.copyOf(mk, o));
        }

        /**
         * For each key of the table, and at index {@code length} for {@link MessageKeys#GONE}, the
         * rank of its {@code key} among the distinct values ({@link Collation} order for strings;
         * equal values, equal ranks), from 0.
         */
        int[] ranks(SortCriterion.SortKey key) {
            int[] r = ranks.get(key.ordinal());
            if (r == null) {
                r = switch (key) {
                    case ARRIVAL -> numericRanks(MessageKeys::arrival);
                    case DATE -> numericRanks(MessageKeys::sent);
                    case SIZE -> numericRanks(MessageKeys::size);
                    case SUBJECT -> stringRanks(MessageKeys::subject);
                    case FROM -> stringRanks(MessageKeys::from);
                    case TO -> stringRanks(MessageKeys::to);
                    case CC -> stringRanks(MessageKeys::cc);
                    case DISPLAYFROM -> stringRanks(MessageKeys::displayFrom);
                    case DISPLAYTO -> stringRanks(MessageKeys::displayTo);
                };
                ranks.set(key.ordinal(), r); // two sessions may both compute it: the same array
            }
            return r;
        }

        private MessageKeys at(int i) {
            return i < keys.length ? keys[i] : MessageKeys.GONE;
        }

        private int[] numericRanks(ToLongFunction<MessageKeys> field) {
            int n = keys.length + 1;
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = field.applyAsLong(at(i));
            }
            long[] distinct = values.clone();
            Arrays.sort(distinct);
            int d = 0;
            for (int i = 0; i < n; i++) {
                if (i == 0 || distinct[i] != distinct[d - 1]) {
                    distinct[d++] = distinct[i];
                }
            }
            int[] r = new int[n];
            for (int i = 0; i < n; i++) {
                r[i] = Arrays.binarySearch(distinct, 0, d, values[i]);
            }
            return r;
        }

        private int[] stringRanks(Function<MessageKeys, String> field) {
            int n = keys.length + 1;
            String[] values = new String[n];
            for (int i = 0; i < n; i++) {
                values[i] = field.apply(at(i));
            }
            String[] distinct = values.clone();
            Arrays.sort(distinct, Collation::compare);
            int d = 0;
            for (int i = 0; i < n; i++) {
                if (i == 0 || !distinct[i].equals(distinct[d - 1])) {
                    distinct[d++] = distinct[i];
                }
            }
            int[] r = new int[n];
            for (int i = 0; i < n; i++) {
                r[i] = Arrays.binarySearch(distinct, 0, d, values[i], Collation::compare);
            }
            return r;
        }
    }

    /**
     * The keys of the messages a command asked for, index by index, and where each stands in
     * the memo's table (negative: gone), for {@link #ranks}.
     */
    record Found(MessageKeys[] keys, int[] positions, Table table, KeyMemo memo) {
        /**
         * For each message, the rank of its {@code key} among all distinct values of the memo
         * (equal values, equal ranks; a gone message as an empty one): what the sort compares.
         */
        int[] ranks(SortCriterion.SortKey key) {
            int[] tableRanks = table.ranks(key);
            int gone = tableRanks.length - 1;
            int[] out = new int[positions.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = tableRanks[positions[i] >= 0 ? positions[i] : gone];
            }
            return out;
        }

        /** Whether every message was found (none expunged before its keys were read). */
        boolean complete() {
            for (int p : positions) {
                if (p < 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Ends a long command whose session is ending ({@link SearchingCommand#stopWhenEnding}). */
    @FunctionalInterface
    interface Stop {
        void check() throws ImapException;
    }
}
