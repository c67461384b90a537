package io.bundlebox.core.internal.auth;

/** One run of a {@link SaslMechanism}: a state machine fed with the client's decoded responses. */
public interface SaslExchange {

    /**
     * The first step when the client sent no initial response (RFC 4959): an empty challenge
     * for client-first mechanisms, the first prompt for server-first ones.
     */
    default SaslStep initial() {
        return new SaslStep.Challenge(new byte[0]);
    }

    /** Consumes the client's next response (the initial response first, if one was sent). */
    SaslStep respond(byte[] response);
}
