package io.bundlebox.ext.sortthread;

import java.util.ArrayList;
import java.util.List;

/**
 * A message, or a dummy (a message that was referenced but is not among the searched ones), in
 * a thread tree of RFC 5256 section 3. Parent and child links are changed only through
 * {@link #link} and {@link #unlink}, which keep them consistent (the note under step 1.B).
 */
final class ThreadNode {

    /** Index of the message among the matches (mailbox order), or -1 for a dummy. */
    int message;
    ThreadNode parent;
    List<ThreadNode> children = new ArrayList<>(1);
    /** Set when step 5.C merged this node away. */
    boolean gone;

    ThreadNode(int message) {
        this.message = message;
    }

    boolean isDummy() {
        return message < 0;
    }

    /** Makes {@code child} (which has no parent) the last child of {@code parent}. */
    static void link(ThreadNode parent, ThreadNode child) {
        child.parent = parent;
        parent.children.add(child);
    }

    /** Detaches this node from its parent, if it has one. */
    void unlink() {
        if (parent != null) {
            parent.children.remove(this);
            parent = null;
        }
    }

    /** Whether this node lies below {@code ancestor} (walking parent links). */
    boolean isBelow(ThreadNode ancestor) {
        for (ThreadNode p = parent; p != null; p = p.parent) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }

    /**
     * The nodes of the trees under {@code tops} in pre-order (parents before children),
     * without recursion: a References field of thousands of IDs makes a chain that deep.
     */
    static List<ThreadNode> preOrder(List<ThreadNode> tops) {
        List<ThreadNode> out = new ArrayList<>();
        ArrayList<ThreadNode> stack = new ArrayList<>(tops.reversed());
        while (!stack.isEmpty()) {
            ThreadNode n = stack.removeLast();
            out.add(n);
            for (int i = n.children.size() - 1; i >= 0; i--) {
                stack.add(n.children.get(i));
            }
        }
        return out;
    }
}
