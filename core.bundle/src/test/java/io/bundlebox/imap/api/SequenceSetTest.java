package io.bundlebox.imap.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code sequence-set} resolution (RFC 9051 section 9): {@code *}, ranges either way round, {@code $}. */
class SequenceSetTest {

    static final long STAR = SequenceSet.STAR;

    @Test
    void resolvesStarAndReversedRangesSortedAndMerged() {
        SequenceSet set = SequenceSet.of(7, 5, STAR, STAR, 1, 2, 3, 3, 4, 4);
        assertArrayEquals(new long[] {1, 7, 10, 10}, set.resolve(10));
        assertEquals("7:5,*,1:2,3,4", set.toString());
    }

    @Test
    void starRangeCoversFromTheLargest() {
        // "5:*" with largest 3 is 3:5 (RFC 9051 section 9: the order does not matter)
        assertArrayEquals(new long[] {3, 5}, SequenceSet.of(5, STAR).resolve(3));
        assertArrayEquals(new long[] {0, 0}, SequenceSet.of(STAR, STAR).resolve(0), "an empty mailbox: * is 0, which matches nothing");
    }

    @Test
    void containsHonoursStarAndOrder() {
        SequenceSet set = SequenceSet.of(9, 4);
        assertTrue(set.contains(4, 100));
        assertTrue(set.contains(9, 100));
        assertFalse(set.contains(10, 100));
        assertTrue(SequenceSet.of(STAR, 50).contains(60, 70));
        assertFalse(SequenceSet.of(STAR, 50).contains(71, 70));
    }

    @Test
    void savedResultIsTheDollarMarker() {
        assertTrue(SequenceSet.savedResult().isSavedResult());
        assertEquals("$", SequenceSet.savedResult().toString());
        assertFalse(SequenceSet.of(1, 1).isSavedResult());
    }

    @Test
    void formatsAscendingNumbersCompactly() {
        assertEquals("1:3,7,9:10", SequenceSet.format(new long[] {1, 2, 3, 7, 9, 10}));
        assertEquals("4294967295", SequenceSet.format(new long[] {4294967295L}));
    }

    @Test
    void oddNumberOfBoundsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SequenceSet.of(1, 2, 3));
    }
}
