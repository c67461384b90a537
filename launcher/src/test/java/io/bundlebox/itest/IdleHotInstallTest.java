package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * IDLE as a hot-pluggable extension (DESIGN.md section 6): the capabilities follow the bundle
 * (IDLE and IMAP4rev2 with it, IMAP4rev1 alone without it, RFC 9051 section 6.1.1), idling
 * sessions are told {@code BYE [UNAVAILABLE]} when it is uninstalled while the others go on, and
 * installing it again brings IDLE back for new sessions.
 */
class IdleHotInstallTest {

    @TempDir
    Path home;

    private static List<String> capabilities(ImapClient c) throws IOException {
        List<String> lines = c.ok("CAPABILITY");
        return List.of(lines.get(0).substring("* CAPABILITY ".length()).split(" "));
    }

    private static List<String> greetingCapabilities(ImapClient c) {
        String g = c.greeting();
        return List.of(g.substring(g.indexOf("[CAPABILITY ") + 12, g.indexOf(']')).split(" "));
    }

    @Test
    void withoutTheIdleBundleOnlyImap4rev1IsAdvertised() throws Exception {
        try (ImapTestServer server = ImapTestServer.start(home, List.of(), Map.of())) {
            server.addUser("alice", "secret");
            try (ImapClient c = server.connect()) {
                assertEquals(List.of("IMAP4rev1"), greetingCapabilities(c).stream().filter(s -> s.startsWith("IMAP4")).toList());
                c.ok("LOGIN alice secret");
                List<String> caps = capabilities(c);
                assertTrue(caps.contains("IMAP4rev1"), caps.toString());
                assertFalse(caps.contains("IMAP4rev2"), caps.toString());
                assertFalse(caps.contains("IDLE"), caps.toString());
                List<String> idle = c.command("IDLE");
                assertTrue(idle.get(0).startsWith("a3 BAD "), "IDLE is an unknown command: " + idle);
            }
        }
    }

    @Test
    void uninstallEndsIdlingSessionsOnlyAndReinstallBringsIdleBack() throws Exception {
        try (ImapTestServer server = ImapTestServer.start(home)) {
            server.addUser("alice", "secret");
            ImapClient selectedIdler = server.login("alice", "secret");
            ImapClient authenticatedIdler = server.login("alice", "secret");
            ImapClient bystander = server.login("alice", "secret");
            try {
                List<String> caps = capabilities(bystander);
                assertTrue(caps.contains("IDLE") && caps.contains("IMAP4rev2"), caps.toString());
                bystander.ok("SELECT INBOX");
                selectedIdler.ok("SELECT INBOX");
                for (ImapClient idler : List.of(selectedIdler, authenticatedIdler)) {
                    idler.send("i1 IDLE\r\n");
                    assertEquals("+ idling", idler.readResponseLine());
                }

                Bundle idle = server.bundle("io.bundlebox.ext.idle");
                idle.uninstall();

                for (ImapClient idler : List.of(selectedIdler, authenticatedIdler)) {
                    List<String> seen = new ArrayList<>();
                    String bye = IdleTest.awaitLine(idler, l -> l.startsWith("* BYE"), seen);
                    assertTrue(bye.startsWith("* BYE [UNAVAILABLE] "), bye);
                    assertNull(idler.readResponseLine(), "the server closes the connection after the BYE");
                }

                // a session that never idled is served on, now without IDLE
                assertEquals(1, bystander.ok("NOOP").size());
                List<String> after = capabilities(bystander);
                assertFalse(after.contains("IDLE") || after.contains("IMAP4rev2"), after.toString());
                try (ImapClient fresh = server.connect()) {
                    List<String> greeting = greetingCapabilities(fresh);
                    assertFalse(greeting.contains("IMAP4rev2") || greeting.contains("IDLE"), greeting.toString());
                    fresh.ok("LOGIN alice secret");
                    assertTrue(fresh.command("IDLE").get(0).startsWith("a2 BAD "), "IDLE is gone");
                }
                assertEquals(0, server.awaitMailboxEventSubscriptions(0), "the ended IDLEs left no subscription behind");

                server.installExtension("io.bundlebox.ext.idle");
                try (ImapClient fresh = server.login("alice", "secret")) {
                    List<String> back = capabilities(fresh);
                    assertTrue(back.contains("IDLE") && back.contains("IMAP4rev2"), back.toString());
                    fresh.ok("SELECT INBOX");
                    fresh.send("i1 IDLE\r\n");
                    assertEquals("+ idling", fresh.readResponseLine());
                    fresh.send("DONE\r\n");
                    assertEquals("i1 OK IDLE terminated", IdleTest.awaitLine(fresh, l -> l.startsWith("i1 "), new ArrayList<>()));
                }
            } finally {
                selectedIdler.close();
                authenticatedIdler.close();
                bystander.close();
            }
        }
    }
}
