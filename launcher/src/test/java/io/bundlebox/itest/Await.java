package io.bundlebox.itest;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Waiting for a condition with a deadline (never a fixed sleep): asks {@code probe} again and
 * again, 20 ms apart, until {@code done} accepts its answer, and fails naming what was awaited and
 * the last answer when the deadline passes. The one polling loop of the tests and benchmarks
 * ({@link TestSecurity.LogCapture#awaitLine} uses it too).
 */
public final class Await {

    private static final long PAUSE_NANOS = 20_000_000;

    private Await() {
    }

    /** Something to ask that may fail (a command on a socket, a service lookup). */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    /**
     * Returns the first answer of {@code probe} that {@code done} accepts.
     *
     * @throws AssertionError after {@code timeout}, naming {@code what} and the last answer
     */
    public static <T> T until(Duration timeout, String what, Probe<T> probe, Predicate<? super T> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last;
        while (true) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not " + what + " within " + timeout.toMillis() + " ms; last seen: " + last);
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
    }

    /** Waits until {@code condition} holds. */
    public static void until(Duration timeout, String what, Callable<Boolean> condition) throws Exception {
        until(timeout, what, condition::call, Boolean::booleanValue);
    }
}
