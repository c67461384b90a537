package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;

/**
 * NOOP (RFC 9051 section 6.1.2) and CHECK (RFC 3501 section 6.4.1): do nothing; the dispatcher
 * reports pending mailbox changes after them, which is what clients poll NOOP for. CHECK asks for
 * a checkpoint of the selected mailbox, but every store write is durable when it returns, so
 * there is nothing left to do. RFC 9051 appendix E removed CHECK from IMAP4rev2; IMAP4rev1
 * clients (isync/mbsync among them) still send it, so it stays valid in the selected state.
 */
final class NoopCommand extends CoreCommand<NoArgs> {

    private final String name;

    /** @param name the command name, for the completion text */
    NoopCommand(String name) {
        this.name = name;
    }

    @Override
    public NoArgs parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return NoArgs.parse(in);
    }

    @Override
    Completion run(NoArgs args, Session session) {
        return Completion.ok(name + " completed");
    }
}
