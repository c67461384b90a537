package io.bundlebox.ext.sortthread;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * The order of RFC 5256 section 3 over the matches: indexes into {@code found}'s keys sorted
     * by the criteria in priority order, then by sequence number (the indexes are in mailbox
     * order already). Each criterion compares the ranks of its key ({@link KeyMemo.Found#ranks}),
     * so the sort is a stable primitive sort per criterion, the least significant first: each
     * pass sorts {@code rank << 32 | position} as {@code long}s, which keeps the earlier order
     * among equal ranks.
     */
    static int[] order(List<SortCriterion> criteria, KeyMemo.Found found) {
        int n = found.keys().length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long[] packed = new long[n];
        for (int c = criteria.size() - 1; c >= 0; c--) {
            SortCriterion criterion = criteria.get(c);
            int[] ranks = found.ranks(criterion.key());
            for (int p = 0; p < n; p++) {
                int rank = ranks[order[p]];
                packed[p] = (long) (criterion.reverse() ? Integer.MAX_VALUE - rank : rank) << 32 | p;
            }
            Arrays.sort(packed);
            int[] next = new int[n];
            for (int p = 0; p < n; p++) {
                next[p] = order[(int) packed[p]];
            }
            order = next;
        }
        return order;
    }
}
