package io.bundlebox.core.internal.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The delay before answering a failed authentication, growing per client address and per user
 * name: {@code initial}, doubling with each further failure up to {@code max}, forgotten after a
 * success or after an hour without failures. Password guessing slows down, yet no other session
 * waits: the delay is slept on the failing session's own virtual thread.
 */
public final class AuthThrottle {

    private static final long FORGET_AFTER_NANOS = 3_600_000_000_000L;
    private static final int PURGE_ABOVE = 10_000;
    /** Beyond this many remembered keys even after purging (unique user names guessed), start over. */
    private static final int HARD_CAP = 200_000;

    private record Failures(int count, long lastNanos) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private volatile long initialMillis;
    private volatile long maxMillis;

    /** @param initialMillis delay after the first failure @param maxMillis the largest delay */
    public AuthThrottle(long initialMillis, long maxMillis) {
        configure(initialMillis, maxMillis);
    }

    /** Applies new delays; the failure counts stay. */
    public void configure(long initialMillis, long maxMillis) {
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
    }

    /**
     * Records a failure.
     *
     * @param address the client's address
     * @param user the user name tried, or null when none was given
     * @return how long to wait before answering, in milliseconds
     */
    public long failed(String address, String user) {
        long now = System.nanoTime();
        if (failures.size() > PURGE_ABOVE) {
            failures.values().removeIf(f -> now - f.lastNanos() > FORGET_AFTER_NANOS);
            if (failures.size() > HARD_CAP) {
                failures.clear(); // bounded memory matters more than the delays of the past hour
            }
        }
        int count = bump("ip:" + address, now);
        if (user != null) {
            count = Math.max(count, bump("user:" + user, now));
        }
        // initial * 2^(count-1), without overflowing for large counts
        long delay = initialMillis << Math.min(count - 1, 30);
        return Math.min(delay, maxMillis);
    }

    private int bump(String key, long now) {
        return failures.merge(key, new Failures(1, now), (old, one) ->
                now - old.lastNanos() > FORGET_AFTER_NANOS ? one : new Failures(old.count() + 1, now)).count();
    }

    /** Forgets the failures of this address and user after a successful authentication. */
    public void succeeded(String address, String user) {
        failures.remove("ip:" + address);
        failures.remove("user:" + user);
    }
}
