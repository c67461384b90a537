package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.wire.ResponseWriter;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A LIST RETURN option beyond SUBSCRIBED, CHILDREN, SPECIAL-USE and STATUS (RFC 5258 section 3),
 * which writes extra untagged responses after each LIST line, such as {@code MYRIGHTS} or
 * {@code METADATA}.
 */
@ConsumerType
public interface ListReturnOption {

    /** The option name, upper case. */
    String name();

    /** Called after the {@code * LIST} line of {@code mailbox} (an existing, selectable mailbox). */
    void afterList(SessionContext session, String mailbox, ResponseWriter out) throws IOException, ImapException;
}
