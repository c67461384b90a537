package io.bundlebox.itest.probe;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Addition;
import io.bundlebox.imap.spi.AppendGuard;
import io.bundlebox.imap.spi.Reservation;
import io.bundlebox.imap.spi.SessionContext;
import org.osgi.service.component.annotations.Component;

/** Refuses to add more than 1,000 octets to a mailbox named {@code Small} (exercises AppendGuard). */
@Component(service = AppendGuard.class)
public class ProbeAppendGuard implements AppendGuard {

    @Override
    public Reservation reserve(SessionContext session, Addition addition) throws ImapException {
        if (addition.target().equals("Small") && addition.octets() > 1000) {
            throw ImapException.no(ResponseCode.OVERQUOTA, "Small holds at most 1000 octets");
        }
        return Reservation.NONE;
    }
}
