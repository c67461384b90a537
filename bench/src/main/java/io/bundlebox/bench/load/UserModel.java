package io.bundlebox.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What one user's mailboxes must hold, as the load generator made them: the INBOX message by
 * message (corpus message and flags per UID), UIDVALIDITY and UIDNEXT, the Archive's fixed STATUS
 * and the mailbox names LIST must show. One client at a time works on a user ({@link #busy}), so
 * every answer can be checked exactly; a user whose answers went wrong once is left alone
 * ({@link #tainted}) for the rest of the run.
 */
final class UserModel {

    final String name;
    final ReentrantLock busy = new ReentrantLock();
    volatile boolean tainted;
    long uidValidity;
    long uidNext;
    /** INBOX: UID to message, ascending. */
    final TreeMap<Long, Msg> inbox = new TreeMap<>();
    int archiveMessages;
    long archiveUidNext;
    Set<String> mailboxNames = Set.of();

    /** A message of the INBOX: which corpus message it is and its flags (case-insensitive set). */
    static final class Msg {
        final int corpus;
        final Set<String> flags = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

        Msg(int corpus, Set<String> flags) {
            this.corpus = corpus;
            this.flags.addAll(flags);
        }
    }

    UserModel(String name) {
        this.name = name;
    }

    /** The INBOX's UIDs in ascending order: message sequence number n is element n-1. */
    List<Long> uids() {
        return new ArrayList<>(inbox.keySet());
    }

    /** UIDs without {@code \Seen}, ascending. */
    List<Long> unseen() {
        List<Long> r = new ArrayList<>();
        for (Map.Entry<Long, Msg> e : inbox.entrySet()) {
            if (!e.getValue().flags.contains("\\Seen")) {
                r.add(e.getKey());
            }
        }
        return r;
    }
}
