package io.bundlebox.core.internal.auth;

import java.nio.charset.StandardCharsets;

/**
 * The obsolete but widely used LOGIN mechanism (draft-murchison-sasl-login): the server prompts
 * {@code Username:} and {@code Password:}, the client answers each. An initial response is the
 * user name (as Outlook and Dovecot have it).
 */
public record LoginMechanism(Credentials passwords) implements SaslMechanism {

    private static final byte[] USERNAME = "Username:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PASSWORD = "Password:".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "LOGIN";
    }

    @Override
    public boolean revealsSecret() {
        return true;
    }

    @Override
    public SaslExchange start() {
        return new SaslExchange() {
            private String user;

            @Override
            public SaslStep initial() {
                return new SaslStep.Challenge(USERNAME);
            }

            @Override
            public SaslStep respond(byte[] response) {
                String text = new String(response, StandardCharsets.UTF_8);
                if (user == null) {
                    user = text;
                    return new SaslStep.Challenge(PASSWORD);
                }
                return passwords.verify(user, text) ? new SaslStep.Success(user) : SaslStep.Failure.of(user);
            }
        };
    }
}
