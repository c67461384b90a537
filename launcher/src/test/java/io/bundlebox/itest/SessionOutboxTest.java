package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * The session outbox end to end (DESIGN.md section 4.1): a BYE sent from another thread
 * (an extension withdrawn) waits for the response being written and never lands inside the
 * literal being streamed to the client (RFC 9051 section 4.3: a literal is exactly its octets).
 */
class SessionOutboxTest {

    @TempDir
    Path home;

    /** About 12 MB of text lines: more than the loopback socket buffers hold. */
    private static byte[] bigMessage() {
        StringBuilder sb = new StringBuilder("From: a@example.org\r\nSubject: big\r\n\r\n");
        for (int i = 0; sb.length() < 12 * 1024 * 1024; i++) {
            sb.append("line ").append(i).append(" of a message that is streamed as one literal, octet for octet\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.write(c);
        }
        if (c < 0 && b.size() == 0) {
            return null;
        }
        String s = b.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Test
    void aByeFromAnExtensionWithdrawalWaitsForTheLiteralBeingStreamed() throws Exception {
        byte[] message = bigMessage();
        try (ImapTestServer server = ImapTestServer.start(home)) {
            server.addUser("alice", "secret");
            try (ImapClient setup = server.login("alice", "secret")) {
                assertTrue(setup.append("INBOX", "", message).getLast().contains("OK"));
            }
            ImapClient c = server.login("alice", "secret");
            try {
                c.ok("SELECT INBOX");
                c.send("i1 IDLE\r\n"); // the session uses the IDLE bundle: its withdrawal ends the session
                assertEquals("+ idling", c.readResponseLine());
                c.send("DONE\r\n");
                assertEquals("i1 OK IDLE terminated", IdleTest.awaitLine(c, l -> l.startsWith("i1 "), new ArrayList<>()));

                c.send("f1 FETCH 1 BODY.PEEK[]\r\n");
                DataInputStream in = new DataInputStream(c.socket().getInputStream());
                String head = line(in);
                assertEquals("* 1 FETCH (BODY[] {" + message.length + "}", head);
                byte[] literal = new byte[message.length];
                in.readFully(literal, 0, 64 * 1024); // the server is now blocked writing the rest

                Bundle idle = server.bundle("io.bundlebox.ext.idle");
                Thread uninstall = Thread.ofVirtual().start(() -> {
                    try {
                        idle.uninstall();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long deadline = System.nanoTime() + 10_000_000_000L;
                while ((idle.getState() & (Bundle.STOPPING | Bundle.UNINSTALLED | Bundle.RESOLVED)) == 0
                        && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                // the withdrawal has begun while the literal is still being written; read the rest
                for (int off = 64 * 1024; off < literal.length; off += 1024) {
                    in.readFully(literal, off, Math.min(1024, literal.length - off));
                }
                assertArrayEquals(message, literal, "the literal arrives whole, with no BYE inside");
                List<String> after = new ArrayList<>();
                for (String l = line(in); l != null; l = line(in)) {
                    after.add(l);
                }
                assertEquals(3, after.size(), after.toString());
                assertEquals(")", after.get(0));
                assertTrue(after.get(1).startsWith("f1 OK"), "the FETCH completes before the BYE: " + after);
                assertTrue(after.get(2).startsWith("* BYE [UNAVAILABLE] "), after.toString());
                uninstall.join();
                assertNull(c.readResponseLine());
            } finally {
                c.close();
            }
        }
    }
}
