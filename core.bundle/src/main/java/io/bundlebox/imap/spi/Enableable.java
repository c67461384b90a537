package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A capability that {@code ENABLE} switches on for a session (RFC 5161, RFC 9051 section 6.3.1),
 * such as CONDSTORE or QRESYNC. The capability must also be advertised by a {@link CapabilityProvider}.
 */
@ConsumerType
public interface Enableable {

    /** The capability name, upper case, e.g. {@code CONDSTORE}. */
    String capability();

    /**
     * Switches the capability on for {@code session}; called at most once per session.
     *
     * @throws ImapException to refuse (the capability is then not listed in {@code * ENABLED})
     */
    void enable(SessionContext session) throws IOException, ImapException;
}
