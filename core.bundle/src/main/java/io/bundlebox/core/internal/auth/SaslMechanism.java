package io.bundlebox.core.internal.auth;

/**
 * A SASL mechanism (RFC 4422) as AUTHENTICATE runs it (RFC 9051 section 6.2.2). Each
 * {@link #start()} begins an independent exchange.
 */
public interface SaslMechanism {

    /** The registered name, upper case, e.g. {@code SCRAM-SHA-256}. */
    String name();

    /**
     * Whether the client hands over a reusable secret (a password or a bearer token), so that the
     * mechanism must not run on a cleartext connection from an untrusted network (RFC 9051 section 11.1).
     */
    boolean revealsSecret();

    /** Begins an exchange. */
    SaslExchange start();
}
