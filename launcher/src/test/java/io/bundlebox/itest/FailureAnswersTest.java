package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 10 (core part): answers and log lines that say what happened. A full disk is
 * {@code NO [OVERQUOTA] Not enough disk space} (as Dovecot says it), one WARNING line without a
 * stack trace, and nothing half-written stays; a client that goes away in the middle of an
 * APPEND is one INFO line, no WARNING, and nothing is stored.
 */
class FailureAnswersTest {

    @TempDir
    Path home;

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private static long files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void aFullDiskIsOverquotaNotAServerBug() throws Exception {
        Path small = home.resolve("small-disk");
        Files.createDirectories(small);
        // a real full file system: a 1 MiB tmpfs (root may mount it; CI runs as root)
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        String why = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a small tmpfs to fill (needs root): " + why);
        try (TestSecurity.LogCapture log = new TestSecurity.LogCapture();
                ImapTestServer server = ImapTestServer.start(home, List.of(), Map.of(), Map.of("mail.root", small.toString()))) {
            server.addUser("alice", "secret");
            try (ImapClient c = server.login("alice", "secret")) {
                c.ok("SELECT INBOX");
                List<String> full = c.append("INBOX", "", new byte[2 << 20]);
                assertTrue(last(full).matches("a\\d+ NO \\[OVERQUOTA] Not enough disk space"), full.toString());
                Path maildir = small.resolve("alice");
                assertEquals(0, files(maildir.resolve("tmp")), "the half-written message was removed");
                assertEquals(0, files(maildir.resolve("cur")) + files(maildir.resolve("new")));
                // the session goes on, and a message that fits is stored
                List<String> fits = c.append("INBOX", "", "Subject: small\r\n\r\nfits\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(last(fits).contains(" OK [APPENDUID "), fits.toString());
                assertTrue(c.ok("FETCH 1:* UID").stream().filter(l -> l.startsWith("* ")).count() == 1, "one message");
            }
            List<String> warnings = log.lines.stream().filter(l -> l.contains(" WARNING ") || l.contains(" SEVERE ")).toList();
            assertEquals(1, warnings.size(), "one line for the operator: " + warnings);
            assertTrue(warnings.get(0).contains("No space left on device") && !warnings.get(0).contains("Exception"),
                    "says why, without a stack trace: " + warnings);
        } finally {
            new ProcessBuilder("umount", "-l", small.toString()).start().waitFor();
        }
    }

    @Test
    void aClientGoneInTheMiddleOfAnAppendIsOneInfoLine() throws Exception {
        try (TestSecurity.LogCapture log = new TestSecurity.LogCapture();
                ImapTestServer server = ImapTestServer.start(home, List.of(), Map.of())) {
            server.addUser("alice", "secret");
            try (ImapClient c = server.login("alice", "secret")) {
                c.send("b1 APPEND INBOX {200000+}\r\n" + "x".repeat(60_000));
                c.abort();
            }
            log.awaitLine("in the middle of APPEND");
            List<String> lines = log.lines.stream().filter(l -> l.contains("APPEND") || l.contains(" WARNING ")
                    || l.contains(" SEVERE ")).toList();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains(" INFO ") && lines.get(0).contains("nothing stored")
                    && !lines.get(0).contains("Exception"), lines.toString());
            try (ImapClient c = server.login("alice", "secret")) {
                assertTrue(c.ok("STATUS INBOX (MESSAGES)").contains("* STATUS \"INBOX\" (MESSAGES 0)"));
            }
            assertEquals(0, files(server.maildir("alice").resolve("tmp")));
        }
    }
}
