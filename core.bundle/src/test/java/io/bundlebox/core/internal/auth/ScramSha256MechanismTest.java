package io.bundlebox.core.internal.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SCRAM-SHA-256 (RFC 7677) run by an independent client written from RFC 5802 section 3. */
class ScramSha256MechanismTest {

    /** Made with {@code doveadm pw -s SCRAM-SHA-256 -p 'correct horse'} (see dovecot-hashes.tsv). */
    private static final String DOVECOT_ENTRY = "{SCRAM-SHA-256}4096,wx19psLvEIHWpZHGNgKZFg==,"
            + "+4gWg8QiLDYL99W4SmSz+qoyMG9JIujROP2fu8mpdHE=,AXJMqqfw7YZ9j4EDCrDEb/KCPFT4ebRY6pv2Hw0G4Yo=";

    @TempDir
    Path dir;
    private ScramSha256Mechanism scram;

    @BeforeEach
    void users() throws Exception {
        Path users = dir.resolve("users");
        Files.writeString(users, "dove:" + DOVECOT_ENTRY + "\nplain:{PLAIN}pencil\n"
                + "argon:{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$EASCCo5OF652PRpxLVo+zw$eEpFbAkLgImQTn9Rxi9Xs/KBeIWuYVfBVD8pSUBN5bY\n");
        scram = new ScramSha256Mechanism(new PasswordFile(users));
    }

    @Test
    void rfc7677ExampleServerSignature() {
        // RFC 7677 section 3: user "user", password "pencil"
        byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        ScramCredentials c = ScramCredentials.derive("pencil", salt, 4096);
        String authMessage = "n=user,r=rOprNGfwEbeRWgbNEkqO,"
                + "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
                + "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        assertEquals("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
                Base64.getEncoder().encodeToString(ScramCredentials.hmac(c.serverKey(), utf8(authMessage))));
    }

    @Test
    void dovecotScramEntryAuthenticatesAndServerProvesItself() throws Exception {
        assertInstanceOf(SaslStep.Success.class, run("dove", "correct horse"));
    }

    @Test
    void plainEntryIsUsableForScram() throws Exception {
        assertInstanceOf(SaslStep.Success.class, run("plain", "pencil"));
    }

    @Test
    void wrongPasswordFails() throws Exception {
        assertInstanceOf(SaslStep.Failure.class, run("dove", "wrong horse"));
    }

    @Test
    void unknownUserAndOneWayHashLookLikeAWrongPassword() throws Exception {
        assertInstanceOf(SaslStep.Failure.class, run("nobody", "pencil"));
        assertInstanceOf(SaslStep.Failure.class, run("argon", "correct horse"));
    }

    @Test
    void channelBindingIsRefused() {
        SaslStep step = scram.start().respond(utf8("p=tls-unique,,n=dove,r=abc"));
        assertInstanceOf(SaslStep.Failure.class, step);
    }

    /** Runs the whole exchange as a client; returns the server's last step. */
    private SaslStep run(String user, String password) throws Exception {
        SaslExchange server = scram.start();
        String bare = "n=" + user + ",r=fyko+d2lbbFgONRv9qkxdawL";
        SaslStep first = server.respond(utf8("n,," + bare));
        String serverFirst = new String(assertInstanceOf(SaslStep.Challenge.class, first).data(), StandardCharsets.UTF_8);
        Map<String, String> attrs = attributes(serverFirst);
        assertTrue(attrs.get("r").startsWith("fyko+d2lbbFgONRv9qkxdawL"), "server nonce extends the client's");

        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), Base64.getDecoder().decode(attrs.get("s")),
                Integer.parseInt(attrs.get("i")), 256);
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        byte[] clientKey = hmac(salted, "Client Key");
        String withoutProof = "c=biws,r=" + attrs.get("r");
        String authMessage = bare + "," + serverFirst + "," + withoutProof;
        byte[] signature = hmac(MessageDigest.getInstance("SHA-256").digest(clientKey), authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        SaslStep second = server.respond(utf8(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)));
        if (!(second instanceof SaslStep.Challenge serverFinal)) {
            return second;
        }
        byte[] expected = hmac(hmac(salted, "Server Key"), authMessage);
        assertEquals("v=" + Base64.getEncoder().encodeToString(expected), new String(serverFinal.data(), StandardCharsets.UTF_8));
        return server.respond(new byte[0]);
    }

    private static Map<String, String> attributes(String message) {
        Map<String, String> m = new HashMap<>();
        for (String a : message.split(",")) {
            m.put(a.substring(0, 1), a.substring(2));
        }
        return m;
    }

    private static byte[] hmac(byte[] key, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(utf8(message));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void derivedCredentialsMatchTheirPassword() {
        ScramCredentials c = ScramCredentials.derive("pencil", new byte[16], 4096);
        assertTrue(c.matches("pencil"));
        assertArrayEquals(c.storedKey(), ScramCredentials.derive("pencil", new byte[16], 4096).storedKey());
    }
}
