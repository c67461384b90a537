package io.bundlebox.imap.spi;

import java.util.Collection;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Contributes capability atoms to the CAPABILITY response and the greeting's CAPABILITY code
 * (RFC 9051 sections 6.1.1 and 7.2.2). Consulted for every response, so an installed extension
 * is advertised to new sessions at once.
 */
@ConsumerType
public interface CapabilityProvider {

    /**
     * The capabilities to advertise to this session in its current state (e.g. nothing before
     * authentication); the core filters them by the tenant's allowed set.
     *
     * @return capability atoms such as {@code IDLE} or {@code QUOTA=RES-STORAGE}; never null
     */
    Collection<String> capabilities(SessionContext session);
}
