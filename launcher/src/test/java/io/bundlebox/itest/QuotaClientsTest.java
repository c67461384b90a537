package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.mail.Quota;
import jakarta.mail.QuotaAwareStore;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QUOTA tried as real clients would (issue 12 item 6): Jakarta Mail (Angus Mail 2.0, from Maven
 * Central) shows the configured limits and the usage through {@code getQuota("INBOX")}, and
 * Python's imaplib reads them with {@code getquotaroot} and sees an APPEND over the limit refused.
 */
class QuotaClientsTest {

    @TempDir
    static Path home;
    static ImapTestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home);
        server.addUser("ann", "pw one");
        server.configure("io.bundlebox.ext.quota", Map.of("storage.kib", "512", "messages", "2", "mailboxes", "10"));
        try (ImapClient c = server.login("ann", "\"pw one\"")) {
            c.append("INBOX", "", QuotaTest.message(1, 2000));
            c.append("INBOX", "", QuotaTest.message(2, 1000));
            c.ok("CREATE Archive");
            // the configuration reaches the bundle through ConfigAdmin's thread
            Await.until(java.time.Duration.ofSeconds(10), "the limits applied", () -> c.ok("GETQUOTA \"\"").get(0),
                    q -> q.contains("MAILBOX 2 10"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void angusMailGetQuotaShowsTheLimitsAndTheUsage() throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.host", "127.0.0.1");
        props.put("mail.imap.port", Integer.toString(server.port()));
        props.put("mail.imap.timeout", "20000");
        Store store = Session.getInstance(props).getStore("imap");
        store.connect("ann", "pw one");
        try {
            Quota[] quotas = ((QuotaAwareStore) store).getQuota("INBOX");
            assertEquals(1, quotas.length);
            assertEquals("", quotas[0].quotaRoot);
            assertEquals(3, quotas[0].resources.length);
            assertEquals(List.of("STORAGE 3 of 512", "MESSAGE 2 of 2", "MAILBOX 2 of 10"),
                    java.util.Arrays.stream(quotas[0].resources).map(r -> r.name + " " + r.usage + " of " + r.limit).toList());
        } finally {
            store.close();
        }
    }

    @Test
    void pythonImaplibGetquotaroot() throws Exception {
        assumeTrue(available(), "python3 with imaplib is not installed: skipped");
        Path script = Path.of(QuotaClientsTest.class.getResource("/clients/imaplib_quota.py").toURI());
        Process p = new ProcessBuilder("python3", script.toString(), Integer.toString(server.port()), "ann", "pw one")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("getquotaroot: OK [[b'\"INBOX\" \"\"'], [b'\"\" (STORAGE 3 512 MESSAGE 2 2 MAILBOX 2 10)']]"), out);
        assertTrue(out.contains("getquota: OK [b'\"\" (STORAGE 3 512 MESSAGE 2 2 MAILBOX 2 10)']"), out);
        assertTrue(out.contains("append: NO [b'[OVERQUOTA] The limit of 2 messages would be exceeded']"), out);
    }

    private static boolean available() {
        try {
            return new ProcessBuilder("python3", "-c", "import imaplib").start().waitFor() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }
}
