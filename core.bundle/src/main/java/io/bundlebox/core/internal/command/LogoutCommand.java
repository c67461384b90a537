package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;

/** LOGOUT (RFC 9051 section 6.1.3): untagged BYE, then the tagged OK, then the connection closes. */
final class LogoutCommand extends CoreCommand<NoArgs> {

    @Override
    public NoArgs parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return NoArgs.parse(in);
    }

    @Override
    Completion run(NoArgs args, Session session) throws IOException {
        session.out().status(null, "BYE", null, "Logging out");
        session.deselect();
        session.logout();
        return Completion.ok("LOGOUT completed");
    }
}
