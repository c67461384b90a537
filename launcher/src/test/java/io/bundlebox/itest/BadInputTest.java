package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client's mistakes, end to end (RFC 9051 sections 7.1.3 and 4): each malformed command gets a
 * tagged BAD or NO and nothing else, the same connection then serves the next command, another
 * session connected throughout keeps working and sees the mailbox unchanged, and the server logs
 * none of it as its own error (no SEVERE record under {@code io.bundlebox}).
 */
class BadInputTest {

    /** The state the misbehaving client is in when it sends its bad input. */
    enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED }

    @org.junit.jupiter.api.io.TempDir
    static Path home;
    static ImapTestServer server;
    /** A well-behaved session, connected and selected for the whole test. */
    static ImapClient bystander;
    static List<String> mailboxBefore;

    /** Held strongly: JUL forgets handlers of loggers nobody references. */
    static final Logger PRODUCT_LOG = Logger.getLogger("io.bundlebox");
    static final List<LogRecord> SEVERE = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Every record (FINE and up), to wait for a session's end. */
    static final List<LogRecord> RECORDS = java.util.Collections.synchronizedList(new ArrayList<>());
    static Level levelBefore;
    static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord r) {
            RECORDS.add(r);
            if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                SEVERE.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    static final String FETCH_ALL = "FETCH 1:* (UID FLAGS RFC822.SIZE BODY.PEEK[])";

    @BeforeAll
    static void start() throws Exception {
        PRODUCT_LOG.addHandler(CAPTURE);
        levelBefore = PRODUCT_LOG.getLevel();
        PRODUCT_LOG.setLevel(Level.FINE);
        server = ImapTestServer.start(home);
        server.addUser("alice", "secret");
        server.addUser("bob", "secret");
        bystander = server.login("alice", "secret");
        for (int i = 1; i <= 3; i++) {
            bystander.append("INBOX", "(\\Flagged)", ("Subject: m" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        bystander.ok("SELECT INBOX");
        mailboxBefore = mailbox();
        assertEquals(3, mailboxBefore.size(), mailboxBefore.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        PRODUCT_LOG.removeHandler(CAPTURE);
        PRODUCT_LOG.setLevel(levelBefore);
        if (bystander != null) {
            bystander.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void forgetEarlierLogRecords() {
        SEVERE.clear();
        RECORDS.clear();
    }

    /** The other session keeps working and the mailbox is as it was. */
    @AfterEach
    void bystanderIsUnaffected() throws IOException {
        bystander.ok("NOOP");
        assertTrue(bystander.ok("SELECT INBOX").contains("* 3 EXISTS"));
        assertEquals(mailboxBefore, mailbox(), "no message or flag changed");
        assertTrue(SEVERE.isEmpty(), () -> "a client's mistake was logged as a server error: "
                + SEVERE.stream().map(r -> r.getMessage() + " " + r.getThrown()).toList());
    }

    /** Every message of the bystander's INBOX with UID, flags, size and content (the untagged FETCH lines). */
    /** The messages and their flags; without \Recent, which the bystander's first SELECT takes (RFC 3501 2.3.2). */
    static List<String> mailbox() throws IOException {
        return bystander.ok(FETCH_ALL).stream().filter(l -> l.startsWith("* "))
                .map(l -> l.replace(" \\Recent)", ")").replace("(\\Recent)", "()")).toList();
    }

    static byte[] octets(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static String millionRanges() {
        StringBuilder sb = new StringBuilder("b1 FETCH ");
        for (int i = 0; i < 1_000_000; i++) {
            sb.append(2 * i + 1).append(':').append(2 * i + 1).append(',');
        }
        return sb.append("1 FLAGS\r\n").toString();
    }

    @org.junit.jupiter.api.Test
    void aClientVanishingInTheMiddleOfAResponseIsNotAServerError() throws Exception {
        byte[] big = ("Subject: big\r\n\r\n" + "0123456789abcdef".repeat(4) + "\r\n").repeat(120_000).getBytes(StandardCharsets.US_ASCII);
        try (ImapClient c = server.login("bob", "secret")) {
            assertTrue(c.append("INBOX", "", big).get(0).contains("OK"));
            c.ok("SELECT INBOX");
            c.send("b1 FETCH 1 BODY.PEEK[]\r\n"); // 8 MB: more than the socket buffers hold
            c.abort();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!sessionEnded("bob")) {
            assertTrue(System.nanoTime() < deadline, () -> "bob's session did not end; log: " + RECORDS.stream().map(LogRecord::getMessage).toList());
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll the log, not a fixed wait
        }
    }

    /** Whether a session of {@code user} logged that its connection ended or was closed. */
    static boolean sessionEnded(String user) {
        synchronized (RECORDS) {
            return RECORDS.stream().map(LogRecord::getMessage).anyMatch(m -> m != null && m.contains(" " + user + "] ")
                    && (m.contains("connection ended") || m.contains("client closed")) || SEVERE.size() > 0);
        }
    }

    /** name, state, raw octets sent (tag b1), pattern of the tagged answer. */
    static Stream<Arguments> badInput() {
        String nested = "(".repeat(1000) + "FLAGS" + ")".repeat(1000);
        return Stream.of(
                Arguments.of("unknown command", State.AUTHENTICATED, octets("b1 FROBNICATE 1 (2) \"3\"\r\n"), "b1 BAD .*Unknown command FROBNICATE"),
                Arguments.of("unknown command before login", State.NOT_AUTHENTICATED, octets("b1 XYZZY a b c\r\n"), "b1 BAD .*Unknown command XYZZY"),
                Arguments.of("command in the wrong state", State.AUTHENTICATED, octets("b1 FETCH 1:* (FLAGS BODY[])\r\n"),
                        "b1 BAD .*not valid in the authenticated state"),
                Arguments.of("SELECT before login", State.NOT_AUTHENTICATED, octets("b1 SELECT INBOX\r\n"), "b1 BAD .*not valid in the not authenticated state"),
                Arguments.of("LOGIN when logged in", State.SELECTED, octets("b1 LOGIN alice secret\r\n"), "b1 BAD .*not valid.*"),
                Arguments.of("line over 64 KiB", State.SELECTED, octets("b1 FETCH 1 (FLAGS " + "UID ".repeat(20_000) + ")\r\n"),
                        "b1 BAD \\[TOOBIG] .*"),
                Arguments.of("sequence set of a million ranges", State.SELECTED, octets(millionRanges()), "b1 BAD \\[TOOBIG] .*"),
                Arguments.of("synchronizing literal over the limit", State.NOT_AUTHENTICATED, octets("b1 LOGIN {2000000}\r\n"),
                        "b1 NO \\[TOOBIG] .*"),
                Arguments.of("non-synchronizing literal over the limit", State.AUTHENTICATED,
                        concat(octets("b1 SELECT {2000000+}\r\n"), new byte[2_000_000], octets("\r\n")), "b1 BAD \\[TOOBIG] .*"),
                Arguments.of("APPEND over the append limit", State.AUTHENTICATED, octets("b1 APPEND INBOX {70000000}\r\n"), "b1 NO \\[TOOBIG] .*"),
                Arguments.of("APPEND to no mailbox, non-synchronizing", State.AUTHENTICATED,
                        octets("b1 APPEND Nowhere {16+}\r\nb9 LOGOUT\r\nxxxxx\r\n"), "b1 NO \\[TRYCREATE] .*"),
                Arguments.of("unbalanced ( in FETCH", State.SELECTED, octets("b1 FETCH 1 (FLAGS UID\r\n"), "b1 BAD .*Expected.*"),
                Arguments.of("unbalanced ) in FETCH", State.SELECTED, octets("b1 FETCH 1 FLAGS)\r\n"), "b1 BAD .*Expected.*"),
                Arguments.of("unbalanced ( in STORE", State.SELECTED, octets("b1 STORE 1:* +FLAGS (\\Deleted \\Seen\r\n"), "b1 BAD .*Expected.*"),
                Arguments.of("1000 nested lists in FETCH", State.SELECTED, octets("b1 FETCH 1 " + nested + "\r\n"), "b1 BAD .*"),
                Arguments.of("1000 nested lists in STORE", State.SELECTED, octets("b1 STORE 1:* FLAGS " + nested + "\r\n"), "b1 BAD .*"),
                Arguments.of("1000 nested lists in SEARCH", State.SELECTED, octets("b1 SEARCH " + "(".repeat(1000) + "ALL" + ")".repeat(1000) + "\r\n"),
                        "b1 BAD .*"),
                Arguments.of("1000 NOTs in SEARCH", State.SELECTED, octets("b1 SEARCH " + "NOT ".repeat(1000) + "ALL\r\n"), "b1 BAD .*"),
                Arguments.of("1000 nested lists in LIST", State.AUTHENTICATED, octets("b1 LIST " + "(".repeat(1000) + "\"\" *\r\n"), "b1 BAD .*"),
                Arguments.of("1000 nested lists in STATUS", State.AUTHENTICATED, octets("b1 STATUS INBOX " + nested + "\r\n"), "b1 BAD .*"),
                Arguments.of("1000 nested lists in APPEND", State.AUTHENTICATED, octets("b1 APPEND INBOX " + nested + " {1+}\r\nx\r\n"), "b1 BAD .*"),
                Arguments.of("invalid UTF-8 in a quoted string", State.AUTHENTICATED, octets("b1 SELECT \"\u00ff\u00fe\"\r\n"), "b1 BAD .*UTF-8.*"),
                Arguments.of("invalid UTF-8 in an atom", State.NOT_AUTHENTICATED, octets("b1 LOGIN \u00c3\u0028 secret\r\n"), "b1 BAD .*UTF-8.*"),
                Arguments.of("invalid UTF-8 in a literal", State.NOT_AUTHENTICATED, octets("b1 LOGIN {2+}\r\n\u00c0\u0080 secret\r\n"), "b1 BAD .*UTF-8.*"),
                Arguments.of("NUL after a command", State.SELECTED, octets("b1 NOOP\0\r\n"), "b1 BAD .*x00.*"),
                Arguments.of("NUL in a quoted string", State.AUTHENTICATED, octets("b1 SELECT \"IN\0BOX\"\r\n"), "b1 BAD .*x00.*"),
                Arguments.of("NUL in a literal", State.AUTHENTICATED, octets("b1 SELECT {5+}\r\nIN\0OX\r\n"), "b1 BAD .*NUL.*"),
                Arguments.of("CR without LF", State.SELECTED, octets("b1 NOOP\rb2 LOGOUT\r\n"), "b1 BAD .*LF after CR.*"),
                Arguments.of("error before a non-synchronizing literal", State.NOT_AUTHENTICATED,
                        octets("b1 LOGIN ) {14+}\r\nx\r\nb9 LOGOUT\r\n \"p\"\r\n"), "b1 BAD .*"),
                Arguments.of("error before a synchronizing literal", State.AUTHENTICATED, octets("b1 SELECT ) {5}\r\n"), "b1 BAD .*"),
                Arguments.of("literal size out of range", State.SELECTED, octets("b1 NOOP {99999999999999999999999+}\r\n"), "b1 BAD .*"),
                Arguments.of("sequence number out of range", State.SELECTED, octets("b1 FETCH 99999999999 FLAGS\r\n"), "b1 BAD .*out of range.*"),
                Arguments.of("section part out of range", State.SELECTED, octets("b1 FETCH 1 BODY.PEEK[4294967295]\r\n"), "b1 (OK|BAD|NO) .*"),
                Arguments.of("partial out of range", State.SELECTED, octets("b1 FETCH 1 BODY.PEEK[]<4294967295.4294967295>\r\n"), "b1 (OK|BAD) .*"),
                Arguments.of("sequence number zero", State.SELECTED, octets("b1 STORE 0:* +FLAGS (\\Deleted)\r\n"), "b1 BAD .*non-zero.*"),
                Arguments.of("bad modified UTF-7 (a name no mailbox has: NO, RFC 3501 5.1.3)", State.AUTHENTICATED, octets("b1 SELECT &Ze/nLIqe-\r\n"), "b1 NO \\[CANNOT] .*UTF-7.*"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputIsAnsweredAndTheSessionGoesOn(String name, State state, byte[] wire, String answer) throws Exception {
        try (ImapClient c = server.connect()) {
            if (state != State.NOT_AUTHENTICATED) {
                c.ok("LOGIN alice secret");
            }
            if (state == State.SELECTED) {
                c.ok("SELECT INBOX");
            }
            c.send(wire);
            List<String> lines = c.readUntilTagged("b1");
            String tagged = lines.get(lines.size() - 1);
            assertTrue(tagged.matches(answer), () -> "expected " + answer + " but got " + lines);
            assertEquals(List.of(tagged), lines.stream().filter(l -> !l.startsWith("* ") || l.startsWith("* BAD") || l.startsWith("* BYE")).toList(),
                    "one tagged answer, no untagged BAD/BYE and no continuation request");

            // the same connection serves the next command, with nothing left over from the bad one
            List<String> noop = c.ok("NOOP");
            assertFalse(noop.stream().anyMatch(l -> l.contains("BAD") || l.startsWith("+")), noop.toString());
            c.ok(switch (state) {
                case NOT_AUTHENTICATED -> "LOGIN alice secret";
                case AUTHENTICATED -> "SELECT INBOX";
                case SELECTED -> "FETCH 1:* FLAGS";
            });
        }
    }
}
