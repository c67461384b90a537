package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A read of client input by a running command during which the session's outbox may write
 * ({@link SessionContext#awaitInput}), e.g. IDLE waiting for {@code DONE} (RFC 9051 section 6.3.13).
 *
 * @param <T> what the read yields
 */
@ConsumerType
@FunctionalInterface
public interface InputWait<T> {

    /**
     * Reads from the client; blocks until input arrives.
     *
     * @param in the session's reader
     * @return what was read
     * @throws IOException when the connection fails or times out
     * @throws ImapException when the input is not what the command expects
     */
    T read(ImapReader in) throws IOException, ImapException;
}
