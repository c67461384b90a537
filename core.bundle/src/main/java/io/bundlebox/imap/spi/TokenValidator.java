package io.bundlebox.imap.spi;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Validates OAuth 2.0 bearer tokens for the OAUTHBEARER SASL mechanism (RFC 7628 section 3).
 * Operators register one or more as OSGi services (for example one that introspects tokens at
 * their authorization server, RFC 7662); while none is registered the server does not offer
 * {@code AUTH=OAUTHBEARER}. Validators are asked in service-ranking order; the first that accepts
 * the token decides the user. Called on the session's own (virtual) thread, so a validator may
 * block on network I/O.
 */
@ConsumerType
public interface TokenValidator {

    /**
     * @param token the bearer token exactly as the client sent it (a secret: never log it)
     * @param requestedUser the authorization identity of the GS2 header ({@code a=...}), or null
     *     when the client named none
     * @return the login name the token authenticates, or empty when the token is not valid here
     *     (expired, wrong audience, unknown); the server then answers
     *     {@code NO [AUTHENTICATIONFAILED]} after RFC 7628's error challenge
     */
    Optional<String> validate(String token, String requestedUser);
}
