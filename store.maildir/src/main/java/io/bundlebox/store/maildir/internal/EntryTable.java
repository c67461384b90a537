package io.bundlebox.store.maildir.internal;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * A map from UID to value kept as two sorted arrays: UIDs mostly arrive in ascending order, so
 * a put is an append, a lookup a binary search, and 100,000 entries cost two arrays instead of
 * 100,000 tree nodes and boxed keys. Removal leaves a hole that is squeezed out later. Not
 * thread-safe (guarded by the folder lock).
 *
 * @param <E> the value type
 */
final class EntryTable<E> {

    private long[] keys = new long[64];
    private Object[] values = new Object[64];
    /** Slots in use, holes included. */
    private int used;
    private int size;

    int size() {
        return size;
    }

    E get(long key) {
        int i = Arrays.binarySearch(keys, 0, used, key);
        return i >= 0 ? value(i) : null;
    }

    boolean containsKey(long key) {
        return get(key) != null;
    }

    /** Adds or replaces; {@code value} must not be null. */
    void put(long key, E value) {
        int i = used > 0 && keys[used - 1] < key ? -used - 1 : Arrays.binarySearch(keys, 0, used, key);
        if (i >= 0) {
            if (values[i] == null) {
                size++;
            }
            values[i] = value;
            return;
        }
        int at = -i - 1;
        if (used == keys.length) {
            keys = Arrays.copyOf(keys, used * 2);
            values = Arrays.copyOf(values, used * 2);
        }
        System.arraycopy(keys, at, keys, at + 1, used - at);
        System.arraycopy(values, at, values, at + 1, used - at);
        keys[at] = key;
        values[at] = value;
        used++;
        size++;
    }

    /** Removes and returns the value of {@code key}, or null. */
    E remove(long key) {
        int i = Arrays.binarySearch(keys, 0, used, key);
        if (i < 0 || values[i] == null) {
            return null;
        }
        E old = value(i);
        values[i] = null;
        size--;
        return old;
    }

    /** The value of the smallest key, or null when empty; holes before it are squeezed out once they outnumber the values. */
    E first() {
        if (size == 0) {
            return null;
        }
        if (used > 2 * size + 64) {
            squeeze();
        }
        for (int i = 0; i < used; i++) {
            if (values[i] != null) {
                return value(i);
            }
        }
        return null;
    }

    /** The keys in ascending order (a copy). */
    long[] keys() {
        squeeze();
        return Arrays.copyOf(keys, used);
    }

    /** The values in ascending key order, as a view valid until the next change. */
    List<E> values() {
        squeeze();
        return new AbstractList<>() {
            @Override
            public E get(int index) {
                return value(index);
            }

            @Override
            public int size() {
                return used;
            }
        };
    }

    private void squeeze() {
        if (size == used) {
            return;
        }
        int to = 0;
        for (int from = 0; from < used; from++) {
            if (values[from] != null) {
                keys[to] = keys[from];
                values[to++] = values[from];
            }
        }
        Arrays.fill(values, to, used, null);
        used = to;
    }

    @SuppressWarnings("unchecked")
    private E value(int index) {
        return (E) values[index];
    }
}
