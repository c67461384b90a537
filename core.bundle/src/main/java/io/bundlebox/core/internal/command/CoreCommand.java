package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;

/**
 * Base of the core's own commands, which need the concrete {@link Session} for state changes.
 *
 * @param <A> parsed arguments
 */
abstract class CoreCommand<A> implements CommandHandler<A> {

    @Override
    public final Completion handle(A args, SessionContext session) throws IOException, ImapException {
        try {
            return run(args, (Session) session);
        } catch (MailStoreException e) {
            return Completion.no(e.code(), e.getMessage());
        }
    }

    /** Runs the command for {@code session}. */
    abstract Completion run(A args, Session session) throws IOException, ImapException, MailStoreException;
}
