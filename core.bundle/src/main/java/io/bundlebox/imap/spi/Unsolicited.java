package io.bundlebox.imap.spi;

import io.bundlebox.imap.wire.ResponseWriter;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Untagged responses posted to a session's outbox ({@link SessionContext#post}) from any thread,
 * written by the core between commands or while a command waits for client input
 * (RFC 9051 section 7: the server may send untagged data at any time; RFC 5465 section 1).
 *
 * <p>{@link #write} runs holding the session's writer lock, never inside another response or a
 * literal, and never while a command of the session runs; it may therefore use the session's
 * selected-mailbox state (e.g. {@link SessionContext#reportChanges}). It must write whole
 * responses (each ending in CRLF) and not flush: the core flushes when the outbox is empty.
 */
@ConsumerType
@FunctionalInterface
public interface Unsolicited {

    /**
     * Writes the responses.
     *
     * @param out the session's writer
     * @throws IOException when the connection fails; the session then ends
     */
    void write(ResponseWriter out) throws IOException;
}
