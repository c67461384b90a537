package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A command: parser and handler in one (DESIGN.md section 8). Registered as a service described
 * by {@link ImapCommand}; the core's own commands use the same interface.
 *
 * @param <A> the parsed arguments, a record
 */
@ConsumerType
public interface CommandHandler<A> {

    /**
     * Reads the command's arguments: everything after the command name (the reader stands on
     * the SP before the first argument, or on CRLF) up to and including the final CRLF.
     *
     * @throws ImapException BAD naming what was expected on a syntax error
     */
    A parse(ImapReader in, SessionContext session) throws IOException, ImapException;

    /**
     * Runs the command, writing untagged responses through {@link SessionContext#out()}.
     *
     * @return the tagged completion; the dispatcher writes it
     * @throws ImapException NO or BAD with a response code; BYE to end the connection
     */
    Completion handle(A args, SessionContext session) throws IOException, ImapException;
}
