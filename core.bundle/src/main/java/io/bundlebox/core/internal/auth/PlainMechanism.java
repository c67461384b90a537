package io.bundlebox.core.internal.auth;

import io.bundlebox.imap.api.ResponseCode;
import java.nio.charset.StandardCharsets;

/** PLAIN (RFC 4616): one message {@code [authzid] NUL authcid NUL passwd}. */
public record PlainMechanism(Credentials passwords) implements SaslMechanism {

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public boolean revealsSecret() {
        return true;
    }

    @Override
    public SaslExchange start() {
        return response -> {
            String[] parts = new String(response, StandardCharsets.UTF_8).split("\0", -1);
            if (parts.length != 3) {
                return SaslStep.Failure.of(null);
            }
            String user = parts[1];
            if (!parts[0].isEmpty() && !parts[0].equals(user)) {
                // acting as another user (proxy authorization) is not offered
                return new SaslStep.Failure(ResponseCode.AUTHORIZATIONFAILED, user);
            }
            return passwords.verify(user, parts[2]) ? new SaslStep.Success(user) : SaslStep.Failure.of(user);
        };
    }
}
