package io.bundlebox.core.internal.server;

import io.bundlebox.core.internal.auth.AuthThrottle;
import io.bundlebox.core.internal.auth.SaslMechanism;
import io.bundlebox.core.internal.tls.TlsCertificates;
import io.bundlebox.core.internal.tenant.TenantRegistry;
import java.util.List;

/**
 * What sessions and core commands need from the running server: limits, the live extension
 * set, capabilities, credentials and the mail store.
 */
public interface ServerRuntime {

    /** Limits in force for new commands. */
    Limits limits();

    /** The special-use mailboxes a user's first login sets up ({@code mailboxes.special}); none by default. */
    default List<io.bundlebox.core.internal.command.SpecialMailboxes.Wanted> specialMailboxes() {
        return List.of();
    }

    /** The registry of commands and extension services, core and extension; sessions look up through {@link Session#extensions()}. */
    Extensions extensions();

    /** The capabilities to advertise to {@code session} now (RFC 9051 section 7.2.2). */
    List<String> capabilities(Session session);

    /** The greeting text, e.g. {@code Bundlebox ready}. */
    String greeting();

    /** The server's name for ID (RFC 2971). */
    String serverName();

    /** Counts a BAD answer; before authentication too many unknown commands end the connection. */
    void countBad(Session session, boolean unknownCommand);

    /** The tenants: routes a login name to its tenant (users file, mail store, extension filter). */
    TenantRegistry tenants();

    /** The TLS certificates for STARTTLS, or null when TLS is not available (RFC 9051 section 6.2.1). */
    TlsCertificates tls();

    /**
     * Whether {@code session} may send a password or bearer token: over TLS, from a trusted
     * network ({@code auth.trusted.networks}), or when {@code auth.allow.plaintext} is set
     * (RFC 9051 sections 6.2.3 and 11.1; otherwise LOGINDISABLED and {@code NO [PRIVACYREQUIRED]}).
     */
    boolean cleartextAuthAllowed(Session session);

    /** The SASL mechanisms on offer now, in order of preference (OAUTHBEARER only with a token validator). */
    List<SaslMechanism> mechanisms();

    /** The failed-authentication delay. */
    AuthThrottle authThrottle();

    /** Counts a new connection; false when a connection limit is reached (the session then says BYE). */
    boolean admit(Session session);

    /** Counts a login of {@code user}; false when the per-user limit is reached. */
    boolean admitUser(Session session, String user);

    /**
     * The server's timer for deadlines of sessions (the pre-login deadline). Its tasks must be
     * short: anything that may block (a BYE) starts its own virtual thread.
     */
    java.util.concurrent.ScheduledExecutorService timer();

    /** Called when a session has ended. */
    void ended(Session session);
}
