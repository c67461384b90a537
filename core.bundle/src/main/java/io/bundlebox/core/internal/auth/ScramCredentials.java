package io.bundlebox.core.internal.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * What a SCRAM-SHA-256 server keeps of a password (RFC 5802 section 3, RFC 7677):
 * {@code StoredKey = H(HMAC(SaltedPassword, "Client Key"))}, {@code ServerKey = HMAC(SaltedPassword, "Server Key")},
 * {@code SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, iterations)}. Dovecot stores it as
 * {@code {SCRAM-SHA-256}iterations,base64(salt),base64(StoredKey),base64(ServerKey)}.
 *
 * @param iterations PBKDF2 iteration count (4096 by default, RFC 7677 section 4)
 * @param salt the salt octets
 * @param storedKey H(ClientKey), 32 octets
 * @param serverKey HMAC(SaltedPassword, "Server Key"), 32 octets
 */
public record ScramCredentials(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {

    /** Iterations used when deriving credentials from a cleartext entry. */
    public static final int DEFAULT_ITERATIONS = 4096;

    /** Parses Dovecot's {@code iterations,salt,StoredKey,ServerKey} (all but the first in base64). */
    public static ScramCredentials parse(String data) {
        String[] f = data.split(",");
        if (f.length != 4) {
            throw new IllegalArgumentException("SCRAM-SHA-256 entry needs 4 fields");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        return new ScramCredentials(Integer.parseInt(f[0]), b64.decode(f[1]), b64.decode(f[2]), b64.decode(f[3]));
    }

    /** Derives the credentials from a password (for {PLAIN} entries, and to check a password). */
    public static ScramCredentials derive(String password, byte[] salt, int iterations) {
        PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA256Digest());
        gen.init(PasswordHashes.utf8(password), salt, iterations);
        byte[] saltedPassword = ((KeyParameter) gen.generateDerivedParameters(256)).getKey();
        byte[] clientKey = hmac(saltedPassword, PasswordHashes.utf8("Client Key"));
        return new ScramCredentials(iterations, salt, sha256(clientKey), hmac(saltedPassword, PasswordHashes.utf8("Server Key")));
    }

    /** Whether {@code password} yields these credentials (for LOGIN and PLAIN against a SCRAM entry). */
    public boolean matches(String password) {
        return MessageDigest.isEqual(storedKey, derive(password, salt, iterations).storedKey);
    }

    /** HMAC-SHA-256. */
    static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** SHA-256. */
    static byte[] sha256(byte[] message) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
