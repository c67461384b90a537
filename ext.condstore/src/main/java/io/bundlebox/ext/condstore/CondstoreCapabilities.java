package io.bundlebox.ext.condstore;

import io.bundlebox.imap.spi.CapabilityProvider;
import io.bundlebox.imap.spi.ImapExtension;
import io.bundlebox.imap.spi.SessionContext;
import java.util.Collection;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Advertises {@code CONDSTORE} and {@code QRESYNC} (RFC 7162 sections 3.1.1 and 3.2.2: a QRESYNC
 * server should list CONDSTORE too) in every state, as clients plan their session from the
 * greeting's list. ENABLE, which QRESYNC requires (section 3.2.3), is the core's.
 */
@Component(service = CapabilityProvider.class)
@ImapExtension({ModSeqs.CONDSTORE, ModSeqs.QRESYNC})
public final class CondstoreCapabilities implements CapabilityProvider {

    private static final List<String> CAPABILITIES = List.of(ModSeqs.CONDSTORE, ModSeqs.QRESYNC);

    @Override
    public Collection<String> capabilities(SessionContext session) {
        return CAPABILITIES;
    }
}
