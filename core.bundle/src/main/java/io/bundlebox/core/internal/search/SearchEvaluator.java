package io.bundlebox.core.internal.search;

import io.bundlebox.core.internal.search.SearchKey.Cost;
import io.bundlebox.core.internal.search.SearchKey.DateRelation;
import io.bundlebox.imap.api.Flag;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Evaluates search criteria over the messages a session knows (RFC 9051 section 6.4.4). The key
 * tree is compiled once per command: sequence sets are resolved against the view, and the keys
 * of every AND are reordered cheapest first ({@link Cost}) so that flag, date, size and number
 * tests, answered from the index record, rule out messages before any file is opened; header
 * keys read the cached decoded header; only body keys parse messages.
 *
 * <p>Messages in the view that the snapshot no longer has (expunged elsewhere, not yet
 * reported) match nothing.
 */
public final class SearchEvaluator {

    /** The messages to search: the session's view and the mailbox state. */
    public interface Scope {
        /** Number of messages the client knows (the largest sequence number). */
        int size();

        /** UID of sequence number {@code seq} (1-based). */
        long uid(int seq);

        /** The mailbox state the records come from. */
        MailboxSnapshot snapshot();

        /** Message text by UID. */
        MessageText.Source texts();

        /** The saved result {@code $} as ascending UIDs (empty when nothing is saved). */
        long[] savedUids();

        /** Whether the message is \Recent in the searching session (RFC 3501 section 2.3.2). */
        default boolean recent(long uid) {
            return false;
        }
    }

    /**
     * Matching messages, ascending, as sequence numbers and as UIDs (same order, same length);
     * {@code unevaluated} counts the messages the client still knows that were expunged by another
     * session, which no key could be tested on (RFC 9051 section 7.1, EXPUNGEISSUED).
     */
    public record Result(int[] seqs, long[] uids, int unevaluated) {
        /** Number of matches. */
        public int count() {
            return seqs.length;
        }
    }

    /** One compiled key. */
    @FunctionalInterface
    private interface Test {
        boolean test(Candidate c) throws IOException;
    }

    /** The message under test, its text loaded on first need. */
    private static final class Candidate {
        final int seq;
        final MessageRecord record;
        /** {@code record.flags()}, read without touching the record. */
        final Set<String> flags;
        private final MessageText.Source texts;
        private MessageText text;
        private LocalDate sent;
        private boolean sentParsed;

        Candidate(int seq, MessageRecord record, Set<String> flags, MessageText.Source texts) {
            this.seq = seq;
            this.record = record;
            this.flags = flags;
            this.texts = texts;
        }

        MessageText text() {
            if (text == null) {
                text = texts.of(record.uid());
            }
            return text;
        }

        LocalDate sentDate() throws IOException {
            if (!sentParsed) {
                sentParsed = true;
                List<String> dates = text().header("Date");
                sent = dates.isEmpty() ? null : SentDate.parse(dates.get(0));
            }
            return sent;
        }
    }

    private final Scope scope;
    private final ZoneId zone;
    private final long maxUid;

    private SearchEvaluator(Scope scope, ZoneId zone) {
        this.scope = scope;
        this.zone = zone;
        this.maxUid = scope.size() == 0 ? 0 : scope.uid(scope.size());
    }

    /**
     * Finds the messages matching {@code key}.
     *
     * @param zone the zone in which an INTERNALDATE's date is taken (the server's)
     */
    public static Result search(SearchKey key, Scope scope, ZoneId zone) throws IOException {
        SearchEvaluator e = new SearchEvaluator(scope, zone);
        Test test = e.compile(key);
        MailboxSnapshot snap = scope.snapshot();
        int n = scope.size();
        int[] seqs = new int[n];
        long[] uids = new long[n];
        int found = 0;
        int gone = 0;
        int at = 0; // the view and the snapshot are both in UID order: walk them side by side
        for (int seq = 1; seq <= n; seq++) {
            long uid = scope.uid(seq);
            while (at < snap.size() && snap.uid(at) < uid) {
                at++;
            }
            if (at >= snap.size() || snap.uid(at) != uid) {
                gone++; // expunged elsewhere, the client not told yet: nothing to test
            } else if (test.test(new Candidate(seq, snap.get(at), snap.flags(at), scope.texts()))) {
                // UIDs and flags from the snapshot's arrays: a flag search does not visit the records
                seqs[found] = seq;
                uids[found] = uid;
                found++;
            }
        }
        return new Result(Arrays.copyOf(seqs, found), Arrays.copyOf(uids, found), gone);
    }

