package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.ResponseWriter;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A SEARCH RETURN option beyond MIN, MAX, ALL, COUNT and SAVE (RFC 4731, RFC 9051 section 6.4.4),
 * such as {@code PARTIAL} (RFC 9394); it adds a data item to the ESEARCH response.
 */
@ConsumerType
public interface SearchReturnOption {

    /** The option name, upper case. */
    String name();

    /** Reads the option's arguments, if any (after its name). */
    Object parse(ImapReader in, SessionContext session) throws IOException, ImapException;

    /**
     * Writes the option's ESEARCH data (the core wrote the preceding SP), e.g. {@code PARTIAL (1:10 ...)}.
     *
     * @param matches the matching message numbers (UIDs for UID SEARCH), ascending
     */
    void write(ResponseWriter out, Object value, long[] matches) throws IOException;
}
