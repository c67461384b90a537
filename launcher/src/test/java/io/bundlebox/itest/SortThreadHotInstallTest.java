package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ext.sort-thread as a hot-pluggable extension (DESIGN.md section 6): without the bundle nothing
 * of SORT, THREAD, ESORT or I18NLEVEL=1 is advertised and the commands are unknown; installed into
 * the running server, new sessions sort and thread at once; uninstalled while a session is inside
 * a THREAD command (the server waits for the literal of its search key), that session alone is
 * told {@code BYE [UNAVAILABLE]}, while a session that never used the extension goes on; and
 * uninstalled while a THREAD is computing over a big mailbox whose header keys must first be read
 * from its files, that THREAD stops with the same BYE instead of answering.
 */
class SortThreadHotInstallTest {

    private static final List<String> OURS = List.of("SORT", "SORT=DISPLAY", "ESORT", "THREAD=ORDEREDSUBJECT",
            "THREAD=REFERENCES", "I18NLEVEL=1");

    @TempDir
    Path home;

    private static List<String> capabilities(ImapClient c) throws Exception {
        return List.of(c.ok("CAPABILITY").get(0).substring("* CAPABILITY ".length()).split(" "));
    }

    private static boolean bad(List<String> lines) {
        return lines.get(lines.size() - 1).matches("a\\d+ BAD .*");
    }

    /** Installs ext.sort-thread again and returns a new session of alice with INBOX selected. */
    private static ImapClient reinstalledAndSelected(ImapTestServer server) throws Exception {
        server.installExtension("io.bundlebox.ext.sort-thread");
        ImapClient again = server.login("alice", "secret");
        again.ok("SELECT INBOX");
        return again;
    }

