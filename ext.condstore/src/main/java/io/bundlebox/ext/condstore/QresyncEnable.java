package io.bundlebox.ext.condstore;

import io.bundlebox.imap.spi.Enableable;
import io.bundlebox.imap.spi.SessionContext;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * {@code QRESYNC} as a capability to switch on (RFC 7162 section 3.2.3): only by
 * {@code ENABLE QRESYNC}, which implies CONDSTORE. From then on expunges are reported as
 * {@code VANISHED} ({@link ModSeqReporter}), the QRESYNC SELECT parameter and the VANISHED FETCH
 * modifier are allowed, and EXPUNGE's tagged OK carries HIGHESTMODSEQ ({@link ModSeqObserver}).
 */
@Component(service = Enableable.class)
public final class QresyncEnable implements Enableable {

    @Override
    public String capability() {
        return ModSeqs.QRESYNC;
    }

    @Override
    public Set<String> implies() {
        return Set.of(ModSeqs.CONDSTORE);
    }

    @Override
    public void enable(SessionContext session) {
        // nothing to set up: the session's enabled set is what the other parts look at
    }
}
