package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IDLE (RFC 2177, RFC 9051 section 6.3.13) against a real server: changes by other sessions and
 * deliveries into Maildir {@code new/} reach an idling client as untagged responses, DONE ends the
 * IDLE, anything else is BAD, and keepalives arrive at the configured period.
 */
class IdleTest {

    @TempDir
    static Path home;
    static ImapTestServer server;

    static final byte[] MESSAGE = ("From: alice@example.org\r\nSubject: ping\r\n\r\nhello\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home, List.of(), Map.of());
        // configured before the bundle starts, as conf/io.bundlebox.ext.idle.cfg would be
        server.configure("io.bundlebox.ext.idle", Map.of("keepalive.seconds", 1L));
        server.installExtension("io.bundlebox.ext.idle");
        for (String user : List.of("alice", "bob", "carol", "dave", "erin", "frank")) {
            server.addUser(user, "secret");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /**
     * Reads response lines until one matches (keepalives and others are skipped); fails at EOF or
     * after 20 s (keepalives alone would otherwise keep it reading for ever).
     */
    static String awaitLine(ImapClient c, Predicate<String> wanted, List<String> seen) throws IOException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching line within 20 s; saw " + seen);
            }
            String line = c.readResponseLine();
            if (line == null) {
                throw new AssertionError("connection closed; saw " + seen);
            }
            seen.add(line);
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    static String awaitLine(ImapClient c, String exact) throws IOException {
        return awaitLine(c, exact::equals, new ArrayList<>());
    }

    @Test
    void changesByAnotherSessionArriveWhileIdling() throws Exception {
        try (ImapClient idler = server.login("alice", "secret"); ImapClient other = server.login("alice", "secret")) {
            idler.ok("SELECT INBOX");
            idler.send("i1 IDLE\r\n");
            assertEquals("+ idling", idler.readResponseLine());

            other.append("INBOX", "", MESSAGE);
            awaitLine(idler, "* 1 EXISTS");

            other.ok("SELECT INBOX");
            other.ok("STORE 1 +FLAGS.SILENT (\\Flagged)");
            awaitLine(idler, "* 1 FETCH (FLAGS (\\Flagged \\Recent))"); // the idler saw it arrive first (RFC 3501 7.3.2)

            other.ok("STORE 1 +FLAGS.SILENT (\\Deleted)");
            other.ok("EXPUNGE");
            List<String> seen = new ArrayList<>();
            awaitLine(idler, l -> l.equals("* 1 EXPUNGE"), seen);

            idler.send("DONE\r\n");
            String done = awaitLine(idler, l -> l.startsWith("i1 "), seen);
            assertEquals("i1 OK IDLE terminated", done);
            assertTrue(idler.ok("NOOP").size() == 1, "after DONE the session goes on as before");
        }
    }

    @Test
    void deliveryIntoMaildirNewArrivesWhileIdling() throws Exception {
        try (ImapClient idler = server.login("bob", "secret")) {
            idler.ok("SELECT INBOX");
            idler.send("i1 IDLE\r\n");
            assertEquals("+ idling", idler.readResponseLine());

            // what a delivery agent does: write into tmp/, then rename into new/
            Path maildir = server.maildir("bob");
            Path tmp = maildir.resolve("tmp/1763700000.M1P1.mta");
            Files.write(tmp, MESSAGE);
            Files.move(tmp, maildir.resolve("new/1763700000.M1P1.mta"), StandardCopyOption.ATOMIC_MOVE);

            awaitLine(idler, "* 1 EXISTS");
            idler.send("done\r\n");
            assertEquals("i1 OK IDLE terminated", awaitLine(idler, l -> l.startsWith("i1 "), new ArrayList<>()),
                    "DONE is case-insensitive");
            List<String> fetch = idler.ok("FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT)]");
            assertTrue(fetch.get(0).contains("Subject: ping"), fetch.toString());
        }
    }

    @Test
    void reissuedIdleGoesOnReportingChanges() throws Exception {
        try (ImapClient idler = server.login("dave", "secret"); ImapClient other = server.login("dave", "secret")) {
            idler.ok("SELECT INBOX");
            for (int round = 1; round <= 3; round++) { // what clients do every 29 minutes (RFC 2177)
                String tag = "i" + round;
                idler.send(tag + " IDLE\r\n");
                assertEquals("+ idling", idler.readResponseLine());
                other.append("INBOX", "", MESSAGE);
                awaitLine(idler, "* " + round + " EXISTS");
                idler.send("DONE\r\n");
                assertEquals(tag + " OK IDLE terminated", awaitLine(idler, l -> l.startsWith(tag + " "), new ArrayList<>()));
            }
        }
    }

    @Test
    void selectedMailboxDeletedByAnotherSessionEndsTheIdlingSession() throws Exception {
        try (ImapClient idler = server.login("carol", "secret"); ImapClient other = server.login("carol", "secret")) {
            other.ok("CREATE doomed");
            idler.ok("SELECT doomed");
            idler.send("i1 IDLE\r\n");
            assertEquals("+ idling", idler.readResponseLine());
            other.ok("DELETE doomed");
            String bye = awaitLine(idler, l -> l.startsWith("* BYE"), new ArrayList<>());
            assertTrue(bye.startsWith("* BYE [CLOSED] "), bye);
            assertEquals(null, idler.readResponseLine(), "the server closes the connection after the BYE");
        }
    }

    @Test
    void anythingButDoneIsBadAndEndsTheIdle() throws Exception {
        try (ImapClient c = server.login("carol", "secret")) {
            c.ok("SELECT INBOX");
            c.send("i1 IDLE\r\n");
            assertEquals("+ idling", c.readResponseLine());
            c.send("i2 NOOP\r\n");
            String bad = awaitLine(c, l -> l.startsWith("i1 "), new ArrayList<>());
            assertTrue(bad.startsWith("i1 BAD "), bad);
            assertEquals(1, c.ok("NOOP").size(), "the connection is usable after the BAD");
        }
    }

    @Test
    void idleWithoutSelectedMailboxKeepsTheConnectionAlive() throws Exception {
        try (ImapClient c = server.login("frank", "secret")) {
            c.send("i1 IDLE\r\n");
            assertEquals("+ idling", c.readResponseLine());
            // keepalive.seconds = 1 in this server: two keepalives in a row prove it repeats
            assertEquals("* OK Still here", c.readResponseLine());
            assertEquals("* OK Still here", c.readResponseLine());
            c.send("DONE\r\n");
            assertEquals("i1 OK IDLE terminated", awaitLine(c, l -> l.startsWith("i1 "), new ArrayList<>()));
        }
    }

    @Test
    void idleIsNotValidBeforeLogin() throws Exception {
        try (ImapClient c = server.connect()) {
            List<String> r = c.command("IDLE");
            assertTrue(r.get(r.size() - 1).matches("a1 BAD .*not valid in the not authenticated state"), r.toString());
        }
    }

    @Test
    void clientThatDisconnectsWhileIdlingLeavesNothingBehind() throws Exception {
        for (int round = 0; round < 3; round++) {
            try (ImapClient c = server.login("erin", "secret")) {
                c.ok("SELECT INBOX");
                c.send("i1 IDLE\r\n");
                assertEquals("+ idling", c.readResponseLine());
            } // closes the socket mid-IDLE
        }
        // the server notices each disconnect: the mailbox subscriptions of those IDLEs end
        assertEquals(0, server.awaitMailboxEventSubscriptions(0), "subscriptions left after the clients went away");
        try (ImapClient c = server.login("erin", "secret")) {
            assertEquals(1, c.ok("NOOP").size(), "the server goes on serving the same user");
        }
    }
}