    @Test
    void installServesNewSessionsAndUninstallEndsOnlyTheSessionInsideThread() throws Exception {
        try (ImapTestServer server = ImapTestServer.start(home, List.of("io.bundlebox.ext.idle"), Map.of())) {
            server.addUser("alice", "secret");
            try (ImapClient c = server.login("alice", "secret")) {
                c.append("INBOX", "", "Subject: hello\r\nMessage-ID: <1@x>\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
                c.append("INBOX", "", "Subject: Re: hello\r\nReferences: <1@x>\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII));
                List<String> caps = capabilities(c);
                for (String cap : OURS) {
                    assertFalse(caps.contains(cap), cap + " without the bundle: " + caps);
                }
                c.ok("SELECT INBOX");
                assertTrue(bad(c.command("SORT (DATE) UTF-8 ALL")), "SORT is unknown without the bundle");
                assertTrue(bad(c.command("THREAD REFERENCES UTF-8 ALL")), "THREAD is unknown without the bundle");
                assertTrue(bad(c.command("UID SORT (DATE) UTF-8 ALL")));
            }

            server.installExtension("io.bundlebox.ext.sort-thread");
            try (ImapClient threader = server.login("alice", "secret"); ImapClient bystander = server.login("alice", "secret")) {
                assertTrue(capabilities(threader).containsAll(OURS), "advertised to a new session at once");
                threader.ok("SELECT INBOX");
                assertEquals("* THREAD (1 2)", threader.ok("THREAD REFERENCES UTF-8 ALL").get(0));
                bystander.ok("SELECT INBOX");
                assertEquals(2, bystander.ok("SEARCH ALL").size());

                // inside THREAD: the server asks for the literal of the SUBJECT key
                threader.send("t1 THREAD REFERENCES UTF-8 SUBJECT {5}\r\n");
                assertTrue(threader.readResponseLine().startsWith("+"), "continuation request for the literal");
                server.bundle("io.bundlebox.ext.sort-thread").uninstall();

                List<String> seen = new ArrayList<>();
                String bye = IdleTest.awaitLine(threader, l -> l.startsWith("* BYE"), seen);
                assertTrue(bye.startsWith("* BYE [UNAVAILABLE] "), bye);
                assertNull(threader.readResponseLine(), "the server closes the connection after the BYE");

                assertEquals(1, bystander.ok("NOOP").size(), "a session that never sorted is not disturbed");
                List<String> after = capabilities(bystander);
                for (String cap : OURS) {
                    assertFalse(after.contains(cap), cap + " withdrawn: " + after);
                }
                assertTrue(bad(bystander.command("SORT (DATE) UTF-8 ALL")), "SORT is unknown again");
            }

            try (ImapClient again = reinstalledAndSelected(server)) {
                assertEquals("* SORT 2 1", again.ok("SORT (REVERSE SIZE) UTF-8 ALL").get(0));
            }
        }
    }

    /** Messages dropped into the Maildir from outside: their header keys must be read from the files. */
    private static final int BIG = 40_000;

    @Test
    void uninstallDuringALongThreadEndsThatCommandWithByeAndSparesTheMailbox() throws Exception {
        try (ImapTestServer server = ImapTestServer.start(home, List.of("io.bundlebox.ext.idle", "io.bundlebox.ext.sort-thread"),
                Map.of())) {
            server.addUser("alice", "secret");
            Path maildir = server.maildir("alice");
            for (String sub : List.of("tmp", "new", "cur")) {
                Files.createDirectories(maildir.resolve(sub));
            }
            for (int i = 1; i <= BIG; i++) {
                String parent = i % 4 == 1 ? "" : "References: <" + (i - 1) + "@big.example>\r\n";
                String message = "Message-ID: <" + i + "@big.example>\r\n" + parent + "Subject: topic " + i
                        + "\r\nDate: Mon, 1 Jun 2026 10:00:00 +0000\r\nFrom: a" + (i % 31) + "@example.org\r\n\r\nbody " + i + "\r\n";
                Files.writeString(maildir.resolve("cur").resolve(String.format("1780000000.M%05dP1.big:2,", i)), message, StandardCharsets.US_ASCII);
            }
            try (ImapClient threader = server.login("alice", "secret"); ImapClient bystander = server.login("alice", "secret")) {
                assertTrue(threader.ok("SELECT INBOX").contains("* " + BIG + " EXISTS"));
                bystander.ok("SELECT INBOX");

                Path index = maildir.resolve("bundlebox-index");
                long before = Files.size(index);
                threader.send("t1 THREAD REFERENCES UTF-8 ALL\r\n");
                // the THREAD stored its first batch of header keys: it is running
                Await.until(Duration.ofSeconds(20), "the index grown past " + before + " octets", () -> Files.size(index) > before);
                server.bundle("io.bundlebox.ext.sort-thread").uninstall();

                List<String> seen = new ArrayList<>();
                String bye = IdleTest.awaitLine(threader, l -> l.startsWith("* BYE") || l.startsWith("* THREAD") || l.startsWith("t1 "), seen);
                assertTrue(bye.startsWith("* BYE [UNAVAILABLE] "), "the THREAD must not finish once the bundle is gone: " + bye.substring(0, Math.min(80, bye.length())));
                assertNull(threader.readResponseLine(), "the server closes the connection after the BYE");

                assertEquals(1, bystander.ok("NOOP").size(), "the other session goes on");
                List<String> fetched = bystander.ok("FETCH " + BIG + " (FLAGS)");
                assertEquals("* " + BIG + " FETCH (FLAGS ())", fetched.get(0));
            }

            // the stopped THREAD left the mailbox and the key memo sound: a new session threads it all
            try (ImapClient again = reinstalledAndSelected(server)) {
                String threads = again.ok("THREAD REFERENCES UTF-8 ALL").get(0);
                assertTrue(threads.startsWith("* THREAD ("), threads.substring(0, Math.min(80, threads.length())));
                String[] groups = threads.substring("* THREAD (".length(), threads.length() - 1).split("\\)\\(");
                assertEquals(BIG / 4, groups.length, "one thread per root");
                for (String g : groups) {
                    assertTrue(g.matches("\\d+ \\d+ \\d+ \\d+"), "a chain of four: " + g);
                }
            }
        }
    }
}
