package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A FETCH data item contributed by an extension (RFC 9051 section 6.4.5 is extensible through
 * {@code fetch-att}), such as {@code MODSEQ} (RFC 7162 section 3.1.4.2).
 */
@ConsumerType
public interface FetchAttribute {

    /** The item name, upper case, e.g. {@code MODSEQ}; it is also the name in the response. */
    String name();

    /**
     * Called once when a FETCH command names the item (explicitly or implied by a modifier),
     * while the command is parsed, e.g. to switch a capability on ({@link SessionContext#enable}).
     *
     * @throws ImapException BAD to refuse the command
     */
    default void requested(SessionContext session) throws IOException, ImapException {
    }

    /**
     * Writes the item's value (after the core wrote {@code NAME SP}), e.g. {@code (12345)}.
     *
     * @param record the message's index record (no content is opened for extension items)
     */
    void write(SessionContext session, MessageRecord record, ResponseWriter out) throws IOException, ImapException;
}
