package io.bundlebox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.itest.ImapClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First start of an empty home, a mail client logging in, and a clean stop on SIGTERM. */
class ServerLifecycleIT {

    private static final Pattern DEMO = Pattern.compile("server 127\\.0\\.0\\.1, port (\\d+), user demo, password (\\S+)");
    private static final Pattern LISTENING = Pattern.compile("listening on .* \\((\\d+) ms after start\\)");

    @TempDir
    Path home;

    @Test
    void firstStartSetsUpTheHomeAndTheDemoUserThenSigtermSaysByeAndExitsZero() throws Exception {
        try (Bundlebox server = Bundlebox.start(home)) {
            Matcher demo = DEMO.matcher(server.awaitOutput(DEMO.asPredicate(), Duration.ofSeconds(30)));
            assertTrue(demo.find());
            assertEquals(server.port(), Integer.parseInt(demo.group(1)));
            String password = demo.group(2);

            Matcher listening = LISTENING.matcher(server.awaitOutput(LISTENING.asPredicate(), Duration.ofSeconds(5)));
            assertTrue(listening.find());
            System.out.println("[ServerLifecycleIT] server listening " + listening.group(1) + " ms after JVM start");

            for (String dir : new String[] {"conf", "extensions", "var/mail", "var/log"}) {
                assertTrue(Files.isDirectory(home.resolve(dir)), dir);
            }
            assertTrue(Files.exists(home.resolve("conf/io.bundlebox.server.cfg")));
            assertTrue(Files.exists(home.resolve("conf/logging.properties")));
            try (var ext = Files.list(home.resolve("extensions"))) {
                assertTrue(ext.anyMatch(p -> p.getFileName().toString().startsWith("io.bundlebox.ext.idle")),
                        "extensions/ seeded with the distribution's extensions");
            }

            ImapClient client = server.connect();
            assertTrue(client.greeting().startsWith("* OK"), client.greeting());
            client.ok("LOGIN demo " + password);
            client.ok("NOOP");

            assertEquals(0, server.terminate(), "exit status after SIGTERM");
            assertTrue(client.readResponseLine().startsWith("* BYE"), "open session told BYE");

            Path log = home.resolve("var/log/bundlebox.log");
            assertTrue(Bundlebox.contains(log, "listening on 127.0.0.1:" + server.port()), "log file written");
            assertTrue(Pattern.compile("\\[c\\d+ demo] logged in").matcher(Files.readString(log)).find(),
                    "session lines carry connection id and user");
            assertFalse(Bundlebox.contains(log, password), "the password is never logged");
        }
    }

    @Test
    void aSecondStartKeepsTheUsersAndCreatesNoDemoUser() throws Exception {
        assertEquals(0, Bundlebox.run("pw\n", "user", "add", "erin", "--home", home.toString()).status());
        try (Bundlebox server = Bundlebox.start(home)) {
            server.connect().ok("LOGIN erin pw");
            assertEquals(0, server.terminate());
            assertFalse(String.join("\n", server.stdout()).contains("user demo"), server.stdout()::toString);
        }
        assertEquals("erin\n", Bundlebox.run("", "user", "list", "--home", home.toString()).stdout());
    }
}
