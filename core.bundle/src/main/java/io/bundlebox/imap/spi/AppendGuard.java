package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Vetoes adding messages to a mailbox (APPEND, COPY, MOVE), e.g. for QUOTA (RFC 9208 section 5:
 * {@code NO [OVERQUOTA]}). Consulted before the message octets are accepted.
 */
@ConsumerType
public interface AppendGuard {

    /**
     * @param mailbox the destination mailbox
     * @param messages how many messages would be added
     * @param octets their total size
     * @throws ImapException NO with a response code (e.g. OVERQUOTA) to refuse
     */
    void check(SessionContext session, String mailbox, int messages, long octets) throws ImapException;
}
