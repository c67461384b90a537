package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * ext.condstore as a hot-pluggable bundle (DESIGN.md section 6, issue 10 items 4 and 5): a server
 * without it (the bundlebox-minimal profile's set) knows nothing of RFC 7162; uninstalling or
 * updating it ends with {@code BYE [UNAVAILABLE]} exactly the sessions that switched CONDSTORE or
 * QRESYNC on, explicitly or by an enabling command, while the others go on; new sessions get it
 * back once it is installed again.
 */
class CondstoreHotTest {

    private static final String BUNDLE = "io.bundlebox.ext.condstore";

    @TempDir
    Path home;

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private static boolean bad(List<String> lines) {
        return last(lines).split(" ", 3)[1].equals("BAD");
    }

    @Test
    void withoutTheBundleNothingOfRfc7162IsKnown() throws Exception {
        try (ImapTestServer server = ImapTestServer.start(home, List.of(), Map.of())) {
            server.addUser("alice", "secret");
            try (ImapClient c = server.connect()) {
                assertFalse(c.greeting().contains("CONDSTORE") || c.greeting().contains("QRESYNC"), c.greeting());
                c.ok("LOGIN alice secret");
                c.append("INBOX", "", CondstoreTest.message(1));
                String caps = c.ok("CAPABILITY").get(0);
                assertFalse(caps.contains("CONDSTORE") || caps.contains("QRESYNC"), caps);
                assertEquals("* ENABLED", c.ok("ENABLE CONDSTORE QRESYNC").get(0));
                assertTrue(bad(c.command("STATUS INBOX (HIGHESTMODSEQ)")));
                assertTrue(bad(c.command("SELECT INBOX (CONDSTORE)")));
                List<String> select = c.ok("SELECT INBOX");
                assertTrue(select.stream().noneMatch(l -> l.contains("MODSEQ")), select.toString());
                List<String> fetch = c.command("FETCH 1 MODSEQ");
                assertTrue(bad(fetch) && last(fetch).contains("Unknown FETCH data item MODSEQ"), fetch.toString());
                assertTrue(bad(c.command("FETCH 1 (FLAGS) (CHANGEDSINCE 1)")));
                assertTrue(bad(c.command("UID FETCH 1 (FLAGS) (CHANGEDSINCE 1 VANISHED)")));
                assertTrue(bad(c.command("STORE 1 (UNCHANGEDSINCE 5) +FLAGS (\\Seen)")));
                assertTrue(bad(c.command("SEARCH MODSEQ 1")));
                List<String> store = c.ok("STORE 1 +FLAGS (\\Flagged)");
                assertEquals("* 1 FETCH (FLAGS (\\Flagged \\Recent))", store.get(0), "the core's own form (IMAP4rev1: \\Recent)");
            }
        }
    }

    @Test
    void uninstallEndsEnabledSessionsOnlyAndReinstallBringsItBack() throws Exception {
        try (ImapTestServer server = ImapTestServer.start(home)) {
            server.addUser("alice", "secret");
            try (ImapClient setup = server.login("alice", "secret")) {
                setup.append("INBOX", "", CondstoreTest.message(1));
            }
            List<ImapClient> enabled = enabledSessions(server);
            ImapClient selected = server.login("alice", "secret");
            ImapClient idle = server.login("alice", "secret");
            try {
                selected.ok("SELECT INBOX");
                selected.ok("STORE 1 +FLAGS (\\Seen)");
                assertTrue(idle.ok("CAPABILITY").get(0).contains("QRESYNC"));

                server.bundle(BUNDLE).uninstall();

                assertByes(enabled);
                // the sessions that never switched it on go on, without it
                assertEquals(1, selected.ok("NOOP").size());
                assertTrue(bad(selected.command("FETCH 1 (MODSEQ)")));
                assertEquals("* 1 FETCH (FLAGS ($X))", selected.ok("STORE 1 -FLAGS (\\Seen)").get(0), "the core's own form");
                assertFalse(idle.ok("CAPABILITY").get(0).contains("CONDSTORE"));

                server.installExtension(BUNDLE);
                try (ImapClient fresh = server.login("alice", "secret")) {
                    assertTrue(fresh.ok("CAPABILITY").get(0).contains("CONDSTORE"));
                    assertEquals("* ENABLED QRESYNC", fresh.ok("ENABLE QRESYNC").get(0));
                    List<String> select = fresh.ok("SELECT INBOX");
                    assertTrue(select.stream().anyMatch(l -> l.startsWith("* OK [HIGHESTMODSEQ ")), select.toString());
                }
            } finally {
                selected.close();
                idle.close();
            }
        }
    }

    @Test
    void updateInPlaceEndsEnabledSessionsOnly() throws Exception {
        try (ImapTestServer server = ImapTestServer.start(home)) {
            server.addUser("alice", "secret");
            try (ImapClient setup = server.login("alice", "secret")) {
                setup.append("INBOX", "", CondstoreTest.message(1));
            }
            List<ImapClient> enabled = enabledSessions(server);
            try (ImapClient bystander = server.login("alice", "secret")) {
                bystander.ok("SELECT INBOX");
                Bundle b = server.bundle(BUNDLE);
                long id = b.getBundleId();
                try (InputStream jar = Files.newInputStream(ImapTestServer.jar(BUNDLE))) {
                    b.update(jar);
                }
                assertByes(enabled);
                assertEquals(id, server.bundle(BUNDLE).getBundleId(), "updated in place");
                assertEquals(1, bystander.ok("NOOP").size());
                // the updated bundle serves at once, also the session that went on
                awaitCapability(server, "CONDSTORE");
                List<String> fetch = bystander.ok("FETCH 1 (MODSEQ)");
                assertTrue(fetch.get(0).matches("\\* 1 FETCH \\(MODSEQ \\(\\d+\\)\\)"), fetch.toString());
            }
        }
    }

    /** One session per way of switching CONDSTORE/QRESYNC on. */
    private static List<ImapClient> enabledSessions(ImapTestServer server) throws Exception {
        List<ImapClient> sessions = new ArrayList<>();
        for (String how : List.of("ENABLE CONDSTORE", "ENABLE QRESYNC", "STATUS INBOX (HIGHESTMODSEQ)",
                "SELECT INBOX (CONDSTORE)", "FETCH 1 (MODSEQ)", "SEARCH MODSEQ 1",
                "STORE 1 (UNCHANGEDSINCE 100) +FLAGS ($X)")) {
            ImapClient c = server.login("alice", "secret");
            if (how.startsWith("FETCH") || how.startsWith("SEARCH") || how.startsWith("STORE")) {
                c.ok("SELECT INBOX");
            }
            c.ok(how);
            sessions.add(c);
        }
        return sessions;
    }

    private static void assertByes(List<ImapClient> sessions) throws Exception {
        for (ImapClient c : sessions) {
            try (c) {
                List<String> seen = new ArrayList<>();
                String bye = IdleTest.awaitLine(c, l -> l.startsWith("* BYE"), seen);
                assertTrue(bye.startsWith("* BYE [UNAVAILABLE] "), bye);
                assertNull(c.readResponseLine(), "closed after the BYE");
            }
        }
    }

    private static void awaitCapability(ImapTestServer server, String capability) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (ImapClient c = server.connect()) {
                if (c.greeting().contains(capability)) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(capability + " not advertised within 10 s of the update");
            }
        }
    }
}
