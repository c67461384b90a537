package io.bundlebox.ext.sortthread;

import java.util.HashMap;
import java.util.Map;

/**
 * Numbers for Message IDs (0, 1, 2 ... in the order first asked for), so that THREAD links
 * messages through arrays: a session's {@link KeyMemo} numbers each message's IDs once, and every
 * later THREAD of that mailbox hashes no string. Not thread-safe; one per memo.
 */
final class MessageIdNumbers {

    private final Map<String, Integer> numbers = new HashMap<>();

    /** The number of {@code id}, a new one if it was never seen. */
    int number(String id) {
        Integer n = numbers.get(id);
        if (n == null) {
            n = numbers.size();
            numbers.put(id, n);
        }
        return n;
    }

    /** How many IDs have numbers: every number is below this. */
    int size() {
        return numbers.size();
    }

    /** {@code keys} all numbered by one fresh table when any of them is not numbered yet. */
    static MessageKeys[] ensure(MessageKeys[] keys) {
        for (MessageKeys k : keys) {
            if (k.ids() == null) {
                MessageIdNumbers table = new MessageIdNumbers();
                MessageKeys[] out = new MessageKeys[keys.length];
                for (int i = 0; i < keys.length; i++) {
                    out[i] = keys[i].numbered(table);
                }
                return out;
            }
        }
        return keys;
    }
}
