package io.bundlebox.ext.sortthread;

/**
 * A stable merge sort of {@code int} indexes by a comparator of indexes: no boxing, so 100k
 * messages sort in a few milliseconds.
 */
final class IntSort {

    /** Compares the items at two indexes. */
    @FunctionalInterface
    interface IndexComparator {
        int compare(int a, int b);
    }

    private static final int INSERTION = 24;

    private IntSort() {
    }

    /** Sorts {@code a} in place, stably. */
    static void sort(int[] a, IndexComparator c) {
        int[] tmp = a.clone();
        mergeSort(tmp, a, 0, a.length, c);
    }

    /** Sorts src[from, to) into dst[from, to); both start with the same content. */
    private static void mergeSort(int[] src, int[] dst, int from, int to, IndexComparator c) {
        int n = to - from;
        if (n <= INSERTION) {
            for (int i = from + 1; i < to; i++) {
                int v = dst[i];
                int j = i - 1;
                while (j >= from && c.compare(dst[j], v) > 0) {
                    dst[j + 1] = dst[j];
                    j--;
                }
                dst[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(dst, src, from, mid, c);
        mergeSort(dst, src, mid, to, c);
        if (c.compare(src[mid - 1], src[mid]) <= 0) {
            System.arraycopy(src, from, dst, from, n);
            return;
        }
        for (int i = from, p = from, q = mid; i < to; i++) {
            if (q >= to || (p < mid && c.compare(src[p], src[q]) <= 0)) {
                dst[i] = src[p++];
            } else {
                dst[i] = src[q++];
            }
        }
    }
}
