package io.bundlebox.ext.sortthread;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The threading algorithms of RFC 5256 section 3 over the keys of the searched messages, given
 * in mailbox order (index = position = sequence-number order). Both return the top-level
 * threads in order; {@link ThreadWriter} writes them.
 */
final class Threader {

    private final MessageKeys[] k;
    private final KeyMemo.Stop stop;

    private Threader(MessageKeys[] keys, KeyMemo.Stop stop) {
        this.k = keys;
        this.stop = stop;
    }

    /**
     * ORDEREDSUBJECT: messages sorted by base subject and then sent date; one thread per base
     * subject, the first message at its root and the others its children; threads ordered by
     * the sent date of their first message.
     */
    static List<ThreadNode> orderedSubject(MessageKeys[] k) {
        int[] order = new int[k.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        IntSort.sort(order, (a, b) -> {
            int r = Collation.compare(k[a].subject(), k[b].subject());
            if (r == 0) {
                r = Long.compare(k[a].sent(), k[b].sent());
            }
            return r != 0 ? r : Integer.compare(a, b);
        });
        List<ThreadNode> threads = new ArrayList<>();
        ThreadNode first = null;
        for (int i : order) {
            if (first != null && k[first.message].subject().equals(k[i].subject())) {
                ThreadNode.link(first, new ThreadNode(i));
            } else {
                first = new ThreadNode(i);
                threads.add(first);
            }
        }
        threads.sort(Comparator.comparingLong((ThreadNode t) -> k[t.message].sent()).thenComparingInt(t -> t.message));
        return threads;
    }

    /** REFERENCES: the six steps of section 3. */
    static List<ThreadNode> references(MessageKeys[] k, KeyMemo.Stop stop) throws io.bundlebox.imap.api.ImapException {
        return new Threader(MessageIdNumbers.ensure(k), stop).references();
    }

    private List<ThreadNode> references() throws io.bundlebox.imap.api.ImapException {
        List<ThreadNode> all = link();
        stop.check();
        // (2) the messages without parent are the top level (below the "root")
        List<ThreadNode> top = new ArrayList<>();
        for (ThreadNode n : all) {
            if (n.parent == null) {
                top.add(n);
            }
        }
        top = prune(top);
        // (4) sort the top level by sent date (a dummy by its first child, its children sorted first)
        for (ThreadNode n : top) {
            if (n.isDummy()) {
                n.children.sort(this::bySentDate);
            }
        }
        top.sort(this::bySentDate);
        stop.check();
        top = groupBySubject(top);
        // (6) sort every set of siblings, the deepest first, so a dummy sorts by its sorted first child
        List<ThreadNode> pre = ThreadNode.preOrder(top);
        for (int i = pre.size() - 1; i >= 0; i--) {
            pre.get(i).children.sort(this::bySentDate);
        }
        top.sort(this::bySentDate);
        return top;
    }

    /**
     * Step 1: every node, messages and dummies, in the order they were made. Message IDs:
     * a message without a valid one, or with one an earlier message already has, gets a unique
     * node that no reference can reach; a referenced ID no message has becomes a dummy.
     */
    private List<ThreadNode> link() throws io.bundlebox.imap.api.ImapException {
        int count = 0;
        for (MessageKeys m : k) {
            for (int id : m.ids()) {
                count = Math.max(count, id + 1);
            }
        }
        ThreadNode[] byId = new ThreadNode[count];
        List<ThreadNode> all = new ArrayList<>(k.length + k.length / 2);
        for (int i = 0; i < k.length; i++) {
            if ((i & 4095) == 0) {
                stop.check();
            }
            ThreadNode self = null;
            int[] ids = k[i].ids();
            if (ids[0] >= 0) {
                ThreadNode known = byId[ids[0]];
                if (known == null) {
                    self = new ThreadNode(i);
                    byId[ids[0]] = self;
                    all.add(self);
                } else if (known.isDummy()) {
                    known.message = i; // a dummy made for an earlier reference is this message
                    self = known;
                }
            }
            if (self == null) { // no valid ID, or a duplicate: a unique ID of its own
                self = new ThreadNode(i);
                all.add(self);
            }
            // (1.A) link the references as a chain, parent before child
            ThreadNode previous = null;
            for (int j = 1; j < ids.length; j++) {
                ThreadNode r = byId[ids[j]];
                if (r == null) {
                    r = new ThreadNode(-1);
                    byId[ids[j]] = r;
                    all.add(r);
                }
                if (previous != null && r.parent == null && r != previous && !wouldLoop(previous, r)) {
                    ThreadNode.link(previous, r);
                }
                previous = r;
            }
            // (1.B) the last reference is the parent, replacing a link made from a truncated References
            self.unlink();
            if (previous != null && previous != self && !wouldLoop(previous, self)) {
                ThreadNode.link(previous, self);
            }
        }
        return all;
    }

    /** Whether making {@code parent} the parent of {@code child} would make a loop. */
    private static boolean wouldLoop(ThreadNode parent, ThreadNode child) {
        return !child.children.isEmpty() && parent.isBelow(child); // a childless node has no descendants
    }

    /**
     * Step 3: a dummy without children goes; one with children is replaced by them, except at
     * the top level, where that is done only for a single child. Done from the leaves up (so
     * dummies below dummies are gone before their parent is looked at), without recursion.
     */
    private static List<ThreadNode> prune(List<ThreadNode> top) {
        List<ThreadNode> pre = ThreadNode.preOrder(top);
        for (int i = pre.size() - 1; i >= 0; i--) {
            ThreadNode n = pre.get(i);
            n.children = promoted(n, n.children, false);
        }
        return promoted(null, top, true);
    }

    private static List<ThreadNode> promoted(ThreadNode parent, List<ThreadNode> nodes, boolean top) {
        boolean any = false;
        for (ThreadNode c : nodes) {
            any |= c.isDummy();
        }
        if (!any) {
            return nodes;
        }
        List<ThreadNode> out = new ArrayList<>(nodes.size());
        for (ThreadNode c : nodes) {
            if (!c.isDummy()) {
                out.add(c);
            } else if (!c.children.isEmpty()) {
                if (!top || c.children.size() == 1) {
                    for (ThreadNode g : c.children) {
                        g.parent = parent;
                        out.add(g);
                    }
                } else {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** Step 5: threads at the top level with the same base subject are gathered. */
    private List<ThreadNode> groupBySubject(List<ThreadNode> top) {
        // (5.B) the subject table
        Map<String, ThreadNode> table = new LinkedHashMap<>();
        for (ThreadNode n : top) {
            String subject = threadSubject(n);
            if (subject.isEmpty()) {
                continue;
            }
            ThreadNode t = table.get(subject);
            if (t == null) {
                table.put(subject, n);
            } else if (!t.isDummy() && (n.isDummy() || (replyOrForward(t) && !replyOrForward(n)))) {
                table.put(subject, n);
            }
        }
        // (5.C) merge
        List<ThreadNode> added = new ArrayList<>();
        for (ThreadNode n : top) {
            if (n.gone) {
                continue; // merged below a new dummy already: no longer a child of the root
            }
            String subject = threadSubject(n);
            if (subject.isEmpty()) {
                continue;
            }
            ThreadNode t = table.get(subject);
            if (t == n) {
                continue;
            }
            if (t.isDummy() && n.isDummy()) {
                for (ThreadNode c : n.children) {
                    c.parent = t;
                    t.children.add(c);
                }
                n.children = new ArrayList<>(0);
                n.gone = true;
            } else if (t.isDummy() || (replyOrForward(n) && !replyOrForward(t))) {
                n.gone = true;
                ThreadNode.link(t, n);
            } else {
                ThreadNode dummy = new ThreadNode(-1);
                t.gone = true; // it leaves the top level for the dummy
                t.unlink();
                n.gone = true;
                ThreadNode.link(dummy, t);
                ThreadNode.link(dummy, n);
                table.put(subject, dummy);
                added.add(dummy);
            }
        }
        List<ThreadNode> out = new ArrayList<>(top.size());
        for (ThreadNode n : top) {
            if (!n.gone) {
                out.add(n);
            }
        }
        for (ThreadNode d : added) {
            if (!d.gone && d.parent == null) {
                out.add(d);
            }
        }
        return out;
    }

    /** Step 5.B.i: the base subject of the message, or of a dummy's first child. */
    private String threadSubject(ThreadNode n) {
        ThreadNode m = n.isDummy() ? n.children.get(0) : n;
        return m.isDummy() ? "" : k[m.message].subject();
    }

    private boolean replyOrForward(ThreadNode n) {
        return !n.isDummy() && k[n.message].replyOrForward();
    }

    /** Section 2.2 order: sent date, then mailbox order; a dummy by its first child. */
    private int bySentDate(ThreadNode a, ThreadNode b) {
        int x = representative(a);
        int y = representative(b);
        int r = Long.compare(k[x].sent(), k[y].sent());
        return r != 0 ? r : Integer.compare(x, y);
    }

    private static int representative(ThreadNode n) {
        while (n.isDummy() && !n.children.isEmpty()) {
            n = n.children.get(0);
        }
        return Math.max(n.message, 0);
    }
}
