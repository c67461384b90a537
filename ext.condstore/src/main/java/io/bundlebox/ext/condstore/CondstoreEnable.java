package io.bundlebox.ext.condstore;

import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.Enableable;
import io.bundlebox.imap.spi.SessionContext;
import org.osgi.service.component.annotations.Component;

/**
 * {@code CONDSTORE} as a capability to switch on (RFC 7162 section 3.1): by {@code ENABLE CONDSTORE}
 * or any CONDSTORE enabling command. From then on every unsolicited FETCH carries UID and MODSEQ
 * ({@link ModSeqReporter}). Switched on while a mailbox is selected, the mailbox's HIGHESTMODSEQ
 * is announced once the command is done ({@link ModSeqObserver}).
 */
@Component(service = Enableable.class)
public final class CondstoreEnable implements Enableable {

    @Override
    public String capability() {
        return ModSeqs.CONDSTORE;
    }

    @Override
    public void enable(SessionContext session) {
        if (session.state() == SessionState.SELECTED) {
            session.attribute(ModSeqs.ANNOUNCE_HIGHESTMODSEQ, Boolean.TRUE);
        }
    }
}
