package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;

/**
 * NOOP (RFC 9051 section 6.1.2): does nothing; the dispatcher reports pending mailbox changes
 * after it, which is what clients poll it for.
 */
final class NoopCommand extends CoreCommand<NoArgs> {

    @Override
    public NoArgs parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return NoArgs.parse(in);
    }

    @Override
    Completion run(NoArgs args, Session session) {
        return Completion.ok("NOOP completed");
    }
}
