package io.bundlebox.ext.sortthread;

import java.util.ArrayList;
import java.util.List;

/**
 * The THREAD response data (RFC 5256 section 4, {@code thread-list}): a thread is
 * {@code "(" members ")"}; members are numbers separated by SP while each message has one
 * child; where a message has several children each child's sub-thread is its own
 * {@code "(" ... ")"}; a dummy at the top is written as its children's sub-threads only
 * ({@code ((3)(5))}). Written without recursion (threads can be thousands deep).
 */
final class ThreadWriter {

    private ThreadWriter() {
    }

    /** The thread-lists of {@code threads}, concatenated, with message {@code i} written as {@code numbers[i]}. */
    static String write(List<ThreadNode> threads, long[] numbers) {
        StringBuilder out = new StringBuilder(threads.size() * 8);
        ArrayList<Object> stack = new ArrayList<>();
        for (ThreadNode t : threads) {
            stack.add(")");
            stack.add(t);
            out.append('(');
            while (!stack.isEmpty()) {
                Object item = stack.removeLast();
                if (item instanceof String s) {
                    out.append(s);
                    continue;
                }
                ThreadNode n = (ThreadNode) item;
                List<ThreadNode> children = n.children;
                if (!n.isDummy()) {
                    out.append(numbers[n.message]);
                    if (children.isEmpty()) {
                        continue;
                    }
                    out.append(' ');
                }
                if (children.size() == 1) {
                    stack.add(children.get(0));
                } else {
                    for (int i = children.size() - 1; i >= 0; i--) {
                        stack.add(")");
                        stack.add(children.get(i));
                        stack.add("(");
                    }
                }
            }
        }
        return out.toString();
    }
}
