package io.bundlebox.ext.idle;

import io.bundlebox.imap.spi.CapabilityProvider;
import io.bundlebox.imap.spi.SessionContext;
import java.util.Collection;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Advertises {@code IDLE} (RFC 2177 section 3; part of IMAP4rev2, RFC 9051 section 6.3.13) in every
 * state: IDLE is only valid once authenticated, but a client plans its session from the greeting's
 * capability list, and the core's {@code IMAP4rev2} (which implies IDLE) is advertised there too.
 */
@Component(service = CapabilityProvider.class)
public final class IdleCapability implements CapabilityProvider {

    private static final List<String> IDLE = List.of("IDLE");

    @Override
    public Collection<String> capabilities(SessionContext session) {
        return IDLE;
    }
}
