package io.bundlebox.core.internal.server;

import io.bundlebox.imap.api.SessionState;
import java.util.Collection;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The autologout timer (RFC 9051 section 5.4; RFC 2177 section 3 for IDLE): ends with
 * {@code * BYE Autologout: idle too long} every logged-in session whose connection has waited for
 * the client's next octet longer than {@link Limits#autologoutMillis()}. Any octet the client
 * sends restarts its wait; responses, keepalives and a running command do not count as client
 * activity, and a command that runs long is not idle.
 *
 * <p>One task on the server's timer looks at every session each tenth of the autologout period
 * (at least 0.1 s, at most 10 s), so a session ends at most that much after its period. One
 * sweep for all sessions instead of a socket read timeout per session: a virtual thread's timed
 * read schedules and cancels a timer task for every read, two more thread wake-ups per command.
 */
final class AutologoutSweep implements Runnable {

    private static final Logger LOG = Logger.getLogger(AutologoutSweep.class.getName());
    static final String TEXT = "Autologout: idle too long";
    private static final long MIN_PERIOD_MILLIS = 100;
    private static final long MAX_PERIOD_MILLIS = 10_000;

    private final ScheduledExecutorService timer;
    private final Collection<Session> sessions;
    private final Supplier<Limits> limits;

    /**
     * @param timer runs the sweeps; shutting it down ends them
     * @param sessions the server's open sessions, read at each sweep
     * @param limits the limits in force, read at each sweep (a configuration change applies at the next)
     */
    AutologoutSweep(ScheduledExecutorService timer, Collection<Session> sessions, Supplier<Limits> limits) {
        this.timer = timer;
        this.sessions = sessions;
        this.limits = limits;
    }

    /** Schedules the first sweep. */
    void start() {
        scheduleNext();
    }

    @Override
    public void run() {
        try {
            long allowed = TimeUnit.MILLISECONDS.toNanos(limits.get().autologoutMillis());
            long now = System.nanoTime();
            for (Session s : sessions) {
                if (s.state() != SessionState.NOT_AUTHENTICATED && !s.ending() && s.inputWaitNanos(now) > allowed) {
                    LOG.fine(() -> s.logPrefix() + "autologout");
                    // a BYE may wait for a response being written: not on the timer's thread
                    Thread.ofVirtual().name("imap-" + s.connectionId() + "-autologout").start(() -> s.bye(null, TEXT));
                }
            }
        } finally {
            scheduleNext();
        }
    }

    private void scheduleNext() {
        long period = Math.clamp(limits.get().autologoutMillis() / 10L, MIN_PERIOD_MILLIS, MAX_PERIOD_MILLIS);
        try {
            timer.schedule(this, period, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the server is shutting down
        }
    }
}
