package io.bundlebox.ext.sortthread;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The THREAD response data (RFC 5256 section 4, {@code thread-list}): a thread is
 * {@code "(" members ")"}; members are numbers separated by SP while each message has one
 * child; where a message has several children each child's sub-thread is its own
 * {@code "(" ... ")"}; a dummy at the top is written as its children's sub-threads only
 * ({@code ((3)(5))}). Written in two steps: the trees become {@linkplain #tokens tokens} (message
 * indexes and punctuation, compact enough to keep for the next THREAD over the same messages,
 * {@link KeyMemo#threads}), which are then {@linkplain #write(int[], long[]) written} with the
 * session's numbers. Both without recursion (threads can be thousands deep).
 */
final class ThreadWriter {

    /** Tokens other than message indexes (which are 0 and up). */
    private static final int OPEN = -1;
    private static final int CLOSE = -2;
    private static final int SPACE = -3;

    private ThreadWriter() {
    }

    /** The thread-lists of {@code threads}, concatenated, with message {@code i} written as {@code numbers[i]}. */
    static String write(List<ThreadNode> threads, long[] numbers) {
        return write(tokens(threads), numbers);
    }

    /**
     * {@code threads} as a sequence of tokens: a message index (0 and up, into the matches in
     * mailbox order), or {@code -1} for "(", {@code -2} for ")", {@code -3} for SP.
     */
    static int[] tokens(List<ThreadNode> threads) {
        int[] out = new int[64];
        int n = 0;
        ArrayList<Object> stack = new ArrayList<>();
        for (ThreadNode t : threads) {
            stack.add(CLOSE);
            stack.add(t);
            if (n + 1 >= out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[n++] = OPEN;
            while (!stack.isEmpty()) {
                if (n + 2 >= out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                Object item = stack.removeLast();
                if (item instanceof Integer token) {
                    out[n++] = token;
                    continue;
                }
                ThreadNode node = (ThreadNode) item;
                List<ThreadNode> children = node.children;
                if (!node.isDummy()) {
                    out[n++] = node.message;
                    if (children.isEmpty()) {
                        continue;
                    }
                    out[n++] = SPACE;
                }
                if (children.size() == 1) {
                    stack.add(children.get(0));
                } else {
                    for (int i = children.size() - 1; i >= 0; i--) {
                        stack.add(CLOSE);
                        stack.add(children.get(i));
                        stack.add(OPEN);
                    }
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The thread-lists that {@code tokens} ({@link #tokens}) stand for, message {@code i} written as {@code numbers[i]}. */
    static String write(int[] tokens, long[] numbers) {
        StringBuilder out = new StringBuilder(tokens.length * 4);
        for (int token : tokens) {
            switch (token) {
                case OPEN -> out.append('(');
                case CLOSE -> out.append(')');
                case SPACE -> out.append(' ');
                default -> out.append(numbers[token]);
            }
        }
        return out.toString();
    }
}
