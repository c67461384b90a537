package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import java.io.IOException;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A capability that can be switched on for a session (RFC 5161, RFC 9051 section 6.3.1): by
 * {@code ENABLE}, or by a command of the extension that enables it as a side effect
 * ({@link SessionContext#enable}), such as a CONDSTORE enabling command (RFC 7162 section 3.1).
 * The capability must also be advertised by a {@link CapabilityProvider} for ENABLE to accept it.
 */
@ConsumerType
public interface Enableable {

    /** The capability name, upper case, e.g. {@code CONDSTORE}. */
    String capability();

    /**
     * Capabilities (upper case) that switching this one on switches on too, before this one; e.g.
     * QRESYNC implies CONDSTORE (RFC 7162 section 3.2.3). Each must have its own {@link Enableable};
     * unknown names are ignored.
     */
    default Set<String> implies() {
        return Set.of();
    }

    /**
     * Switches the capability on for {@code session}; called at most once per session, on the
     * session's thread, possibly in the middle of another command (an enabling command), so it
     * must not write responses itself unless it knows the command allows it.
     *
     * @throws ImapException to refuse (the capability then stays off and is not listed in {@code * ENABLED})
     */
    void enable(SessionContext session) throws IOException, ImapException;
}
