package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;

/**
 * UNSUBSCRIBE (RFC 9051 section 6.3.8): {@code UNSUBSCRIBE SP mailbox}. Removes the name from
 * the subscriptions; OK also when it was not subscribed, and whether or not the mailbox exists.
 */
final class UnsubscribeCommand extends CoreCommand<MailboxArg> {

    @Override
    public MailboxArg parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return MailboxArg.parse(in);
    }

    @Override
    Completion run(MailboxArg args, Session session) throws IOException, ImapException, MailStoreException {
        session.mailboxes().unsubscribe(args.name());
        return Completion.ok("UNSUBSCRIBE completed");
    }
}
