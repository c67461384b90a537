package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * ext.quota as a hot-pluggable bundle (issue 12 item 5, DESIGN.md section 6): without it nothing
 * is advertised or enforced; installed into the running server it enforces from the next command
 * on, with the usage the store has been keeping all along; updated, it leaves sessions that only
 * appended alone and ends those that used its commands with {@code BYE [UNAVAILABLE]}.
 */
class QuotaHotInstallTest {

    @TempDir
    Path home;

    private static String tail(List<String> lines) {
        String last = lines.get(lines.size() - 1);
        return last.substring(last.indexOf(' ') + 1);
    }

    private static boolean advertisesQuota(ImapClient c) throws IOException {
        return List.of(c.ok("CAPABILITY").get(0).split(" ")).contains("QUOTA");
    }

    @Test
    void installingStartsEnforcementAndUpdatingSparesSessionsThatOnlyAppended() throws Exception {
        try (ImapTestServer server = ImapTestServer.start(home, List.of("io.bundlebox.ext.idle"), Map.of())) {
            server.addUser("hot", "pw");
            server.configure("io.bundlebox.ext.quota", Map.of("messages", "3"));
            try (ImapClient appender = server.login("hot", "pw")) {
                assertFalse(advertisesQuota(appender));
                for (int i = 0; i < 4; i++) {
                    assertTrue(tail(appender.append("INBOX", "", QuotaTest.message(i, 300))).startsWith("OK [APPENDUID"),
                            "no bundle, no limit");
                }
                assertTrue(tail(appender.command("GETQUOTAROOT INBOX")).startsWith("BAD "), "GETQUOTAROOT is unknown");

                Bundle quota = server.installExtension("io.bundlebox.ext.quota");
                try (ImapClient asker = server.login("hot", "pw")) {
                    Await.until(Duration.ofSeconds(2), "advertised within 2 s of the install", () -> advertisesQuota(asker));
                    awaitQuota(asker, "* QUOTA \"\" (MESSAGE 4 3)");
                    assertEquals("NO [OVERQUOTA] The limit of 3 messages would be exceeded",
                            tail(appender.append("INBOX", "", QuotaTest.message(9, 300))),
                            "the session that was there before the install is limited from its next command");

                    quota.update();

                    String bye = asker.readResponseLine();
                    assertTrue(bye != null && bye.startsWith("* BYE [UNAVAILABLE] "), "a session that used GETQUOTAROOT: " + bye);
                    assertNull(asker.readResponseLine(), "closed after the BYE");
                }
                assertEquals("OK NOOP completed", tail(appender.command("NOOP")),
                        "a session that only appended stays");
                awaitActive(server);
                assertEquals("NO [OVERQUOTA] The limit of 3 messages would be exceeded",
                        tail(appender.append("INBOX", "", QuotaTest.message(10, 300))), "the updated bundle enforces");
            }
        }
    }

    /** Waits (10 s at most) until the session's GETQUOTA answers {@code expected}, e.g. after a configuration change. */
    static void awaitQuota(ImapClient c, String expected) throws Exception {
        Await.until(Duration.ofSeconds(10), "the configuration applied (" + expected + ")",
                () -> c.ok("GETQUOTA \"\"").get(0), expected::equals);
    }

    /** Waits (10 s at most) until the updated bundle's commands are back. */
    private static void awaitActive(ImapTestServer server) throws Exception {
        Await.until(Duration.ofSeconds(10), "ext.quota back after its update", () -> {
            try (ImapClient c = server.login("hot", "pw")) {
                return tail(c.command("GETQUOTA \"\"")).startsWith("OK");
            }
        });
    }
}
