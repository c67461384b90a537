package io.bundlebox.core.internal.auth;

import io.bundlebox.imap.api.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * SCRAM-SHA-256 (RFC 7677, RFC 5802 section 5) without channel binding. The password never
 * crosses the wire, so the mechanism is offered on cleartext connections too.
 *
 * <p>Who can use it: users whose entry is {@code {SCRAM-SHA-256}} (made by
 * {@code doveadm pw -s SCRAM-SHA-256}) or cleartext-equivalent ({@code {PLAIN}}). Users stored
 * with a one-way hash of another kind (ARGON2ID, BLF-CRYPT, SHA512-CRYPT, PBKDF2) cannot: SCRAM
 * needs its own salted keys. For them, and for unknown users, the exchange runs to the end with
 * stable fake parameters and fails, so it reveals nothing about which users exist.
 *
 * <p>User names and passwords are taken as UTF-8 without SASLprep (RFC 4013) normalization: an
 * ASCII password is unaffected, a non-ASCII one must be typed in the same Unicode form.
 *
 * <p>Exchange: client-first {@code n,,n=user,r=cnonce} → server-first {@code r=cnonce+snonce,s=salt,i=4096}
 * → client-final {@code c=biws,r=...,p=proof} → server-final {@code v=signature} as a challenge
 * (IMAP has no "additional data with success", RFC 9051 section 6.2.2) → empty response → OK.
 */
public record ScramSha256Mechanism(Credentials passwords) implements SaslMechanism {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Keys the fake salt of users without SCRAM credentials: stable per process, unguessable. */
    private static final byte[] FAKE_SALT_KEY = new byte[32];

    static {
        RANDOM.nextBytes(FAKE_SALT_KEY); // not generateSeed(): that may block on the entropy pool
    }

    @Override
    public String name() {
        return "SCRAM-SHA-256";
    }

    @Override
    public boolean revealsSecret() {
        return false;
    }

    @Override
    public SaslExchange start() {
        return new Exchange();
    }

    private final class Exchange implements SaslExchange {
        private String user;
        private String gs2Header;
        private String clientFirstBare;
        private String serverFirst;
        private String nonce;
        private ScramCredentials credentials;
        private boolean known;
        private boolean verified;

        @Override
        public SaslStep respond(byte[] response) {
            String message = new String(response, StandardCharsets.UTF_8);
            try {
                if (serverFirst == null) {
                    return clientFirst(message);
                }
                if (!verified) {
                    return clientFinal(message);
                }
                // the client acknowledges server-final with an empty response
                return message.isEmpty() ? new SaslStep.Success(user) : SaslStep.Failure.of(user);
            } catch (RuntimeException e) {
                return SaslStep.Failure.of(user); // malformed message
            }
        }

        private SaslStep clientFirst(String message) {
            // gs2-header = cbind-flag "," [authzid] "," ; channel binding ("p=") is not offered
            if (!(message.startsWith("n,") || message.startsWith("y,"))) {
                return SaslStep.Failure.of(null);
            }
            int second = message.indexOf(',', 2);
            gs2Header = message.substring(0, second + 1);
            String authzid = message.substring(2, second);
            clientFirstBare = message.substring(second + 1);
            String[] attrs = clientFirstBare.split(",");
            if (attrs.length < 2 || !attrs[0].startsWith("n=") || !attrs[1].startsWith("r=") || attrs[1].length() < 3) {
                return SaslStep.Failure.of(null);
            }
            user = saslName(attrs[0].substring(2));
            if (!authzid.isEmpty() && !saslName(authzid.substring(2)).equals(user)) {
                return new SaslStep.Failure(ResponseCode.AUTHORIZATIONFAILED, user);
            }
            credentials = passwords.scramCredentials(user);
            known = credentials != null;
            if (!known) {
                byte[] salt = Arrays.copyOf(ScramCredentials.hmac(FAKE_SALT_KEY, PasswordHashes.utf8(user)), 16);
                credentials = new ScramCredentials(ScramCredentials.DEFAULT_ITERATIONS, salt, new byte[32], new byte[32]);
            }
            byte[] serverNonce = new byte[18];
            RANDOM.nextBytes(serverNonce);
            nonce = attrs[1].substring(2) + Base64.getEncoder().encodeToString(serverNonce);
            serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credentials.salt())
                    + ",i=" + credentials.iterations();
            return new SaslStep.Challenge(PasswordHashes.utf8(serverFirst));
        }

        private SaslStep clientFinal(String message) {
            int proofAt = message.lastIndexOf(",p=");
            String withoutProof = message.substring(0, proofAt);
            String[] attrs = withoutProof.split(",");
            String expectedBinding = "c=" + Base64.getEncoder().encodeToString(PasswordHashes.utf8(gs2Header));
            if (attrs.length < 2 || !attrs[0].equals(expectedBinding) || !attrs[1].equals("r=" + nonce)) {
                return SaslStep.Failure.of(user);
            }
            byte[] proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
            byte[] authMessage = PasswordHashes.utf8(clientFirstBare + "," + serverFirst + "," + withoutProof);
            byte[] clientSignature = ScramCredentials.hmac(credentials.storedKey(), authMessage);
            if (proof.length != clientSignature.length) {
                return SaslStep.Failure.of(user);
            }
            byte[] clientKey = new byte[proof.length];
            for (int i = 0; i < proof.length; i++) {
                clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
            }
            // compare even for fake credentials, so unknown users take the same path
            boolean proofMatches = MessageDigest.isEqual(ScramCredentials.sha256(clientKey), credentials.storedKey());
            if (!known || !proofMatches) {
                return SaslStep.Failure.of(user);
            }
            verified = true;
            byte[] serverSignature = ScramCredentials.hmac(credentials.serverKey(), authMessage);
            return new SaslStep.Challenge(PasswordHashes.utf8("v=" + Base64.getEncoder().encodeToString(serverSignature)));
        }
    }

    /** Decodes a saslname: {@code =2C} is ',' and {@code =3D} is '=' (RFC 5802 section 5.1). */
    static String saslName(String s) {
        if (s.replace("=2C", "").replace("=3D", "").contains("=")) {
            throw new IllegalArgumentException("bad saslname");
        }
        return s.replace("=2C", ",").replace("=3D", "=");
    }
}
