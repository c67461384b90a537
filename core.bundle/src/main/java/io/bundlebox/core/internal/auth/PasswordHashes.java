package io.bundlebox.core.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import org.apache.commons.codec.digest.Crypt;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Verifies password hashes in Dovecot's {@code {SCHEME}data} notation, as {@code doveadm pw -s SCHEME}
 * writes them (Dovecot "Password Schemes"). Supported schemes:
 * <ul>
 * <li>{@code ARGON2ID}, {@code ARGON2I}: PHC strings {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash} (Bouncy Castle);
 * <li>{@code BLF-CRYPT}: bcrypt {@code $2y$NN$...} (Bouncy Castle OpenBSDBCrypt);
 * <li>{@code SHA512-CRYPT}, {@code SHA256-CRYPT}: glibc crypt {@code $6$}/{@code $5$} (Commons Codec);
 * <li>{@code PBKDF2}: Dovecot's {@code $1$salt$rounds$hexhash}, PBKDF2-HMAC-SHA1 over the salt text, 20 octets;
 * <li>{@code SCRAM-SHA-256}: {@code iterations,salt,StoredKey,ServerKey} (RFC 7677, RFC 5802 section 3);
 * <li>{@code PLAIN}, {@code CLEAR}, {@code CLEARTEXT}: the password itself (tests and migrations).
 * </ul>
 * Anything else, and any malformed entry, never matches.
 */
public final class PasswordHashes {

    /** A valid hash of a random password, verified against for unknown users. */
    static final String DUMMY = "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$"
            + "4nF4m8h0x0rV9o7pF0n1l0e3n2a0x4S0b7J4h1k0b2Q";

    private PasswordHashes() {
    }

    /** The upper-case scheme of {@code {SCHEME}data}, or null when the entry has none. */
    static String scheme(String stored) {
        int close = stored.indexOf('}');
        return stored.startsWith("{") && close > 0 ? stored.substring(1, close).toUpperCase(Locale.ROOT) : null;
    }

    /** The data after {@code {SCHEME}}. */
    static String data(String stored) {
        return stored.substring(stored.indexOf('}') + 1);
    }

    /** Whether the scheme stores the password itself (so any mechanism can be derived from it). */
    static boolean isCleartext(String scheme) {
        return scheme != null && switch (scheme) {
            case "PLAIN", "CLEAR", "CLEARTEXT" -> true;
            default -> false;
        };
    }

    /**
     * @param stored {@code {SCHEME}data}; an entry without scheme is treated as unusable
     * @param password the cleartext candidate
     * @return whether it matches; false for unknown schemes and malformed data
     */
    public static boolean verify(String stored, String password) {
        String scheme = scheme(stored);
        if (scheme == null) {
            return false;
        }
        String data = data(stored);
        try {
            return switch (scheme) {
                case "ARGON2ID", "ARGON2I" -> verifyArgon2(data, password);
                case "BLF-CRYPT" -> OpenBSDBCrypt.checkPassword(data, password.toCharArray());
                case "SHA512-CRYPT", "SHA256-CRYPT" -> verifyCrypt(scheme.startsWith("SHA512") ? "$6$" : "$5$", data, password);
                case "PBKDF2" -> verifyDovecotPbkdf2(data, password);
                case "SCRAM-SHA-256" -> ScramCredentials.parse(data).matches(password);
                default -> isCleartext(scheme) && MessageDigest.isEqual(utf8(data), utf8(password));
            };
        } catch (RuntimeException e) {
            return false; // malformed entry: never a match, never a crash
        }
    }

    private static boolean verifyCrypt(String prefix, String data, String password) {
        if (!data.startsWith(prefix)) {
            return false;
        }
        // Crypt takes the salt (and rounds) from the stored string itself
        return MessageDigest.isEqual(utf8(data), utf8(Crypt.crypt(utf8(password), data)));
    }

    private static boolean verifyDovecotPbkdf2(String data, String password) {
        // $1$<salt text>$<rounds>$<hex of 20 octets>; the salt is used as its characters, not decoded
        String[] parts = data.split("\\$");
        if (parts.length != 5 || !parts[0].isEmpty() || !parts[1].equals("1")) {
            return false;
        }
        byte[] expected = HexFormat.of().parseHex(parts[4]);
        PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA1Digest());
        gen.init(utf8(password), utf8(parts[2]), Integer.parseInt(parts[3]));
        byte[] actual = ((KeyParameter) gen.generateDerivedParameters(expected.length * 8)).getKey();
        return MessageDigest.isEqual(expected, actual);
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
        gen.generateBytes(utf8(password), actual);
        return MessageDigest.isEqual(expected, actual);
    }

    private static String pad(String b64) {
        return b64 + "===".substring(0, (4 - b64.length() % 4) % 4);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
