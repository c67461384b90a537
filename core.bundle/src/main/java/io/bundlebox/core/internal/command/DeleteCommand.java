package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.MailboxName;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;

/**
 * DELETE (RFC 9051 section 6.3.5): {@code DELETE SP mailbox}. Removes the mailbox and its
 * messages but never its inferior names: with the Maildir store {@code DELETE a} leaves
 * {@code a/b} in place and LIST then shows {@code a} as {@code \NonExistent \HasChildren} (the
 * RFC's "delete only the mailbox" choice); a store that cannot do that answers
 * {@code NO [HASCHILDREN]}.
 *
 * <p>Errors: {@code NO [CANNOT]} for INBOX, {@code NO [NONEXISTENT]} for a name that is no
 * mailbox (also a bare hierarchy level). Deleting the selected mailbox is allowed: the session
 * then leaves the selected state and says so with {@code * OK [CLOSED]}, so later FETCH or STORE
 * commands get a clear BAD instead of failing against a mailbox that is gone.
 */
final class DeleteCommand extends CoreCommand<MailboxArg> {

    @Override
    public MailboxArg parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return MailboxArg.parse(in);
    }

    @Override
    Completion run(MailboxArg args, Session session) throws IOException, ImapException, MailStoreException {
        if (args.name().equals(MailboxName.INBOX)) {
            return Completion.no(ResponseCode.CANNOT, "INBOX cannot be deleted");
        }
        session.mailboxes().delete(args.name());
        closeIfSelected(session, args.name(), "Selected mailbox was deleted");
        return Completion.ok("DELETE completed");
    }

    /**
     * Leaves the selected state when the selected mailbox is {@code name} or lies below it, with
     * {@code * OK [CLOSED] text} (RFC 9051 section 7.1): its store handle no longer names a
     * mailbox.
     */
    static void closeIfSelected(Session session, String name, String text) throws IOException {
        if (session.view() == null) {
            return;
        }
        String selected = session.view().mailbox().name();
        if (selected.equals(name) || selected.startsWith(name + MailboxName.DELIMITER)) {
            session.deselect();
            session.out().status(null, "OK", ResponseCode.CLOSED, text);
        }
    }
}
