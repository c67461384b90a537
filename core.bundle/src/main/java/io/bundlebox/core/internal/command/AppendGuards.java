package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.Addition;
import io.bundlebox.imap.spi.AppendGuard;
import io.bundlebox.imap.spi.Reservation;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The room every {@link AppendGuard} extension reserved for one {@link Addition} (APPEND, COPY,
 * MOVE, CREATE, RENAME). Use in try-with-resources: {@link #commit()} once the store made the
 * addition durable; {@link #close()} releases whatever was not committed (a failure, the client
 * gone mid-literal).
 *
 * <p>Consulting a guard does not count as using its bundle: a session that merely appended is not
 * ended when the guard's bundle is updated or removed.
 */
final class AppendGuards implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AppendGuards.class.getName());
    private static final AppendGuards NOTHING = new AppendGuards(List.of());

    private final List<Reservation> held;
    private boolean settled;

    private AppendGuards(List<Reservation> held) {
        this.held = held;
    }

    /**
     * Reserves room with every guard the session's tenant has, in order.
     *
     * @throws ImapException the first refusal, e.g. {@code NO [OVERQUOTA]} (RFC 9208 section 4.3.1);
     *     what earlier guards reserved is released first
     */
    static AppendGuards reserve(Session session, Addition addition) throws ImapException {
        var guards = session.extensions().all(AppendGuard.class);
        if (guards.isEmpty()) {
            return NOTHING;
        }
        List<Reservation> held = new ArrayList<>(guards.size());
        AppendGuards reserved = new AppendGuards(held);
        try {
            for (var guard : guards) {
                Reservation r = guard.service().reserve(session, addition);
                held.add(r == null ? Reservation.NONE : r);
            }
        } catch (ImapException | RuntimeException e) {
            reserved.close();
            throw e;
        }
        return reserved;
    }

    /** The addition is durable: every reservation becomes usage. */
    void commit() {
        settle(true);
    }

    /** Releases the reservations unless committed. */
    @Override
    public void close() {
        settle(false);
    }

    private void settle(boolean commit) {
        if (settled || held.isEmpty()) {
            return;
        }
        settled = true;
        for (Reservation r : held) {
            try {
                if (commit) {
                    r.commit();
                } else {
                    r.release();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an append guard failed to " + (commit ? "commit" : "release") + " a reservation", e);
            }
        }
    }
}
