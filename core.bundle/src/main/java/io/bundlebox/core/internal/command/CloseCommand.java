package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;

/**
 * CLOSE (RFC 9051 section 6.4.1) and UNSELECT (section 6.4.2): leave the selected state; CLOSE
 * also removes the {@code \Deleted} messages of a read-write mailbox, silently.
 */
final class CloseCommand extends CoreCommand<NoArgs> {

    private final boolean expunge;

    /** @param expunge true for CLOSE, false for UNSELECT */
    CloseCommand(boolean expunge) {
        this.expunge = expunge;
    }

    @Override
    public NoArgs parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return NoArgs.parse(in);
    }

    @Override
    Completion run(NoArgs args, Session session) throws MailStoreException {
        try {
            if (expunge && !session.selectedReadOnly()) {
                session.selectedMailbox().expunge(null);
            }
        } catch (MailStoreException e) {
            if (e.code() != ResponseCode.NONEXISTENT) {
                throw e;
            }
            // the mailbox was deleted meanwhile: nothing left to expunge, and closing succeeds
        } finally {
            session.deselect();
            session.attribute(MessageSets.SAVED_RESULT, null);
        }
        return Completion.ok((expunge ? "CLOSE" : "UNSELECT") + " completed");
    }
}
