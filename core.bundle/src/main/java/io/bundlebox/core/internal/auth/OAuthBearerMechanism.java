package io.bundlebox.core.internal.auth;

import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.TokenValidator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * OAUTHBEARER (RFC 7628 section 3): the client sends {@code gs2-header ^A auth=Bearer TOKEN ^A ^A}
 * (^A is 0x01); the token is checked by the registered {@link TokenValidator}s. On failure the
 * server sends the error challenge of section 3.2.2 ({@code {"status":"invalid_token"}}), the client
 * answers {@code ^A}, and the command fails with {@code NO [AUTHENTICATIONFAILED]}.
 */
public record OAuthBearerMechanism(List<TokenValidator> validators) implements SaslMechanism {

    private static final Logger LOG = Logger.getLogger(OAuthBearerMechanism.class.getName());
    private static final byte[] INVALID_TOKEN = "{\"status\":\"invalid_token\"}".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "OAUTHBEARER";
    }

    @Override
    public boolean revealsSecret() {
        return true; // a bearer token is as good as a password while it lives
    }

    @Override
    public SaslExchange start() {
        return new SaslExchange() {
            private boolean failed;
            private String requested;

            @Override
            public SaslStep respond(byte[] response) {
                if (failed) {
                    return SaslStep.Failure.of(requested); // the client's ^A after the error challenge
                }
                SaslStep step = check(new String(response, StandardCharsets.UTF_8));
                if (step instanceof SaslStep.Failure f && f.code().equals(ResponseCode.AUTHENTICATIONFAILED)) {
                    failed = true;
                    return new SaslStep.Challenge(INVALID_TOKEN);
                }
                return step;
            }

            private SaslStep check(String message) {
                String[] fields = message.split("\u0001");
                String gs2 = fields[0];
                if (!(gs2.startsWith("n,") || gs2.startsWith("y,")) || !gs2.endsWith(",")) {
                    return SaslStep.Failure.of(null);
                }
                String authzid = gs2.substring(2, gs2.length() - 1);
                requested = authzid.startsWith("a=") ? ScramSha256Mechanism.saslName(authzid.substring(2)) : null;
                String token = null;
                for (int i = 1; i < fields.length; i++) {
                    if (fields[i].regionMatches(true, 0, "auth=Bearer ", 0, 12)) {
                        token = fields[i].substring(12).strip();
                    }
                }
                if (token == null || token.isEmpty()) {
                    return SaslStep.Failure.of(requested);
                }
                for (TokenValidator v : validators) {
                    Optional<String> user;
                    try {
                        user = v.validate(token, requested);
                    } catch (RuntimeException e) {
                        // the exception text might quote the token: log its type only
                        LOG.log(Level.WARNING, "token validator " + v.getClass().getName() + " failed: " + e.getClass().getName());
                        continue;
                    }
                    if (user.isPresent()) {
                        if (requested != null && !requested.toLowerCase(Locale.ROOT).equals(user.get().toLowerCase(Locale.ROOT))) {
                            return new SaslStep.Failure(ResponseCode.AUTHORIZATIONFAILED, requested);
                        }
                        return new SaslStep.Success(user.get());
                    }
                }
                return SaslStep.Failure.of(requested);
            }
        };
    }
}
