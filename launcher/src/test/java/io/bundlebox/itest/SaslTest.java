package io.bundlebox.itest;

import static io.bundlebox.itest.TestSecurity.b64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.osgi.framework.ServiceRegistration;

/**
 * LOGIN and AUTHENTICATE as clients use them: PLAIN and LOGIN with and without SASL-IR (RFC 4959),
 * SCRAM-SHA-256 (RFC 7677), OAUTHBEARER (RFC 7628) with a token validator service, cancellation,
 * users stored with every Dovecot scheme, and logs that never hold a secret.
 */
class SaslTest {

    /** Entries made with {@code doveadm pw -s SCHEME -p 'correct horse'} (Dovecot 2.3), see core test data. */
    static final Map<String, String> DOVECOT_USERS = Map.of(
            "sha512", "{SHA512-CRYPT}$6$zyGn5nSvJ.twman0$x9ikcnTYD88DNzKS5Q80oHbvV.HjwTjzoPmgu4nCc/e7gr0qEn45ZdtjdsGffuKr0jKQ1Dn38TeXGL2kqrueL.",
            "blf", "{BLF-CRYPT}$2y$05$WMBWjEsY66Q2qcyCvtKqe.MWcKG2Mvw20Ik0Iu7WhQ7cBUpF5h5BG",
            "argon", "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$EASCCo5OF652PRpxLVo+zw$eEpFbAkLgImQTn9Rxi9Xs/KBeIWuYVfBVD8pSUBN5bY",
            "pbkdf2", "{PBKDF2}$1$Q2zaiJfgC6bnKBvs$5000$ba1fd87b9ddc5e5944445304c6d7c34506f1e00d",
            "scram", "{SCRAM-SHA-256}4096,wx19psLvEIHWpZHGNgKZFg==,+4gWg8QiLDYL99W4SmSz+qoyMG9JIujROP2fu8mpdHE=,"
                    + "AXJMqqfw7YZ9j4EDCrDEb/KCPFT4ebRY6pv2Hw0G4Yo=");
    static final String PASSWORD = "correct horse";
    static final String TOKEN = "ya29.secret-bearer-token";

    @TempDir
    static Path home;
    static ImapTestServer server;
    static TestSecurity.LogCapture log;

