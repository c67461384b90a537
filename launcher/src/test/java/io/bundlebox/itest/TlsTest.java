package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.core.internal.tls.TlsCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS as a client sees it: implicit TLS on its own port (RFC 8314), STARTTLS on the cleartext port
 * (RFC 9051 section 6.2.1) with pipelined commands discarded, a self-signed certificate out of the
 * box, and a replaced certificate served without restart.
 */
class TlsTest {

    @TempDir
    static Path home;
    static ImapTestServer server;
    static int imapsPort;
    static SSLSocketFactory client;

    @BeforeAll
    static void start() throws Exception {
        imapsPort = ImapTestServer.freeLoopbackPort();
        server = ImapTestServer.start(home, List.of("io.bundlebox.ext.idle"), Map.of("bundlebox.imaps", "127.0.0.1:" + imapsPort));
        server.addUser("alice", "secret");
        client = TestSecurity.trusting(home.resolve("conf/tls/cert.pem"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    @Test
    void implicitTlsServesImapWithTls13AndNoStartTls() throws Exception {
        try (ImapClient c = TestSecurity.connectTls(client, imapsPort)) {
            assertTrue(c.greeting().startsWith("* OK [CAPABILITY "), c.greeting());
            assertFalse(c.greeting().contains("STARTTLS"), c.greeting());
            assertFalse(c.greeting().contains("LOGINDISABLED"), c.greeting());
            assertEquals("TLSv1.3", ((SSLSocket) c.socket()).getSession().getProtocol());
            c.ok("LOGIN alice secret");
            assertTrue(last(c.command("STARTTLS")).contains(" BAD "), "STARTTLS is only for cleartext connections");
        }
    }

    @Test
    void tls12IsAcceptedAndOlderIsNot() throws Exception {
        try (SSLSocket s = (SSLSocket) client.createSocket("127.0.0.1", imapsPort)) {
            s.setEnabledProtocols(new String[] {"TLSv1.2"});
            s.startHandshake();
            assertEquals("TLSv1.2", s.getSession().getProtocol());
        }
    }

    @Test
    void startTlsUpgradesTheCleartextConnection() throws Exception {
        try (ImapClient c = server.connect()) {
            assertTrue(c.greeting().contains(" STARTTLS"), c.greeting());
            assertTrue(last(c.command("STARTTLS")).matches("a\\d+ OK .*"));
            c.startTls(client);
            List<String> caps = c.ok("CAPABILITY");
            assertFalse(caps.get(0).contains("STARTTLS"), caps.toString());
            assertTrue(caps.get(0).contains("AUTH=PLAIN"), caps.toString());
            c.ok("LOGIN alice secret");
            c.ok("SELECT INBOX");
        }
    }

    @Test
    void commandsPipelinedAfterStartTlsAreNeverExecuted() throws Exception {
        try (ImapClient c = server.connect()) {
            // an attacker in the middle appends a command to the client's STARTTLS (CVE-2011-0411)
            c.send("s1 STARTTLS\r\ns2 LOGIN alice secret\r\n");
            assertTrue(c.readResponseLine().startsWith("s1 OK"));
            c.startTls(client);
            List<String> after = c.command("CAPABILITY");
            assertTrue(after.stream().noneMatch(l -> l.startsWith("s2")), after.toString());
            assertTrue(after.get(0).contains("AUTH="), "still not authenticated: " + after);
            assertTrue(last(c.command("SELECT INBOX")).contains(" BAD "), "SELECT needs a login");
        }
    }

    @Test
    void replacedCertificateIsServedWithoutRestart() throws Exception {
        X509Certificate before;
        try (ImapClient c = TestSecurity.connectTls(client, imapsPort)) {
            before = TestSecurity.peerCertificate(c);
        }
        // the operator installs a new pair (here: another self-signed one) over the old files
        Path staging = home.resolve("staging");
        TlsCertificates fresh = new TlsCertificates(staging.resolve("cert.pem"), staging.resolve("key.pem"));
        fresh.ensureFiles();
        Path cert = home.resolve("conf/tls/cert.pem");
        Path key = home.resolve("conf/tls/key.pem");
        FileTime later = FileTime.fromMillis(Files.getLastModifiedTime(cert).toMillis() + 2000);
        Files.copy(fresh.keyFile(), key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(fresh.certFile(), cert, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(cert, later);
        Files.setLastModifiedTime(key, later);

        SSLSocketFactory trustingNew = TestSecurity.trusting(cert);
        try (ImapClient c = TestSecurity.connectTls(trustingNew, imapsPort)) {
            assertNotEquals(before, TestSecurity.peerCertificate(c));
            c.ok("LOGIN alice secret");
        }
        try (ImapClient c = server.connect()) {
            c.ok("STARTTLS");
            c.startTls(trustingNew);
            c.ok("NOOP");
        }
        client = trustingNew;
    }
}
