package io.bundlebox.store.maildir.internal;

import java.io.IOException;

/**
 * Group commit for one file or directory: a thread that needs "everything written so far" on
 * disk calls {@link #sync}; while one fsync runs, later callers wait and then share a single
 * following fsync instead of queueing one each. This is what lets several sessions append to
 * one mailbox faster than one fsync per message would allow.
 */
final class GroupSync {

    /** The fsync to run. */
    @FunctionalInterface
    interface Action {
        void run() throws IOException;
    }

    private final Action action;
    private long requested;
    private long completed;
    private boolean running;

    GroupSync(Action action) {
        this.action = action;
    }

    /** Returns once everything written before this call is durable. */
    void sync() throws IOException {
        long ticket;
        long covers;
        synchronized (this) {
            ticket = ++requested;
            while (completed < ticket && running) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for fsync", e);
                }
            }
            if (completed >= ticket) {
                return;
            }
            running = true;
            covers = requested;
        }
        boolean ok = false;
        try {
            action.run();
            ok = true;
        } finally {
            synchronized (this) {
                running = false;
                if (ok) {
                    completed = Math.max(completed, covers);
                }
                notifyAll();
            }
        }
    }
}
