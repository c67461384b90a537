package io.bundlebox.core.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Verifies Dovecot-style password hashes ({@code {SCHEME}data}). Supported here:
 * {@code {ARGON2ID}} and {@code {ARGON2I}} in PHC string form ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash},
 * computed with Bouncy Castle) and {@code {PLAIN}} for tests and migrations.
 */
public final class PasswordHashes {

    /** A valid hash of a random password, verified against for unknown users. */
    static final String DUMMY = "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$"
            + "4nF4m8h0x0rV9o7pF0n1l0e3n2a0x4S0b7J4h1k0b2Q";

    private PasswordHashes() {
    }

    /**
     * @param stored {@code {SCHEME}data}; an entry without scheme is treated as unusable
     * @param password the cleartext candidate
     * @return whether it matches; false for unknown schemes and malformed data
     */
    public static boolean verify(String stored, String password) {
        if (!stored.startsWith("{")) {
            return false;
        }
        int close = stored.indexOf('}');
        if (close < 0) {
            return false;
        }
        String scheme = stored.substring(1, close).toUpperCase(java.util.Locale.ROOT);
        String data = stored.substring(close + 1);
        try {
            return switch (scheme) {
                case "ARGON2ID", "ARGON2I" -> verifyArgon2(data, password);
                case "PLAIN" -> MessageDigest.isEqual(data.getBytes(StandardCharsets.UTF_8),
                        password.getBytes(StandardCharsets.UTF_8));
                default -> false;
            };
        } catch (RuntimeException e) {
            return false; // malformed entry: never a match, never a crash
        }
    }

    private static boolean verifyArgon2(String phc, String password) {
        // $argon2id$v=19$m=65536,t=3,p=1$<salt b64>$<hash b64>
        String[] parts = phc.split("\\$");
        if (parts.length != 6) {
            return false;
        }
        int type = switch (parts[1]) {
            case "argon2id" -> Argon2Parameters.ARGON2_id;
            case "argon2i" -> Argon2Parameters.ARGON2_i;
            case "argon2d" -> Argon2Parameters.ARGON2_d;
            default -> -1;
        };
        if (type < 0) {
            return false;
        }
        int version = Integer.parseInt(parts[2].substring(2));
        int m = 0;
        int t = 0;
        int p = 0;
        for (String kv : parts[3].split(",")) {
            int v = Integer.parseInt(kv.substring(2));
            switch (kv.charAt(0)) {
                case 'm' -> m = v;
                case 't' -> t = v;
                case 'p' -> p = v;
                default -> { }
            }
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] salt = b64.decode(pad(parts[4]));
        byte[] expected = b64.decode(pad(parts[5]));
        Argon2Parameters params = new Argon2Parameters.Builder(type).withVersion(version)
                .withMemoryAsKB(m).withIterations(t).withParallelism(p).withSalt(salt).build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        byte[] actual = new byte[expected.length];
        gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), actual);
        return MessageDigest.isEqual(expected, actual);
    }

    private static String pad(String b64) {
        return b64 + "===".substring(0, (4 - b64.length() % 4) % 4);
    }
}
