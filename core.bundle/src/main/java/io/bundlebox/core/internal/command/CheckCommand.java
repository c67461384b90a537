package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;

/**
 * CHECK (RFC 3501 section 6.4.1): asks for a checkpoint of the selected mailbox. Every write of
 * the store is durable when it returns, so there is nothing left to do; like NOOP, the dispatcher
 * reports pending mailbox changes after it. RFC 9051 appendix E removed CHECK from IMAP4rev2,
 * but IMAP4rev1 clients (isync/mbsync among them) send it, so it stays valid in the selected state.
 */
final class CheckCommand extends CoreCommand<NoArgs> {

    @Override
    public NoArgs parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return NoArgs.parse(in);
    }

    @Override
    Completion run(NoArgs args, Session session) {
        return Completion.ok("CHECK completed");
    }
}
