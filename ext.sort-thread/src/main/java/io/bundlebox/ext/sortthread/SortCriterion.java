package io.bundlebox.ext.sortthread;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code sort-criterion} (RFC 5256 section 5, RFC 5957 section 5):
 * {@code ["REVERSE" SP] sort-key}.
 *
 * @param key the sort key
 * @param reverse whether REVERSE precedes it (it reverses this key only, not the implicit
 *     sequence-number order of ties)
 */
record SortCriterion(SortKey key, boolean reverse) {

    /** The sort keys of RFC 5256 section 3 and RFC 5957 section 4. */
    enum SortKey { ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO, DISPLAYFROM, DISPLAYTO }

    /**
     * Reads {@code sort-criteria = "(" sort-criterion *(SP sort-criterion) ")"}.
     *
     * @throws ImapException BAD naming the unknown key or the missing token
     */
    static List<SortCriterion> parseList(ImapReader in) throws IOException, ImapException {
        List<SortCriterion> out = new ArrayList<>();
        in.expect('(');
        do {
            String word = in.keyword();
            boolean reverse = word.equals("REVERSE");
            if (reverse) {
                in.sp();
                word = in.keyword();
            }
            out.add(new SortCriterion(key(word), reverse));
        } while (in.skipIf(' '));
        in.expect(')');
        return List.copyOf(out);
    }

    private static SortKey key(String word) throws ImapException {
        for (SortKey k : SortKey.values()) {
            if (k.name().equals(word)) {
                return k;
            }
        }
        throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected a sort key (ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO,"
                + " DISPLAYFROM, DISPLAYTO), found " + word);
    }

    /** The comparison of this criterion over the keys of the matches, by index. */
    IntSort.IndexComparator comparator(KeyMemo.Found found) {
        MessageKeys[] k = found.keys();
        IntSort.IndexComparator c = switch (key) {
            case ARRIVAL -> (a, b) -> Long.compare(k[a].arrival(), k[b].arrival());
            case DATE -> (a, b) -> Long.compare(k[a].sent(), k[b].sent());
            case SIZE -> (a, b) -> Long.compare(k[a].size(), k[b].size());
            case SUBJECT -> ranked(found.ranks(key, MessageKeys::subject));
            case FROM -> ranked(found.ranks(key, MessageKeys::from));
            case TO -> ranked(found.ranks(key, MessageKeys::to));
            case CC -> ranked(found.ranks(key, MessageKeys::cc));
            case DISPLAYFROM -> ranked(found.ranks(key, MessageKeys::displayFrom));
            case DISPLAYTO -> ranked(found.ranks(key, MessageKeys::displayTo));
        };
        return reverse ? (a, b) -> c.compare(b, a) : c;
    }

    /** Strings compared through their ranks in {@link Collation} order (same order, int compares). */
    private static IntSort.IndexComparator ranked(int[] ranks) {
        return (a, b) -> Integer.compare(ranks[a], ranks[b]);
    }

    /**
     * The order of RFC 5256 section 3: the criteria in priority order, then the sequence number
     * (the indexes are in mailbox order already, so the index itself breaks ties).
     */
    static IntSort.IndexComparator order(List<SortCriterion> criteria, KeyMemo.Found found) {
        IntSort.IndexComparator[] cs = criteria.stream().map(c -> c.comparator(found)).toArray(IntSort.IndexComparator[]::new);
        return (a, b) -> {
            for (IntSort.IndexComparator c : cs) {
                int r = c.compare(a, b);
                if (r != 0) {
                    return r;
                }
            }
            return Integer.compare(a, b);
        };
    }
}