    @BeforeAll
    static void start() throws Exception {
        log = new TestSecurity.LogCapture();
        server = ImapTestServer.start(home, List.of("io.bundlebox.ext.idle"), Map.of(),
                Map.of("auth.delay.initial.ms", "0"));
        server.addUser("alice", "s3cret-alice");
        StringBuilder users = new StringBuilder();
        DOVECOT_USERS.forEach((user, hash) -> users.append(user).append(':').append(hash).append("::::::\n"));
        Files.writeString(home.resolve("conf/users"), users, StandardOpenOption.APPEND);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        log.close();
        log.assertNeverLogged("s3cret-alice", PASSWORD, TOKEN, b64("\0alice\0s3cret-alice"), b64("s3cret-alice"));
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    static Stream<String> dovecotUsers() {
        return DOVECOT_USERS.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("dovecotUsers")
    void usersMadeByDoveadmLogIn(String user) throws Exception {
        try (ImapClient c = server.connect()) {
            assertTrue(last(c.command("LOGIN " + user + " \"" + PASSWORD + "\"")).contains(" OK [CAPABILITY "));
        }
        try (ImapClient c = server.connect()) {
            assertEquals(c.nextTag() + " NO [AUTHENTICATIONFAILED] Authentication failed",
                    last(c.command("LOGIN " + user + " \"wrong horse\"")));
        }
    }

    @Test
    void plainWithAndWithoutInitialResponse() throws Exception {
        try (ImapClient c = server.connect()) {
            assertTrue(c.greeting().contains("AUTH=PLAIN") && c.greeting().contains("SASL-IR"), c.greeting());
            assertTrue(last(c.command("AUTHENTICATE PLAIN " + b64("\0alice\0s3cret-alice"))).contains(" OK [CAPABILITY "));
        }
        try (ImapClient c = server.connect()) {
            String tag = c.sendTagged("AUTHENTICATE PLAIN");
            assertEquals("+ ", c.readResponseLine());
            c.send(b64("alice\0alice\0s3cret-alice") + "\r\n");
            assertTrue(last(c.readUntilTagged(tag)).startsWith(tag + " OK"));
        }
        try (ImapClient c = server.connect()) {
            assertTrue(last(c.command("AUTHENTICATE PLAIN " + b64("\0alice\0wrong"))).contains(" NO [AUTHENTICATIONFAILED]"));
            assertTrue(last(c.command("AUTHENTICATE PLAIN " + b64("bob\0alice\0s3cret-alice"))).contains(" NO [AUTHORIZATIONFAILED]"));
        }
    }

    @Test
    void loginMechanismPromptsForUserAndPassword() throws Exception {
        try (ImapClient c = server.connect()) {
            assertTrue(c.greeting().contains("AUTH=LOGIN"), c.greeting());
            String tag = c.sendTagged("AUTHENTICATE LOGIN");
            assertEquals("+ " + b64("Username:"), c.readResponseLine());
            c.send(b64("alice") + "\r\n");
            assertEquals("+ " + b64("Password:"), c.readResponseLine());
            c.send(b64("s3cret-alice") + "\r\n");
            assertTrue(last(c.readUntilTagged(tag)).startsWith(tag + " OK"));
        }
        try (ImapClient c = server.connect()) {
            String tag = c.sendTagged("AUTHENTICATE LOGIN " + b64("alice"));
            assertEquals("+ " + b64("Password:"), c.readResponseLine());
            c.send(b64("s3cret-alice") + "\r\n");
            assertTrue(last(c.readUntilTagged(tag)).startsWith(tag + " OK"));
        }
    }

    @Test
    void scramSha256ForScramAndPlainEntriesOnly() throws Exception {
        try (ImapClient c = server.connect()) {
            assertTrue(c.greeting().contains("AUTH=SCRAM-SHA-256"), c.greeting());
            assertTrue(TestSecurity.scram(c, "scram", PASSWORD).contains(" OK [CAPABILITY "));
            c.ok("SELECT INBOX");
        }
        try (ImapClient c = server.connect()) {
            assertTrue(TestSecurity.scram(c, "alice", "s3cret-alice").contains(" OK "));
        }
        try (ImapClient c = server.connect()) {
            assertTrue(TestSecurity.scram(c, "scram", "wrong horse").contains(" NO [AUTHENTICATIONFAILED]"));
            // an ARGON2ID user cannot use SCRAM; it looks like a wrong password, as for an unknown user
            assertTrue(TestSecurity.scram(c, "argon", PASSWORD).contains(" NO [AUTHENTICATIONFAILED]"));
            assertTrue(TestSecurity.scram(c, "nobody", PASSWORD).contains(" NO [AUTHENTICATIONFAILED]"));
        }
    }

    @Test
    void cancellationAndGarbageAreBad() throws Exception {
        try (ImapClient c = server.connect()) {
            String tag = c.sendTagged("AUTHENTICATE PLAIN");
            c.readResponseLine();
            c.send("*\r\n");
            assertTrue(last(c.readUntilTagged(tag)).startsWith(tag + " BAD"));
            tag = c.sendTagged("AUTHENTICATE LOGIN");
            c.readResponseLine();
            c.send("not base64!\r\n");
            assertTrue(last(c.readUntilTagged(tag)).startsWith(tag + " BAD"));
            assertTrue(last(c.command("AUTHENTICATE CRAM-MD5")).contains(" NO "));
            c.ok("LOGIN alice s3cret-alice"); // the connection is still usable
        }
    }

    @Test
    void oauthBearerIsOfferedWhileATokenValidatorIsRegistered() throws Exception {
        String response = b64("n,a=alice,\u0001host=localhost\u0001port=143\u0001auth=Bearer " + TOKEN + "\u0001\u0001");
        try (ImapClient c = server.connect()) {
            assertFalse(c.greeting().contains("OAUTHBEARER"), c.greeting());
            assertTrue(last(c.command("AUTHENTICATE OAUTHBEARER " + response)).contains(" NO "));
        }
        ServiceRegistration<?> reg = TestSecurity.registerTokenValidator(server, TOKEN, "alice");
        try {
            try (ImapClient c = server.connect()) {
                assertTrue(c.greeting().contains("AUTH=OAUTHBEARER"), c.greeting());
                assertTrue(last(c.command("AUTHENTICATE OAUTHBEARER " + response)).contains(" OK [CAPABILITY "));
            }
            try (ImapClient c = server.connect()) {
                // RFC 7628 section 3.2.2: an error challenge, the client's ^A, then NO
                String tag = c.sendTagged("AUTHENTICATE OAUTHBEARER " + b64("n,,\u0001auth=Bearer expired\u0001\u0001"));
                assertEquals("+ " + b64("{\"status\":\"invalid_token\"}"), c.readResponseLine());
                c.send(b64("\u0001") + "\r\n");
                assertEquals(tag + " NO [AUTHENTICATIONFAILED] Authentication failed", last(c.readUntilTagged(tag)));
            }
        } finally {
            reg.unregister();
        }
        try (ImapClient c = server.connect()) {
            assertFalse(c.greeting().contains("OAUTHBEARER"), c.greeting());
        }
    }
}
