package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * SEARCH hooks for extensions (DESIGN.md section 4): a search key ({@code SearchKeyParser}) and a
 * RETURN option ({@code SearchReturnOption}) of the probe bundle, installed into the running
 * server, used by SEARCH and UID SEARCH, and gone again with the bundle.
 */
class SearchExtensionsTest {

    @TempDir
    static Path home;
    static ImapTestServer server;
    static Bundle probe;

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home);
        server.addUser("ext", "pw");
        Path jar = TestBundles.build("io.bundlebox.itest.probe", "1.0.0", "io.bundlebox.itest.probe", home.resolve("probe.jar"));
        probe = server.framework().getBundleContext().installBundle(jar.toUri().toString());
        probe.start();
        try (ImapClient c = server.login("ext", "pw")) {
            for (int i = 1; i <= 3; i++) {
                c.append("INBOX", "", ("Subject: m" + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static List<String> untagged(ImapClient c, String command) throws Exception {
        List<String> lines = c.ok(command);
        return lines.subList(0, lines.size() - 1);
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    @Test
    void extensionKeysAndReturnOptionsWorkUntilTheBundleGoes() throws Exception {
        try (ImapClient c = server.login("ext", "pw"); ImapClient bystander = server.login("ext", "pw")) {
            c.ok("SELECT INBOX");
            c.ok("STORE 3 +FLAGS.SILENT (\\Seen)");
            String fetch = c.ok("FETCH 3 (XMODSEQ)").get(0);
            long m3 = Long.parseLong(fetch.replaceAll(".*XMODSEQ \\((\\d+)\\).*", "$1"));

            assertEquals(List.of("* SEARCH 3"), untagged(c, "SEARCH XMODSEQ " + m3));
            assertEquals(List.of("* SEARCH 1 2"), untagged(c, "UID SEARCH NOT XMODSEQ " + m3 + " ALL"));
            assertEquals(List.of("* SEARCH 3"), untagged(c, "SEARCH (OR XMODSEQ " + m3 + " 99) SEEN"));
            String tag = c.nextTag();
            assertEquals(List.of("* ESEARCH (TAG \"" + tag + "\") XFIRST (1 2)"), untagged(c, "SEARCH RETURN (XFIRST 2) ALL"));
            tag = c.nextTag();
            assertEquals(List.of("* ESEARCH (TAG \"" + tag + "\") UID COUNT 3 XFIRST (1)"),
                    untagged(c, "UID SEARCH RETURN (COUNT XFIRST 1) ALL"));
            List<String> badArg = c.command("SEARCH XMODSEQ x");
            assertTrue(last(badArg).contains(" BAD ") && last(badArg).contains("Expected a number"), badArg.toString());

            bystander.ok("EXAMINE INBOX");
            probe.stop();
            try {
                assertTrue(c.readResponseLine().startsWith("* BYE [UNAVAILABLE]"), "the session that used the extension ends");
                List<String> key = bystander.command("SEARCH XMODSEQ 1");
                assertTrue(last(key).contains(" BAD ") && last(key).contains("Unknown search key XMODSEQ"), key.toString());
                List<String> option = bystander.command("SEARCH RETURN (XFIRST 1) ALL");
                assertTrue(last(option).contains(" BAD ") && last(option).contains("Unknown SEARCH return option XFIRST"),
                        option.toString());
                assertEquals(List.of("* SEARCH 1 2 3"), untagged(bystander, "SEARCH ALL"));
            } finally {
                probe.start();
            }
        }
    }
}
