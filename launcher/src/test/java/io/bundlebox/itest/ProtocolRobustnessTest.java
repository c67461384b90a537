package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16, items 1 and 2, end to end: an APPEND answered BAD stores nothing (with a synchronizing
 * literal, LITERAL+, a flag list and a date, a binary literal, an empty literal), and the rest of
 * its line is not read as another command; numbers a client sends in a FETCH come back as written
 * (unsigned 32-bit part numbers, RFC 9051 section 9) or are refused with BAD, never negative.
 */
class ProtocolRobustnessTest {

    @TempDir
    static Path home;
    static ImapTestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home, List.of(), Map.of());
        server.addUser("alice", "secret");
        server.addUser("bob", "secret");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    /** Message files in the user's INBOX (cur/ and new/), as a Maildir reader would see them. */
    private static long messageFiles(String user) throws IOException {
        long n = 0;
        for (String sub : List.of("cur", "new")) {
            Path dir = server.maildir(user).resolve(sub);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    n += files.count();
                }
            }
        }
        return n;
    }

    /** The bad APPENDs, each with the octets that follow its command line (LITERAL+ forms send all at once). */
    @ParameterizedTest
    @ValueSource(strings = {
        "APPEND INBOX {5+}\r\nhello EXTRA\r\n",
        "APPEND INBOX (\\Seen $Forwarded) {5+}\r\nhello EXTRA\r\n",
        "APPEND INBOX (\\Flagged) \"01-Jan-2024 10:00:00 +0000\" {5+}\r\nhello)\r\n",
        "APPEND INBOX ~{5+}\r\nhel\0o EXTRA\r\n",
        "APPEND INBOX {0+}\r\n EXTRA\r\n",
        "APPEND INBOX {5+}\r\nhello {3+}\r\nabc\r\n",
    })
    void appendAnsweredBadStoresNothingAndTheRestOfTheLineIsNoCommand(String command) throws Exception {
        try (ImapClient c = server.login("alice", "secret")) {
            c.send("b1 " + command);
            List<String> answer = c.readUntilTagged("b1");
            assertTrue(last(answer).startsWith("b1 BAD "), answer.toString());
            List<String> noop = c.command("NOOP");
            assertEquals(1, noop.size(), "the rest of the bad line was not answered as a command: " + noop);
            assertTrue(last(noop).contains(" OK "), noop.toString());
            List<String> status = c.ok("STATUS INBOX (MESSAGES)");
            assertTrue(status.contains("* STATUS \"INBOX\" (MESSAGES 0)"), "nothing stored: " + status);
            assertEquals(0, messageFiles("alice"));
        }
    }

    @Test
    void synchronizingAppendAnsweredBadStoresNothing() throws Exception {
        try (ImapClient c = server.login("bob", "secret")) {
            c.send("b1 APPEND INBOX (\\Seen) {5}\r\n");
            assertTrue(c.readResponseLine().startsWith("+ "));
            c.send("hello EXTRA\r\n");
            List<String> answer = c.readUntilTagged("b1");
            assertEquals(1, answer.size(), answer.toString());
            assertTrue(answer.get(0).startsWith("b1 BAD "), answer.toString());
            assertEquals(List.of(c.nextTag() + " OK NOOP completed"), c.command("NOOP"));
            assertTrue(c.ok("STATUS INBOX (MESSAGES)").contains("* STATUS \"INBOX\" (MESSAGES 0)"));
            // a client retrying after the BAD makes one message, not two
            List<String> retry = c.append("INBOX", "(\\Seen)", "hello".getBytes(StandardCharsets.US_ASCII));
            assertTrue(last(retry).contains(" OK [APPENDUID "), retry.toString());
            assertTrue(c.ok("STATUS INBOX (MESSAGES)").contains("* STATUS \"INBOX\" (MESSAGES 1)"));
            assertEquals(1, messageFiles("bob"));
        }
    }

    @Test
    void numbersInFetchAreUnsigned32BitOrRefused() throws Exception {
        try (ImapClient c = server.login("bob", "secret")) {
            c.ok("CREATE Drafts");
            c.append("Drafts", "", "Subject: n\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
            c.ok("SELECT Drafts");
            Map<String, String> answers = Map.of(
                    "BODY.PEEK[4294967295]", "* 1 FETCH (BODY[4294967295] ",
                    "BODY.PEEK[1.4294967295.MIME]", "* 1 FETCH (BODY[1.4294967295.MIME] ",
                    "BINARY.PEEK[4294967295]", "* 1 FETCH (BINARY[4294967295] NIL)",
                    "BINARY.SIZE[4294967295]", "* 1 FETCH (BINARY.SIZE[4294967295] NIL)",
                    "BODY.PEEK[]<4294967295.4294967296>", "* 1 FETCH (BODY[]<4294967295> ");
            for (var e : answers.entrySet()) {
                List<String> lines = c.ok("FETCH 1 " + e.getKey());
                assertTrue(lines.stream().anyMatch(l -> l.startsWith(e.getValue())), e.getKey() + " -> " + lines);
                assertFalse(lines.stream().anyMatch(l -> l.matches(".*[\\[.<]-\\d.*")), "a negative number: " + lines);
            }
            for (String refused : List.of("BODY.PEEK[4294967296]", "BODY.PEEK[1.4294967296]", "BINARY.PEEK[99999999999]",
                    "BODY.PEEK[]<4294967296.1>", "BODY.PEEK[]<0.0>")) {
                List<String> lines = c.command("FETCH 1 " + refused);
                assertEquals(1, lines.size(), refused + " -> " + lines);
                assertTrue(lines.get(0).matches("a\\d+ BAD .*"), refused + " -> " + lines);
            }
        }
    }
}
