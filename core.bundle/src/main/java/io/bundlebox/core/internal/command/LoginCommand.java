package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;

/**
 * LOGIN (RFC 9051 section 6.2.3): {@code LOGIN SP userid SP password}. A failure says
 * {@code NO [AUTHENTICATIONFAILED]} and no more, whether the user exists or not. On a cleartext
 * connection from outside {@code auth.trusted.networks} it is refused with {@code NO [PRIVACYREQUIRED]}
 * (and LOGINDISABLED is advertised) unless {@code auth.allow.plaintext} is set.
 */
final class LoginCommand extends CoreCommand<LoginCommand.Args> {

    /** @param user userid @param password cleartext password; never logged */
    record Args(String user, String password) {
        @Override
        public String toString() {
            return "Args[user=" + user + "]";
        }
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.sp();
        String user = in.astring();
        in.sp();
        String password = in.astring();
        in.crlf();
        return new Args(user, password);
    }

    @Override
    Completion run(Args args, Session session) throws IOException, ImapException, MailStoreException {
        Completion refused = Authenticator.privacyRequired(session);
        return refused != null ? refused : Authenticator.login(session, args.user(), args.password());
    }
}
