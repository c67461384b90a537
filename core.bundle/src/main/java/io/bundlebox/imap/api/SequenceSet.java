package io.bundlebox.imap.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed {@code sequence-set} (RFC 9051 section 9): ranges of message sequence numbers or
 * UIDs, where {@code *} stands for the largest number in use, plus the {@code $} marker of
 * SEARCHRES (section 6.4.4.1).
 *
 * <p>Ranges are kept as written; {@link #resolve(long)} turns them into sorted, merged,
 * inclusive {@code [from, to]} pairs for a mailbox whose largest number is known.
 */
public final class SequenceSet {

    /** Stands for {@code *} in a range bound. */
    public static final long STAR = -1;

    private final long[] bounds; // pairs; STAR for '*'
    private final boolean saved;

    private SequenceSet(long[] bounds, boolean saved) {
        this.bounds = bounds;
        this.saved = saved;
    }

    /** The {@code $} marker: the result saved by the last {@code SEARCH RETURN (SAVE)}. */
    public static SequenceSet savedResult() {
        return new SequenceSet(new long[0], true);
    }

    /**
     * A set from {@code from:to} pairs.
     *
     * @param pairs even-length array of bounds, each a number of 1 or more or {@link #STAR}
     */
    public static SequenceSet of(long... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("pairs must have even length");
        }
        return new SequenceSet(pairs.clone(), false);
    }

    /** True for the {@code $} marker, which the session resolves against its saved result. */
    public boolean isSavedResult() {
        return saved;
    }

    /** Number of ranges as written. */
    public int rangeCount() {
        return bounds.length / 2;
    }

    /**
     * The ranges with {@code *} replaced by {@code largest}, each ordered low to high, sorted and
     * merged. Numbers beyond {@code largest} are kept: callers drop what does not exist.
     *
     * @param largest the largest sequence number or UID in use (0 for an empty mailbox)
     * @return pairs {@code [from0, to0, from1, to1, ...]}, inclusive, ascending, non-overlapping
     */
    public long[] resolve(long largest) {
        int n = bounds.length / 2;
        long[][] ranges = new long[n][];
        for (int i = 0; i < n; i++) {
            long a = bounds[2 * i] == STAR ? largest : bounds[2 * i];
            long b = bounds[2 * i + 1] == STAR ? largest : bounds[2 * i + 1];
            ranges[i] = new long[] {Math.min(a, b), Math.max(a, b)};
        }
        Arrays.sort(ranges, (x, y) -> Long.compare(x[0], y[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : ranges) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(r);
            }
        }
        long[] out = new long[merged.size() * 2];
        for (int i = 0; i < merged.size(); i++) {
            out[2 * i] = merged.get(i)[0];
            out[2 * i + 1] = merged.get(i)[1];
        }
        return out;
    }

    /** Whether {@code value} lies in the set once {@code *} is {@code largest}. */
    public boolean contains(long value, long largest) {
        for (int i = 0; i < bounds.length; i += 2) {
            long a = bounds[i] == STAR ? largest : bounds[i];
            long b = bounds[i + 1] == STAR ? largest : bounds[i + 1];
            if (value >= Math.min(a, b) && value <= Math.max(a, b)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Formats ascending numbers as a compact sequence set, e.g. {@code 1:3,7,9:10}.
     *
     * @param sorted ascending numbers, at least one
     */
    public static String format(long[] sorted) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[j] + 1) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(sorted[i]);
            if (j > i) {
                sb.append(':').append(sorted[j]);
            }
            i = j + 1;
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        if (saved) {
            return "$";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(bounds[i] == STAR ? "*" : Long.toString(bounds[i]));
            if (bounds[i] != bounds[i + 1]) {
                sb.append(':').append(bounds[i + 1] == STAR ? "*" : Long.toString(bounds[i + 1]));
            }
        }
        return sb.toString();
    }
}
