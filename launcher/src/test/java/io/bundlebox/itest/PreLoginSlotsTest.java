package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 4: a pre-login slot cannot be held forever. A client that has not logged in
 * {@code timeout.preauth.seconds} after connecting gets BYE whatever it sends (one octet at a time,
 * or NOOPs), while a client that logged in in time stays; a literal before login larger than a
 * login could hold ({@code limit.literal}) gets BYE at once instead of being read and discarded.
 */
class PreLoginSlotsTest {

    @TempDir
    Path home;

    /**
     * Waits for the server's next line, sending {@code drip} each time 300 ms pass without one;
     * gives up after 20 s (the pre-login limit here is 2 s).
     */
    private static String dripUntilAnswered(ImapClient c, String drip) throws IOException {
        c.socket().setSoTimeout(300);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                String line = c.readResponseLine();
                if (line == null || !line.startsWith("n ")) { // answers to the dripped NOOPs are skipped
                    return line;
                }
            } catch (SocketTimeoutException e) {
                c.send(drip);
            }
        }
        throw new AssertionError("still connected after 20 s of dripping");
    }

    @Test
    void aClientNotLoggedInInTimeGetsByeWhateverItSends() throws Exception {
        try (ImapTestServer server = ImapTestServer.start(home, List.of(), Map.of(), Map.of("timeout.preauth.seconds", "2"))) {
            server.addUser("alice", "secret");
            try (ImapClient octets = server.connect(); ImapClient noops = server.connect();
                    ImapClient loggedIn = server.login("alice", "secret")) {
                long start = System.nanoTime();
                assertEquals("* BYE Timed out before authentication", dripUntilAnswered(octets, "x"));
                assertTrue(System.nanoTime() - start >= 1_500_000_000L, "not before the limit");
                assertNull(octets.readResponseLine(), "closed after BYE");
                assertEquals("* BYE Timed out before authentication", dripUntilAnswered(noops, "n NOOP\r\n"));
                loggedIn.ok("NOOP"); // logged in within the limit: the deadline no longer applies
            }
        }
    }

    @Test
    void aLiteralBeforeLoginLargerThanALoginCouldHoldGetsByeAtOnce() throws Exception {
        try (ImapTestServer server = ImapTestServer.start(home, List.of(), Map.of(), Map.of("limit.literal", "4096"))) {
            server.addUser("alice", "secret");
            for (String command : List.of("b1 LOGIN {100000000+}\r\n", "b1 XYZZY {100000000+}\r\n", "b1 LOGIN alice ) {100000000+}\r\n")) {
                try (ImapClient c = server.connect()) {
                    c.send(command + "x".repeat(1000)); // the server must not wait for the other 99,999,000 octets
                    assertEquals("* BYE [TOOBIG] Literal too large", c.readResponseLine(), command);
                    assertNull(c.readResponseLine(), "closed after BYE");
                }
            }
            // after login a refused literal is still read and answered BAD (the user is known)
            try (ImapClient c = server.login("alice", "secret")) {
                c.send("b2 SELECT {5000+}\r\n" + "y".repeat(5000) + "\r\n");
                List<String> answer = c.readUntilTagged("b2");
                assertTrue(answer.get(answer.size() - 1).startsWith("b2 BAD [TOOBIG]"), answer.toString());
                c.ok("NOOP");
            }
        }
    }
}
