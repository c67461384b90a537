package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailboxSnapshot;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A SELECT/EXAMINE parameter (RFC 4466 section 2.1: {@code SELECT mailbox (param ...)}), such as
 * {@code CONDSTORE} or {@code QRESYNC (...)} (RFC 7162), and the extra untagged responses it
 * adds to every SELECT.
 */
@ConsumerType
public interface SelectParameter {

    /** The parameter name, upper case. */
    String name();

    /**
     * Reads the parameter's value, if it has one (the reader stands right after its name).
     *
     * @return the parsed value, or a marker object; passed back to {@link #selected}
     */
    Object parse(ImapReader in, SessionContext session) throws IOException, ImapException;

    /**
     * Called for every successful SELECT/EXAMINE after the core's own untagged responses and before
     * the tagged OK, e.g. to send {@code * OK [HIGHESTMODSEQ n]}.
     *
     * @param value what {@link #parse} returned when the client passed this parameter, else null
     */
    void selected(SessionContext session, MailboxSnapshot snapshot, Object value) throws IOException, ImapException;
}
