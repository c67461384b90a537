package io.bundlebox.core.internal.auth;

import io.bundlebox.imap.api.ResponseCode;

/** What a {@link SaslExchange} wants next: send a challenge, or finish. */
public sealed interface SaslStep {

    /** Send {@code + base64(data)} and feed the answer back (RFC 9051 section 6.2.2). */
    record Challenge(byte[] data) implements SaslStep {
    }

    /** Authenticated as {@code user}. */
    record Success(String user) implements SaslStep {
    }

    /**
     * Not authenticated.
     *
     * @param code AUTHENTICATIONFAILED, or AUTHORIZATIONFAILED for a refused authorization identity
     * @param user the user the client tried to be, for the per-user failure delay; null if unknown
     */
    record Failure(ResponseCode code, String user) implements SaslStep {
        /** Failed credentials for {@code user}. */
        public static Failure of(String user) {
            return new Failure(ResponseCode.AUTHENTICATIONFAILED, user);
        }
    }
}
