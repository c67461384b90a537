package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;

/**
 * SUBSCRIBE (RFC 9051 section 6.3.7): {@code SUBSCRIBE SP mailbox}. Adds the name to the
 * subscriptions LIST (SUBSCRIBED) and LSUB report; OK also when it was subscribed already. The
 * name need not exist (the RFC allows subscribing names that come and go); a name the store
 * could never hold is refused with {@code NO [CANNOT]}.
 */
final class SubscribeCommand extends CoreCommand<MailboxArg> {

    @Override
    public MailboxArg parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return MailboxArg.parse(in);
    }

    @Override
    Completion run(MailboxArg args, Session session) throws IOException, ImapException, MailStoreException {
        session.mailboxes().subscribe(args.name());
        return Completion.ok("SUBSCRIBE completed");
    }
}
