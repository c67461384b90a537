package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * Two extension bundles register one command name, {@code XRANKED} (issue 16 item 9, DESIGN.md
 * section 4.1 "identity, order"): the one with the higher {@code service.ranking} serves, whichever
 * was installed first; withdrawing it restores the other instead of removing the command.
 */
class CommandRankingTest {

    @TempDir
    static Path home;
    static ImapTestServer server;
    static Path lowJar;
    static Path highJar;

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home);
        server.addUser("rank", "pw");
        lowJar = TestBundles.build("io.bundlebox.itest.rank.low", "1.0.0", "io.bundlebox.itest.rankprobe.low,io.bundlebox.itest.rankprobe", home.resolve("low.jar"));
        highJar = TestBundles.build("io.bundlebox.itest.rank.high", "1.0.0", "io.bundlebox.itest.rankprobe.high,io.bundlebox.itest.rankprobe", home.resolve("high.jar"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static Bundle install(Path jar) throws Exception {
        Bundle b = server.framework().getBundleContext().installBundle(jar.toUri().toString());
        b.start();
        return b;
    }

    private static String answer(ImapClient c) throws Exception {
        return c.ok("XRANKED").get(0);
    }

    @Test
    void higherRankingServesAndWithdrawingItRestoresTheOther() throws Exception {
        Bundle low = install(lowJar);
        Bundle high = null;
        try (ImapClient early = server.login("rank", "pw")) {
            assertEquals("* XRANKED low", answer(early));
            high = install(highJar); // installed second, ranks higher: takes over at once
            try (ImapClient c = server.login("rank", "pw"); ImapClient bystander = server.login("rank", "pw")) {
                assertEquals("* XRANKED high", answer(c));
                bystander.ok("NOOP");
                high.uninstall();
                high = null;
                // the session that used the withdrawn bundle ends; the command itself stays, served by the other
                assertTrue(c.readResponseLine().startsWith("* BYE [UNAVAILABLE]"));
                assertEquals("* XRANKED low", answer(bystander));
                // the early session had used only the low bundle: untouched by the high one's departure
                assertEquals("* XRANKED low", answer(early));
            }
        } finally {
            if (high != null) {
                high.uninstall();
            }
            low.uninstall();
        }
        try (ImapClient none = server.login("rank", "pw")) {
            List<String> gone = none.command("XRANKED");
            assertTrue(gone.get(gone.size() - 1).matches("a\\d+ BAD .*Unknown command XRANKED"), gone.toString());
        }
    }

    @Test
    void higherRankingServesWhenInstalledFirstAndTheLowerOneLeavingChangesNothing() throws Exception {
        Bundle high = install(highJar);
        Bundle low = install(lowJar);
        try (ImapClient c = server.login("rank", "pw")) {
            assertEquals("* XRANKED high", answer(c));
            low.uninstall();
            low = null;
            assertEquals("* XRANKED high", answer(c), "a session that never used the lower bundle keeps going");
        } finally {
            if (low != null) {
                low.uninstall();
            }
            high.uninstall();
        }
    }
}