    private Test compile(SearchKey key) {
        return switch (key) {
            case SearchKey.All a -> c -> true;
            case SearchKey.None none -> c -> false;
            case SearchKey.Recent r -> c -> scope.recent(c.record.uid());
            case SearchKey.SequenceNumbers s -> inRanges(s.set().resolve(scope.size()), c -> c.seq);
            case SearchKey.Uids u -> inRanges(u.set().resolve(maxUid), c -> c.record.uid());
            case SearchKey.SavedResult s -> {
                long[] saved = scope.savedUids();
                yield c -> Arrays.binarySearch(saved, c.record.uid()) >= 0;
            }
            case SearchKey.Flag f -> new FlagTest(f.flag(), f.present());
            case SearchKey.InternalDate d -> c -> compare(LocalDate.ofInstant(c.record.internalDate(), zone), d.relation(), d.date());
            case SearchKey.SentDate d -> c -> {
                LocalDate sent = c.sentDate();
                return sent != null && compare(sent, d.relation(), d.date());
            };
            case SearchKey.Size s -> s.larger() ? c -> c.record.size() > s.octets() : c -> c.record.size() < s.octets();
            case SearchKey.Header h -> c -> {
                for (String value : c.text().header(h.field())) {
                    if (h.text().foundIn(value)) {
                        return true;
                    }
                }
                return false;
            };
            case SearchKey.Address a -> c -> {
                for (String value : c.text().header(a.field())) {
                    if (a.text().foundIn(value)) {
                        return true; // also what the parser cannot read, and an empty string
                    }
                    for (io.bundlebox.mime.Address address : io.bundlebox.mime.Addresses.parse(value)) {
                        if (!address.isGroupMarker() && (a.text().foundIn(address.addrSpec())
                                || address.displayName() != null && a.text().foundIn(address.displayName()))) {
                            return true;
                        }
                    }
                }
                return false;
            };
            case SearchKey.Extension x -> c -> x.test().test(c.record);
            case SearchKey.Body b -> c -> c.text().bodyContains(b.text());
            case SearchKey.Text t -> c -> c.text().textContains(t.text());
            case SearchKey.Not n -> {
                Test inner = compile(n.key());
                yield c -> !inner.test(c);
            }
            case SearchKey.Or o -> {
                // cheaper side first: it decides alone when it matches
                boolean swap = o.right().cost().compareTo(o.left().cost()) < 0;
                Test first = compile(swap ? o.right() : o.left());
                Test second = compile(swap ? o.left() : o.right());
                yield c -> first.test(c) || second.test(c);
            }
            case SearchKey.And a -> {
                List<SearchKey> ordered = new ArrayList<>(a.keys());
                ordered.sort(Comparator.comparing(SearchKey::cost)); // stable: same-cost keys keep their order
                Test[] tests = ordered.stream().map(this::compile).toArray(Test[]::new);
                yield c -> {
                    for (Test t : tests) {
                        if (!t.test(c)) {
                            return false;
                        }
                    }
                    return true;
                };
            }
        };
    }

    /**
     * A flag key (SEEN, UNSEEN, KEYWORD, ...). The store shares one immutable flag set between the
     * messages carrying the same flags, so the answer for the last set seen is kept: UNSEEN over
     * 100,000 messages looks into a handful of sets.
     */
    private static final class FlagTest implements Test {
        private final String flag;
        private final boolean present;
        private final boolean system;
        private Set<String> lastSet;
        private boolean lastAnswer;

        FlagTest(String flag, boolean present) {
            this.flag = flag;
            this.present = present;
            this.system = canonicalSystemFlag(flag);
        }

        @Override
        public boolean test(Candidate c) {
            Set<String> flags = c.flags;
            if (flags != lastSet) {
                // records spell system flags canonically (MessageRecord); keywords match case-insensitively
                lastAnswer = (system ? flags.contains(flag) : hasFlag(flags, flag)) == present;
                lastSet = flags;
            }
            return lastAnswer;
        }
    }

    /** A membership test in resolved {@code [from, to]} pairs, by binary search. */
    private static Test inRanges(long[] pairs, java.util.function.ToLongFunction<Candidate> number) {
        return c -> {
            long v = number.applyAsLong(c);
            int lo = 0;
            int hi = pairs.length / 2 - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (v < pairs[2 * mid]) {
                    hi = mid - 1;
                } else if (v > pairs[2 * mid + 1]) {
                    lo = mid + 1;
                } else {
                    return true;
                }
            }
            return false;
        };
    }

    private static boolean canonicalSystemFlag(String flag) {
        try {
            return Flag.isSystem(flag) && Flag.canonical(flag).equals(flag);
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    /** Flags compare case-insensitively (RFC 9051 section 2.3.2). */
    private static boolean hasFlag(Set<String> flags, String flag) {
        if (flags.contains(flag)) {
            return true;
        }
        for (String f : flags) {
            if (f.equalsIgnoreCase(flag)) {
                return true;
            }
        }
        return false;
    }

    private static boolean compare(LocalDate date, DateRelation relation, LocalDate arg) {
        return switch (relation) {
            case BEFORE -> date.isBefore(arg);
            case ON -> date.isEqual(arg);
            case SINCE -> !date.isBefore(arg);
        };
    }
}
