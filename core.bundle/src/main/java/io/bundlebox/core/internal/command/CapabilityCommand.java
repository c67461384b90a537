package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;

/** CAPABILITY (RFC 9051 section 6.1.1): lists what this session may use now. */
final class CapabilityCommand extends CoreCommand<NoArgs> {

    @Override
    public NoArgs parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return NoArgs.parse(in);
    }

    @Override
    Completion run(NoArgs args, Session session) throws IOException {
        session.out().untagged().raw("CAPABILITY ").raw(String.join(" ", session.server().capabilities(session))).crlf();
        return Completion.ok("CAPABILITY completed");
    }
}
