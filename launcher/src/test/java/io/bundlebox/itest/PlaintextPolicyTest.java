package io.bundlebox.itest;

import static io.bundlebox.itest.TestSecurity.b64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords only over TLS (RFC 9051 sections 6.2.3 and 11.1) for clients outside
 * {@code auth.trusted.networks}. The test server trusts only 10.0.0.0/8, so the test client on
 * 127.0.0.1 is an untrusted, remote client to it.
 */
class PlaintextPolicyTest {

    @TempDir
    static Path home;
    static ImapTestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home, List.of("io.bundlebox.ext.idle"), Map.of(),
                Map.of("auth.trusted.networks", "10.0.0.0/8"));
        server.addUser("alice", "secret");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    @Test
    void cleartextAdvertisesLoginDisabledAndOnlyScram() throws Exception {
        try (ImapClient c = server.connect()) {
            String caps = c.ok("CAPABILITY").get(0);
            assertTrue(caps.contains(" STARTTLS"), caps);
            assertTrue(caps.contains(" LOGINDISABLED"), caps);
            assertTrue(caps.contains(" AUTH=SCRAM-SHA-256"), caps);
            assertFalse(caps.contains("AUTH=PLAIN"), caps);
            assertFalse(caps.contains("AUTH=LOGIN"), caps);
        }
    }

    @Test
    void passwordsInTheClearAreRefused() throws Exception {
        try (ImapClient c = server.connect()) {
            assertEquals(c.nextTag() + " NO [PRIVACYREQUIRED] Use TLS (STARTTLS or the implicit-TLS port) to send credentials",
                    last(c.command("LOGIN alice secret")));
            assertTrue(last(c.command("AUTHENTICATE PLAIN " + b64("\0alice\0secret"))).contains(" NO [PRIVACYREQUIRED]"));
            assertTrue(last(c.command("AUTHENTICATE LOGIN")).contains(" NO [PRIVACYREQUIRED]"));
        }
    }

    @Test
    void scramWorksInTheClearBecauseNoPasswordCrossesTheWire() throws Exception {
        try (ImapClient c = server.connect()) {
            assertTrue(TestSecurity.scram(c, "alice", "secret").contains(" OK [CAPABILITY "));
        }
    }

    @Test
    void bearerTokensAlsoWaitForTls() throws Exception {
        var reg = TestSecurity.registerTokenValidator(server, "tok-123", "alice");
        try (ImapClient c = server.connect()) {
            assertFalse(c.greeting().contains("OAUTHBEARER"), c.greeting());
            String response = b64("n,,\u0001auth=Bearer tok-123\u0001\u0001");
            assertTrue(last(c.command("AUTHENTICATE OAUTHBEARER " + response)).contains(" NO [PRIVACYREQUIRED]"));
            c.ok("STARTTLS");
            c.startTls(TestSecurity.trusting(home.resolve("conf/tls/cert.pem")));
            assertTrue(c.ok("CAPABILITY").get(0).contains("AUTH=OAUTHBEARER"));
            assertTrue(last(c.command("AUTHENTICATE OAUTHBEARER " + response)).contains(" OK "));
        } finally {
            reg.unregister();
        }
    }

    @Test
    void afterStartTlsPasswordsAreAccepted() throws Exception {
        try (ImapClient c = server.connect()) {
            c.ok("STARTTLS");
            c.startTls(TestSecurity.trusting(home.resolve("conf/tls/cert.pem")));
            String caps = c.ok("CAPABILITY").get(0);
            assertFalse(caps.contains("LOGINDISABLED"), caps);
            assertTrue(caps.contains("AUTH=PLAIN"), caps);
            c.ok("LOGIN alice secret");
        }
    }

    @Test
    void operatorMayAllowPlaintext(@TempDir Path otherHome) throws Exception {
        try (ImapTestServer open = ImapTestServer.start(otherHome, List.of(), Map.of(),
                Map.of("auth.trusted.networks", "10.0.0.0/8", "auth.allow.plaintext", "true"))) {
            open.addUser("alice", "secret");
            try (ImapClient c = open.connect()) {
                assertFalse(c.greeting().contains("LOGINDISABLED"), c.greeting());
                assertTrue(c.greeting().contains("AUTH=PLAIN"), c.greeting());
                c.ok("LOGIN alice secret");
            }
        }
    }
}
