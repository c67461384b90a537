package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.FrameworkEvent;

/**
 * Issue 16 item 9: a shutdown says BYE to all sessions at once, bounded as a whole. Twenty
 * sessions whose clients stopped reading in the middle of a large FETCH each hold their BYE for
 * its full write timeout (2 s); one after the other on SCR's thread that was 40 s and more, now
 * the framework stops in a few seconds and an idle client still gets its BYE.
 */
class ShutdownTest {

    @TempDir
    Path home;

    @Test
    void shutdownByesStuckSessionsTogether() throws Exception {
        ImapTestServer server = ImapTestServer.start(home, List.of(), Map.of());
        List<ImapClient> stuck = new ArrayList<>();
        try {
            server.addUser("alice", "secret");
            try (ImapClient c = server.login("alice", "secret")) {
                c.append("INBOX", "", ("Subject: big\r\n\r\n" + "0123456789abcdef".repeat(64) + "\r\n").repeat(4000).getBytes());
            }
            for (int i = 0; i < 20; i++) {
                ImapClient c = server.login("alice", "secret");
                c.ok("SELECT INBOX");
                c.send("f1 FETCH 1 BODY.PEEK[]\r\nf2 FETCH 1 BODY.PEEK[]\r\nf3 FETCH 1 BODY.PEEK[]\r\nf4 FETCH 1 BODY.PEEK[]\r\n");
                assertTrue(c.readResponseLine().startsWith("* 1 FETCH (BODY[] {"), "the answer started; the client reads no more");
                stuck.add(c);
            }
            ImapClient idle = server.login("alice", "secret");
            long start = System.nanoTime();
            server.framework().stop();
            FrameworkEvent stopped = server.framework().waitForStop(120_000);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertNotEquals(FrameworkEvent.WAIT_TIMEDOUT, stopped.getType());
            assertTrue(millis < 15_000, "20 stuck sessions stopped in " + millis + " ms (one after the other: over 40 s)");
            assertEquals("* BYE Bundlebox is shutting down", idle.readResponseLine());
            idle.close();
        } finally {
            for (ImapClient c : stuck) {
                c.close();
            }
            server.close();
        }
    }
}
