package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 8: a saved configuration says what it applied. A changed {@code mail.root} is
 * not applied while running, and one WARNING line says a restart is needed (the log used to
 * say "applied" while nothing changed); the other keys of the same save do apply to new sessions.
 */
class ConfigurationHonestyTest {

    @TempDir
    Path home;

    @Test
    void aChangedMailRootSaysARestartIsNeededAndTheRestApplies() throws Exception {
        try (TestSecurity.LogCapture log = new TestSecurity.LogCapture();
                ImapTestServer server = ImapTestServer.start(home, List.of(), Map.of())) {
            server.addUser("alice", "secret");
            try (ImapClient c = server.login("alice", "secret")) {
                c.append("INBOX", "", "Subject: kept\r\n\r\nhere\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            Path other = home.resolve("elsewhere");
            server.configure("io.bundlebox.server", Map.of("mail.root", other.toString(), "name", "Renamed"));
            log.awaitLine("configuration io.bundlebox.server applied");
            List<String> said = log.lines.stream().filter(l -> l.contains("configuration io.bundlebox.server")).toList();
            assertEquals(1, said.size(), said.toString());
            assertTrue(said.get(0).contains(" WARNING ") && said.get(0).contains("except mail.root")
                    && said.get(0).contains("after a restart"), said.toString());
            try (ImapClient c = server.connect()) {
                assertTrue(c.greeting().endsWith("Renamed ready"), "name applied: " + c.greeting());
                c.ok("LOGIN alice secret");
                assertTrue(c.ok("STATUS INBOX (MESSAGES)").contains("* STATUS \"INBOX\" (MESSAGES 1)"),
                        "mail is still served from the root in use");
            }
        }
    }
}
