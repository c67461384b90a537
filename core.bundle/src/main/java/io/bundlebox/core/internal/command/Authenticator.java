package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;
import java.util.logging.Logger;

/** Checks credentials for LOGIN and AUTHENTICATE and enters the authenticated state. */
final class Authenticator {

    private static final Logger LOG = Logger.getLogger(Authenticator.class.getName());

    private Authenticator() {
    }

    /**
     * @return {@code OK [CAPABILITY ...]} on success (RFC 9051 section 6.2.3), else
     *     {@code NO [AUTHENTICATIONFAILED]} without saying why
     */
    static Completion login(Session session, String user, String password) throws IOException, MailStoreException {
        if (!session.server().passwords().verify(user, password)) {
            LOG.info("[" + session.connectionId() + "] authentication failed");
            return Completion.no(ResponseCode.AUTHENTICATIONFAILED, "Authentication failed");
        }
        session.authenticated(user, session.server().store().user(user));
        String caps = String.join(" ", session.server().capabilities(session));
        return Completion.ok(ResponseCode.of("CAPABILITY", caps), "Logged in");
    }
}
