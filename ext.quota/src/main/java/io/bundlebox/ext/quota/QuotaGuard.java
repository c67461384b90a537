package io.bundlebox.ext.quota;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.Addition;
import io.bundlebox.imap.spi.AppendGuard;
import io.bundlebox.imap.spi.Reservation;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.mailstore.UsageCounter;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Enforces the limits (RFC 9208 section 4.3.1): APPEND, COPY, CREATE and RENAME that would take
 * the user's root over a limit get {@code NO [OVERQUOTA]} and change nothing. A MOVE needs no
 * new room, as source and target are in the one root of the user; so does a RENAME that creates
 * no mailbox. Room is reserved in the {@link Ledger} before anything is written, so concurrent
 * commands cannot together pass a limit that each alone respects.
 */
@Component(service = AppendGuard.class)
public final class QuotaGuard implements AppendGuard {

    private final Quotas quotas;

    @Activate
    public QuotaGuard(@Reference Quotas quotas) {
        this.quotas = quotas;
    }

    @Override
    public Reservation reserve(SessionContext session, Addition addition) throws ImapException {
        if (addition.kind() == Addition.Kind.MOVE) {
            return Reservation.NONE;
        }
        Limits limits = quotas.limits(session);
        if (limits.none()) {
            return Reservation.NONE;
        }
        Optional<UsageCounter> counter = quotas.counter(session);
        if (counter.isEmpty()) {
            return Reservation.NONE; // the store cannot count: nothing to enforce against (see Quotas)
        }
        return quotas.ledger().reserve(session.tenant(), session.user(), limits, counter.get(), addition);
    }
}
