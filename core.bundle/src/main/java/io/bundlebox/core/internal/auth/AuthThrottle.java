package io.bundlebox.core.internal.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Limits password guessing per target and per source, across connections: every failed
 * authentication of a user name and of a client address counts, and the outcome of the next
 * attempt for either is told only after a delay — {@code initial}, doubling with each further
 * failure up to {@code max} — during which no other attempt for that user or address is answered,
 * on any connection. So twenty parallel connections guess no faster than one, while users of other
 * accounts from other addresses are not slowed at all. The counts are forgotten after a success of
 * that user and address, or after an hour without failures.
 *
 * <p>Use: {@link #acquire} before revealing an outcome (a LOGIN waits before checking the
 * password), then {@link Permit#succeeded()} or {@link Permit#failed()} (which says how long to
 * wait before answering), or {@link Permit#release()} when there is no outcome. An attempt that
 * cannot get its turn within {@code max} (plus the time other attempts of its keys were being
 * checked, at most {@code max} more) is answered without a verdict ({@code acquire} gives null). The waits are on the session's own virtual thread: no other session waits for them.
 */
public final class AuthThrottle {

    private static final long FORGET_AFTER_NANOS = 3_600_000_000_000L;
    private static final int PURGE_ABOVE = 10_000;
    /** Beyond this many remembered keys even after purging (unique user names guessed), start over. */
    private static final int HARD_CAP = 200_000;

    /** What is known of one user name or client address. */
    private static final class Key {
        int failures;
        long lastFailureNanos;
        /** No verdict for this key is told before this time (after a failure: its delay). */
        long closedUntilNanos;
        /** An attempt holds this key until it has an outcome. */
        boolean held;
    }

    private final Map<String, Key> keys = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile long initialMillis;
    private volatile long maxMillis;
    private volatile boolean perUser = true;
    private volatile boolean perAddress = true;

    /** @param initialMillis delay after the first failure @param maxMillis the largest delay */
    public AuthThrottle(long initialMillis, long maxMillis) {
        configure(initialMillis, maxMillis);
    }

    /** Applies new delays; the failure counts stay. */
    public void configure(long initialMillis, long maxMillis) {
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
    }

    /** Which keys count ({@code auth.throttle = user,address}); neither switches the throttle off. */
    public void keys(boolean perUser, boolean perAddress) {
        this.perUser = perUser;
        this.perAddress = perAddress;
    }

    /** The right to tell one authentication's outcome for a user name and a client address. */
    public final class Permit {
        private final List<String> names;
        private boolean done;

        private Permit(List<String> names) {
            this.names = names;
        }

        /** Forgets the failures of this user and address; others may go on at once. */
        public void succeeded() {
            finish(true);
        }

        /**
         * Counts a failure for this user and address; no other attempt of theirs gets an answer
         * before the delay returned has passed.
         *
         * @return how long to wait before answering, in milliseconds
         */
        public long failed() {
            lock.lock();
            try {
                long now = System.nanoTime();
                long delay = 0;
                for (String n : names) {
                    Key k = keys.computeIfAbsent(n, x -> new Key());
                    k.failures = k.failures > 0 && now - k.lastFailureNanos > FORGET_AFTER_NANOS ? 1 : k.failures + 1;
                    k.lastFailureNanos = now;
                    delay = Math.max(delay, delayFor(k.failures));
                }
                for (String n : names) {
                    keys.get(n).closedUntilNanos = now + TimeUnit.MILLISECONDS.toNanos(delay);
                }
                finish(false);
                return delay;
            } finally {
                lock.unlock();
            }
        }

        /** Gives the turn back without an outcome (the attempt was cancelled or broke). */
        public void release() {
            finish(false);
        }

        /** Frees the keys (forgetting them after a success) and wakes the waiters; once. */
        private void finish(boolean forget) {
            lock.lock();
            try {
                if (done) {
                    return;
                }
                done = true;
                for (String n : names) {
                    Key k = keys.get(n);
                    if (k != null) {
                        k.held = false;
                        if (forget) {
                            keys.remove(n);
                        }
                    }
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits for the turn of this user and address: until no other attempt of theirs is being
     * decided and the delay after their last failure has passed. It waits at most the maximum
     * delay, plus the time (again at most the maximum) it spent while another attempt of theirs
     * was being decided, so an attempt that comes in during a check can still wait out the delay
     * that check's failure sets.
     *
     * @param address the client's address
     * @param user the user name tried, or null when none was given
     * @return the permit, or null when the turn did not come within the maximum delay
     * @throws InterruptedException when the session's thread is interrupted while waiting
     */
    public Permit acquire(String address, String user) throws InterruptedException {
        List<String> names = new ArrayList<>(2);
        if (perAddress) {
            names.add("ip:" + address);
        }
        if (perUser && user != null) {
            names.add("user:" + user);
        }
        long budget = TimeUnit.MILLISECONDS.toNanos(Math.max(maxMillis, 1));
        long deadline = System.nanoTime() + budget;
        // waiting while another attempt is decided may extend the deadline by up to one more
        // maximum: an attempt that arrives while a failure is being checked must still be able to
        // wait out the delay that failure sets, which ends `max` after the check, not after it came
        long extendable = budget;
        lock.lock();
        try {
            purge();
            while (true) {
                long now = System.nanoTime();
                long waitUntil = now;
                boolean held = false;
                for (String n : names) {
                    Key k = keys.get(n);
                    if (k != null) {
                        held |= k.held;
                        waitUntil = Math.max(waitUntil, k.closedUntilNanos);
                    }
                }
                if (!held && waitUntil <= now) {
                    for (String n : names) {
                        keys.computeIfAbsent(n, x -> new Key()).held = true;
                    }
                    return new Permit(names);
                }
                if (now >= deadline) {
                    return null;
                }
                if (held) {
                    changed.awaitNanos(deadline - now);
                    long waited = Math.min(System.nanoTime() - now, extendable);
                    deadline += waited;
                    extendable -= waited;
                } else {
                    changed.awaitNanos(Math.min(waitUntil, deadline) - now);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** initial * 2^(failures-1), without overflowing for large counts, at most max. */
    private long delayFor(int failures) {
        long delay = initialMillis << Math.min(failures - 1, 30);
        return Math.min(delay, maxMillis);
    }

    /** Bounded memory: forgets keys idle for an hour once there are many, everything beyond a hard cap. */
    private void purge() {
        if (keys.size() <= PURGE_ABOVE) {
            return;
        }
        long now = System.nanoTime();
        keys.values().removeIf(k -> !k.held && now - k.lastFailureNanos > FORGET_AFTER_NANOS);
        if (keys.size() > HARD_CAP) {
            keys.values().removeIf(k -> !k.held); // bounded memory matters more than the delays of the past hour
        }
    }
}
