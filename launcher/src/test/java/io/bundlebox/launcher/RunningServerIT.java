package io.bundlebox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.itest.Await;
import io.bundlebox.itest.ImapClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator does to a running server: drop, replace and delete an extension in
 * {@code extensions/}, and save configuration in {@code conf/}, good or bad. One server serves
 * every test here; each test leaves it as it found it.
 */
class RunningServerIT {

    /** DESIGN.md section 6: new sessions see an installed extension within 2 s. */
    private static final Duration HOT_DEADLINE = Duration.ofSeconds(2);

    @TempDir
    static Path home;
    static Bundlebox server;

    @BeforeAll
    static void start() throws Exception {
        assertEquals(0, Bundlebox.run("pw\n", "user", "add", "olga", "--home", home.toString()).status());
        server = Bundlebox.start(home);
    }

    @AfterAll
    static void stop() throws Exception {
        assertEquals(0, server.terminate());
    }

    @Test
    void anExtensionDroppedReplacedAndDeletedIsAdvertisedAndWithdrawnWhileASessionStaysServed() throws Exception {
        ImapClient throughout = server.connect();
        throughout.ok("LOGIN olga pw");
        throughout.ok("NOOP");
        Path jar = home.resolve("extensions/hot-capability.jar");

        TestExtensionJar.drop(jar, "X-HOT-ONE");
        awaitCapabilities(caps -> caps.contains(" X-HOT-ONE"), "advertised after the drop");
        throughout.ok("NOOP");

        TestExtensionJar.drop(jar, "X-HOT-TWO");
        awaitCapabilities(caps -> caps.contains(" X-HOT-TWO") && !caps.contains("X-HOT-ONE"), "updated after the replace");
        throughout.ok("NOOP");

        Files.delete(jar);
        awaitCapabilities(caps -> !caps.contains("X-HOT-"), "withdrawn after the delete");
        throughout.ok("NOOP");
        throughout.ok("LOGOUT");
    }

    /** Polls CAPABILITY on new connections until {@code condition} holds; fails after {@link #HOT_DEADLINE}. */
    private static void awaitCapabilities(Predicate<String> condition, String what) throws IOException {
        long start = System.nanoTime();
        long deadline = start + HOT_DEADLINE.toNanos();
        String caps;
        do {
            try (ImapClient c = server.connect()) {
                caps = c.ok("CAPABILITY").get(0);
            }
            if (condition.test(caps)) {
                System.out.println("[RunningServerIT] " + what + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
                return;
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not " + what + " within " + HOT_DEADLINE + ": " + caps);
    }

    @Test
    void aUserAddedOrRemovedWhileRunningTakesEffectWithoutRestart() throws Exception {
        assertEquals(0, Bundlebox.run("fresh pw\n", "user", "add", "pavel", "--home", home.toString()).status());
        try (ImapClient c = server.connect()) {
            c.ok("LOGIN pavel \"fresh pw\"");
        }
        assertEquals(0, Bundlebox.run("", "user", "remove", "pavel", "--home", home.toString()).status());
        try (ImapClient c = server.connect()) {
            List<String> refused = c.command("LOGIN pavel \"fresh pw\"");
            assertTrue(refused.get(refused.size() - 1).contains(" NO "), refused::toString);
        }
    }

    @Test
    void aSecondServerOnTheSameHomeIsRefusedInOneLine() throws Exception {
        try (Bundlebox second = Bundlebox.launch(home, Bundlebox.freePort())) {
            assertEquals(1, second.awaitExit());
            assertEquals(List.of("bundlebox: home " + home.toAbsolutePath().normalize() + " is in use by another running server"),
                    second.stderr());
        }
        try (ImapClient c = server.connect()) {
            c.ok("LOGIN olga pw");
        }
    }

    @Test
    void aRejectedConfigurationIsOneLogLineAndTheServerKeepsServing() throws Exception {
        ImapClient throughout = server.connect();
        throughout.ok("LOGIN olga pw");
        Path cfg = home.resolve("conf/io.bundlebox.server.cfg");
        String good = Files.readString(cfg);
        try {
            Files.writeString(cfg, "imap = nowhere\nlimit.line = lots\n");
            String line = server.awaitOutput(l -> l.contains("configuration io.bundlebox.server rejected"), Duration.ofSeconds(10));
            assertTrue(line.contains("SEVERE"), line);
            throughout.ok("NOOP");
            try (ImapClient fresh = server.connect()) {
                fresh.ok("LOGIN olga pw");
            }
        } finally {
            Files.writeString(cfg, good);
        }
    }

    @Test
    void anUnparsableCfgFileIsReportedWithoutAStackTraceAndChangesNothing() throws Exception {
        Path bad = home.resolve("conf/io.bundlebox.broken.cfg");
        try {
            Files.writeString(bad, "key = \\uZZZZ\n");
            server.awaitOutput(l -> l.contains("io.bundlebox.broken.cfg"), Duration.ofSeconds(10));
            try (ImapClient fresh = server.connect()) {
                fresh.ok("LOGIN olga pw");
            }
            List<String> out = server.stdout();
            assertFalse(out.stream().anyMatch(l -> l.startsWith("\tat ")), "no stack trace on the console: " + out);
        } finally {
            Files.delete(bad);
        }
    }

    @Test
    void setquotaLimitsAreWrittenIntoTheCfgFileAndSurviveItsNextSave() throws Exception {
        Path cfg = home.resolve("conf/io.bundlebox.ext.quota.cfg");
        Files.writeString(cfg, "# the shop's quota\nadmins = olga\nmessages = 100\n");
        assertEquals(0, Bundlebox.run("pw\n", "user", "add", "quinn", "--home", home.toString()).status());
        try (ImapClient c = server.connect(); ImapClient other = server.connect()) {
            c.ok("LOGIN olga pw");
            other.ok("LOGIN quinn pw");
            Await.until(Duration.ofSeconds(10), "the file's limits applied", () -> c.ok("GETQUOTA \"\"").get(0),
                    q -> q.endsWith("(MESSAGE 0 100)"));
            assertEquals("* QUOTA \"\" (STORAGE 0 512)", c.ok("SETQUOTA \"\" (STORAGE 512)").get(0));
            String saved = Files.readString(cfg);
            assertTrue(saved.startsWith("# the shop's quota\nadmins = olga\nmessages = 100\n"), saved);
            assertTrue(saved.contains("\nuser.olga.storage.kib = 512\n") && saved.contains("\nuser.olga.messages = 0\n")
                    && saved.contains("\nuser.olga.mailboxes = 0\n"), saved);

            // the operator's next save of the file (the default changed) keeps SETQUOTA's limits
            Files.writeString(cfg, saved.replace("messages = 100\n", "messages = 7\n"));
            Await.until(Duration.ofSeconds(10), "the saved file applied", () -> other.ok("GETQUOTA \"\"").get(0),
                    q -> q.endsWith("(MESSAGE 0 7)"));
            assertEquals("* QUOTA \"\" (STORAGE 0 512)", c.ok("GETQUOTA \"\"").get(0),
                    "olga's own limits (messages unlimited) still beat the new default");
        } finally {
            Files.delete(cfg);
            Bundlebox.run("", "user", "remove", "quinn", "--home", home.toString());
        }
    }
}
