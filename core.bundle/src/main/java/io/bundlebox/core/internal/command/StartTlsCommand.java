package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;

/**
 * STARTTLS (RFC 9051 section 6.2.1): {@code OK} in cleartext, then the TLS handshake; anything the
 * client sent after the command before the handshake is discarded. The client must ask for
 * CAPABILITY again afterwards, since what is offered changes (no STARTTLS, no LOGINDISABLED).
 */
final class StartTlsCommand extends CoreCommand<NoArgs> {

    @Override
    public NoArgs parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return NoArgs.parse(in);
    }

    @Override
    Completion run(NoArgs args, Session session) throws ImapException {
        if (session.secure()) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "TLS is already active");
        }
        if (session.server().tls() == null) {
            return Completion.no(ResponseCode.UNAVAILABLE, "TLS is not available");
        }
        session.startTlsAfterResponse();
        return Completion.ok("Begin TLS negotiation now");
    }
}
