package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 5465 section 5.8 end to end: a client that stops reading makes no writer block and no
 * memory grow; once it reads again it gets what fitted, then {@code * OK [NOTIFICATIONOVERFLOW]},
 * and NOTIFY is off. Deterministic: the outbox is configured small ({@code limit.outbox = 4}), the
 * client's receive buffer is small and a FETCH of a 16 MiB message (more than the socket buffers
 * hold) keeps the outbox's writer busy; the test waits for the outbox to report itself full (a
 * log line), not for time to pass.
 */
class NotifyOverflowTest {

    private static final int OUTBOX = 4;

    @TempDir
    static Path home;
    static ImapTestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home, NotifyTest.WITH_NOTIFY, Map.of(), Map.of("limit.outbox", String.valueOf(OUTBOX)));
        server.addUser("slow", "pw");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aClientThatStopsReadingGetsNotificationOverflowOnceItReadsAgain() throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096); // before connecting: the window stays small
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
        try (TestSecurity.LogCapture log = new TestSecurity.LogCapture(); ImapClient watcher = new ImapClient(socket);
                ImapClient other = server.login("slow", "pw")) {
            watcher.socket().setSoTimeout(30_000);
            watcher.ok("LOGIN slow pw");
            watcher.ok("SELECT INBOX");
            watcher.ok("NOTIFY SET (selected (MessageNew (BODY.PEEK[]) MessageExpunge)) (personal (MailboxName))");

            // the watcher reads nothing from here on
            byte[] big = new byte[16 << 20];
            Arrays.fill(big, (byte) 'x');
            byte[] head = "Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(head, 0, big, 0, head.length);
            for (int i = head.length + 998; i < big.length - 1; i += 1000) {
                big[i] = '\r';
                big[i + 1] = '\n';
            }
            assertTrue(other.append("INBOX", "", big).getLast().contains("OK"));
            int creates = 3 * OUTBOX;
            for (int i = 0; i < creates; i++) {
                other.ok("CREATE box" + i); // each a MailboxName event: a LIST waiting in the outbox
            }
            log.awaitLine("outbox full (" + OUTBOX + " items waiting for the client)");
            assertTrue(other.ok("NOOP").getLast().contains("OK"), "the other session is not held up by the watcher");

            // the watcher reads again: the FETCH, what fitted in the outbox, then the overflow
            List<String> seen = NotifyTest.until(watcher, "\\* OK \\[NOTIFICATIONOVERFLOW\\] .*");
            assertTrue(seen.stream().anyMatch(l -> l.startsWith("* 1 FETCH (BODY[] {" + big.length + "}")), "the FETCH came first");
            long lists = seen.stream().filter(l -> l.startsWith("* LIST ")).count();
            assertTrue(lists <= OUTBOX, "at most the outbox's " + OUTBOX + " items waited, not all " + creates + ": " + lists);

            // NOTIFY is off now (section 5.8): the client resynchronises by asking
            other.ok("CREATE after");
            List<String> noop = watcher.ok("NOOP");
            assertEquals(1, noop.size(), "no more events after the overflow: " + noop);
            assertTrue(watcher.ok("LIST \"\" after").contains("* LIST (\\HasNoChildren) \"/\" \"after\""));
        }
    }
}
