package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.auth.AuthThrottle;
import io.bundlebox.core.internal.server.Session;
import io.bundlebox.core.internal.tenant.Tenant;
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

    /**
     * Checks a password (LOGIN), in its turn: attempts of one user name or client address are
     * decided one at a time across connections, and not before the delay after their last failure.
     */
    static Completion login(Session session, String user, String password) throws IOException, MailStoreException {
        AuthThrottle.Permit permit = turn(session, user);
        if (permit == null) {
            return busy(session);
        }
        boolean valid;
        try {
            valid = session.server().tenants().verify(user, password);
        } catch (RuntimeException e) {
            permit.release();
            throw e;
        }
        return valid ? succeeded(session, user, permit) : failed(session, user, ResponseCode.AUTHENTICATIONFAILED, permit);
    }

    /**
     * A SASL exchange's success (AUTHENTICATE), told in its turn (see {@link #login}).
     *
     * @return {@code OK [CAPABILITY ...]} (RFC 9051 section 6.2.3), or {@code NO [LIMIT]} when the
     *     user already has as many sessions as {@code limit.connections.per.user} allows
     */
    static Completion succeeded(Session session, String user) throws IOException, MailStoreException {
        AuthThrottle.Permit permit = turn(session, user);
        return permit == null ? busy(session) : succeeded(session, user, permit);
    }

    private static Completion succeeded(Session session, String user, AuthThrottle.Permit permit)
            throws IOException, MailStoreException {
        permit.succeeded();
        // the tenant of the login name's domain: its store, its extension set from now on
        Tenant tenant = session.server().tenants().forLogin(user);
        UserMailboxes mailboxes = tenant.store().user(user);
        if (!session.server().admitUser(session, user)) {
            LOG.info(session.logPrefix() + "login refused: too many sessions of one user");
            return Completion.no(ResponseCode.LIMIT, "Too many connections for this user");
        }
        session.authenticated(user, tenant, mailboxes);
        SpecialMailboxes.atLogin(mailboxes, session.server().specialMailboxes());
        String caps = String.join(" ", session.server().capabilities(session));
        return Completion.ok(ResponseCode.of("CAPABILITY", caps), "Logged in");
    }

    /**
     * A failure, told in its turn: waits the failed-authentication delay on this session's own
     * thread (other sessions go on), then answers {@code NO [AUTHENTICATIONFAILED]} or
     * {@code NO [AUTHORIZATIONFAILED]}, saying no more.
     *
     * @param user the user the client tried, or null
     */
    static Completion failed(Session session, String user, ResponseCode code) throws IOException {
        AuthThrottle.Permit permit = turn(session, user);
        return permit == null ? busy(session) : failed(session, user, code, permit);
    }

    private static Completion failed(Session session, String user, ResponseCode code, AuthThrottle.Permit permit)
            throws IOException {
        long delay = permit.failed();
        LOG.info(session.logPrefix() + "authentication failed from " + session.remoteAddress().getHostAddress());
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

    /** Waits for this user's and address's turn; null when it did not come within the maximum delay. */
    private static AuthThrottle.Permit turn(Session session, String user) throws IOException {
        try {
            return session.server().authThrottle().acquire(session.remoteAddress().getHostAddress(), user);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The answer when the turn did not come: no verdict on the credentials (nothing was checked). */
    private static Completion busy(Session session) {
        LOG.info(session.logPrefix() + "authentication not tried: too many failures of this user or address");
        return Completion.no(ResponseCode.UNAVAILABLE, "Too many failed logins; try again later");
    }
}
