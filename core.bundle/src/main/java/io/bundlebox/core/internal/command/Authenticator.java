package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.UserMailboxes;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * Finishes LOGIN and AUTHENTICATE: enters the authenticated state, or answers a failure after the
 * growing failed-authentication delay. Logs never hold passwords, tokens or SASL messages.
 */
final class Authenticator {

    private static final Logger LOG = Logger.getLogger(Authenticator.class.getName());

    private Authenticator() {
    }

    /** {@code NO [PRIVACYREQUIRED]} unless {@code session} may send a password (RFC 9051 sections 6.2.3, 11.1). */
    static Completion privacyRequired(Session session) {
        return session.server().cleartextAuthAllowed(session) ? null
                : Completion.no(ResponseCode.PRIVACYREQUIRED, "Use TLS (STARTTLS or the implicit-TLS port) to send credentials");
    }

    /** Checks a password (LOGIN). */
    static Completion login(Session session, String user, String password) throws IOException, MailStoreException {
        return session.server().passwords().verify(user, password) ? succeeded(session, user)
                : failed(session, user, ResponseCode.AUTHENTICATIONFAILED);
    }

    /**
     * @return {@code OK [CAPABILITY ...]} (RFC 9051 section 6.2.3), or {@code NO [LIMIT]} when the
     *     user already has as many sessions as {@code limit.connections.per.user} allows
     */
    static Completion succeeded(Session session, String user) throws IOException, MailStoreException {
        session.server().authThrottle().succeeded(session.remoteAddress().getHostAddress(), user);
        UserMailboxes mailboxes = session.server().store().user(user);
        if (!session.server().admitUser(session, user)) {
            LOG.info(session.logPrefix() + "login refused: too many sessions of one user");
            return Completion.no(ResponseCode.LIMIT, "Too many connections for this user");
        }
        session.authenticated(user, mailboxes);
        String caps = String.join(" ", session.server().capabilities(session));
        return Completion.ok(ResponseCode.of("CAPABILITY", caps), "Logged in");
    }

    /**
     * Waits the failed-authentication delay on this session's own thread (other sessions go on),
     * then answers {@code NO [AUTHENTICATIONFAILED]} or {@code NO [AUTHORIZATIONFAILED]}, saying no more.
     *
     * @param user the user the client tried, or null
     */
    static Completion failed(Session session, String user, ResponseCode code) throws IOException {
        String address = session.remoteAddress().getHostAddress();
        long delay = session.server().authThrottle().failed(address, user);
        LOG.info(session.logPrefix() + "authentication failed from " + address);
        try {
            // the growing failed-login delay: slept on this session's own virtual thread, so no
            // other session waits, while a password guesser is slowed down
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return Completion.no(code, code.equals(ResponseCode.AUTHORIZATIONFAILED) ? "Authorization failed" : "Authentication failed");
    }
}
