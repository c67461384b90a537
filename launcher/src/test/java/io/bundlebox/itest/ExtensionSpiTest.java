package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * Every extension point of DESIGN.md section 4, exercised by a probe extension bundle
 * (package io.bundlebox.itest.probe, built with bnd at test time) installed into a running
 * framework after the server started, and withdrawn again.
 */
class ExtensionSpiTest {

    @TempDir
    static Path home;
    static ImapTestServer server;
    static Bundle probe;

    static final byte[] MESSAGE = ("From: a@example.org\r\nSubject: probe\r\n\r\n" + "x".repeat(2000) + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home);
        server.addUser("probe", "pw");
        Path jar = TestBundles.build("io.bundlebox.itest.probe", "1.0.0", "io.bundlebox.itest.probe",
                home.resolve("probe.jar"));
        probe = server.framework().getBundleContext().installBundle(jar.toUri().toString());
        probe.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    @Test
    void commandCapabilityAndEnableComeFromTheExtension() throws Exception {
        try (ImapClient c = server.login("probe", "pw")) {
            assertTrue(c.ok("CAPABILITY").get(0).contains(" XPROBE"));
            List<String> x = c.ok("XPROBE hello");
            assertEquals("* XPROBE \"hello\"", x.get(0));
            assertEquals("* ENABLED XPROBE", c.ok("ENABLE XPROBE").get(0));
        }
    }

    @Test
    void fetchAttributeFetchModifierStoreModifierAndSelectParameter() throws Exception {
        try (ImapClient c = server.login("probe", "pw")) {
            c.ok("XPROBE warmup");
            c.append("INBOX", "", MESSAGE);
            c.append("INBOX", "", MESSAGE);
            List<String> select = c.ok("SELECT INBOX (XPROBE)");
            assertTrue(select.stream().anyMatch(l -> l.startsWith("* OK [XHIGHESTMODSEQ ")), select.toString());

            List<String> fetch = c.ok("FETCH 1:* (UID XMODSEQ)");
            long m1 = Long.parseLong(fetch.get(0).replaceAll(".*XMODSEQ \\((\\d+)\\).*", "$1"));
            long m2 = Long.parseLong(fetch.get(1).replaceAll(".*XMODSEQ \\((\\d+)\\).*", "$1"));
            assertTrue(m2 > m1, fetch.toString());

            List<String> changed = c.ok("FETCH 1:* (FLAGS) (XCHANGEDSINCE " + m1 + ")");
            assertEquals(2, changed.size(), "only message 2 changed after " + m1 + ": " + changed);
            assertTrue(changed.get(0).startsWith("* 2 FETCH (FLAGS (\\Recent) XMODSEQ ("), changed.toString());

            List<String> conditional = c.ok("STORE 1:2 (XUNCHANGEDSINCE " + m1 + ") +FLAGS (\\Flagged)");
            assertTrue(last(conditional).contains("[MODIFIED 2]"), conditional.toString());
            List<String> flags = c.ok("FETCH 1:2 FLAGS");
            assertTrue(flags.get(0).contains("\\Flagged") && !flags.get(1).contains("\\Flagged"), flags.toString());
        }
    }

    @Test
    void mailboxEventSubscriberSeesChangesMadeByASession() throws Exception {
        try (ImapClient c = server.login("probe", "pw")) {
            c.ok("CREATE Watched");
            List<String> append = c.append("Watched", "(\\Seen)", MESSAGE);
            String uid = last(append).replaceAll(".*APPENDUID \\d+ (\\d+).*", "$1");
            long deadline = System.nanoTime() + 5_000_000_000L;
            List<String> events;
            do {
                events = c.ok("XEVENTS");
            } while (events.stream().noneMatch(l -> l.startsWith("* XEVENTS ADDED \"Watched\" [" + uid + "]"))
                    && System.nanoTime() < deadline);
            assertTrue(events.stream().anyMatch(l -> l.startsWith("* XEVENTS ADDED \"Watched\" [" + uid + "]")), events.toString());
        }
    }

    @Test
    void needsWriteIsEnforcedByTheDispatcher() throws Exception {
        try (ImapClient c = server.login("probe", "pw")) {
            c.ok("EXAMINE INBOX");
            String tag = c.nextTag();
            assertEquals(List.of(tag + " NO Mailbox is read-only (selected with EXAMINE): XWRITE needs write access"),
                    c.command("XWRITE"));
            c.ok("SELECT INBOX");
            assertTrue(last(c.ok("XWRITE")).contains("XWRITE wrote to INBOX"));
        }
    }

    @Test
    void anEnableableThatThrowsIsLeftOffAndTheOthersAreListed() throws Exception {
        try (ImapClient c = server.login("probe", "pw")) {
            assertTrue(c.ok("CAPABILITY").get(0).contains(" XBROKEN"));
            List<String> enable = c.ok("ENABLE XBROKEN XPROBE");
            assertEquals("* ENABLED XPROBE", enable.get(0), enable.toString());
            assertEquals(2, enable.size(), enable.toString());
            List<String> again = c.ok("ENABLE XBROKEN XPROBE");
            assertEquals("* ENABLED", again.get(0), "XPROBE is on already, XBROKEN is still off: " + again);
            c.ok("NOOP"); // the session goes on
        }
    }

    @Test
    void appendGuardRefusesBeforeTheLiteralIsSent() throws Exception {
        try (ImapClient c = server.login("probe", "pw")) {
            c.ok("XPROBE warmup");
            c.ok("CREATE Small");
            List<String> refused = c.append("Small", "", MESSAGE);
            assertTrue(last(refused).contains("NO [OVERQUOTA]"), refused.toString());
            List<String> ok = c.append("Small", "", "Subject: tiny\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(last(ok).contains("OK [APPENDUID"), ok.toString());
            c.ok("SELECT INBOX");
            List<String> copy = c.command("COPY 1 Small");
            assertTrue(last(copy).contains("NO [OVERQUOTA]"), copy.toString());
        }
    }

    @Test
    void withdrawingTheExtensionEndsSessionsThatUsedItAndSparesTheOthers() throws Exception {
        try (ImapClient user = server.login("probe", "pw"); ImapClient bystander = server.login("probe", "pw")) {
            user.ok("XPROBE before");
            bystander.ok("NOOP");
            probe.stop();
            try {
                String bye = user.readResponseLine();
                assertTrue(bye.startsWith("* BYE [UNAVAILABLE]"), bye);
                bystander.ok("NOOP");
                List<String> gone = bystander.command("XPROBE after");
                assertTrue(last(gone).contains("BAD"), gone.toString());
                assertFalse(bystander.ok("CAPABILITY").get(0).contains("XPROBE"));
            } finally {
                probe.start();
            }
            try (ImapClient fresh = server.login("probe", "pw")) {
                assertTrue(fresh.ok("CAPABILITY").get(0).contains("XPROBE"));
            }
        }
    }
}
