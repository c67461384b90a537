package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QUOTA (RFC 9208, issue 12 items 1, 2 and 4) against a real server with ext.quota: the
 * capabilities, GETQUOTA / GETQUOTAROOT / SETQUOTA and their responses byte for byte (section
 * 4.2), STATUS DELETED-STORAGE (section 4.1.4), limits from configuration applied to the next
 * command, and enforcement with {@code NO [OVERQUOTA]} (section 4.3.1) that changes nothing,
 * including sixteen connections racing for the last hundred messages.
 */
class QuotaTest {

    private static final String PID = "io.bundlebox.ext.quota";

    @TempDir
    static Path home;
    static ImapTestServer server;
    private static final AtomicInteger USERS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home);
        server.addUser("probe", "pw");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /**
     * A fresh user (each test has its own mail) and the configuration {@code keys} (NAME stands
     * for the user), in force when this returns: the configuration also gives the user
     * {@code probe} a MESSAGE limit unique to it, which is awaited.
     */
    private static String user(Map<String, String> keys) throws Exception {
        int n = USERS.incrementAndGet();
        String name = "q" + n;
        server.addUser(name, "pw");
        configure(keys, name, n);
        return name;
    }

    private static void configure(Map<String, String> keys, String name, int generation) throws Exception {
        Map<String, String> config = new HashMap<>();
        keys.forEach((k, v) -> config.put(k.replace("NAME", name), v.replace("NAME", name)));
        config.put("user.probe.messages", Integer.toString(1000 + generation));
        config.put("user.probe.mailboxes", "0");
        config.put("user.probe.storage.kib", "0");
        server.configure(PID, config);
        try (ImapClient probe = server.login("probe", "pw")) {
            awaitQuota(probe, "* QUOTA \"\" (MESSAGE 0 " + (1000 + generation) + ")");
        }
    }

    /** The tagged line without its tag, e.g. {@code NO [OVERQUOTA] ...}. */
    private static String tail(List<String> lines) {
        String last = lines.get(lines.size() - 1);
        return last.substring(last.indexOf(' ') + 1);
    }

    static byte[] message(int n, int bodyOctets) {
        String head = "From: a@example.org\r\nSubject: quota " + n + "\r\n\r\n";
        return (head + "x".repeat(Math.max(0, bodyOctets - head.length() - 2)) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private static String untagged(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in " + lines));
    }

    /** Waits (10 s at most) until the session's GETQUOTA answer is {@code expected}. */
    private static void awaitQuota(ImapClient c, String expected) throws Exception {
        Await.until(java.time.Duration.ofSeconds(10), "the configuration applied (" + expected + ")",
                () -> untagged(c.ok("GETQUOTA \"\""), "* QUOTA"), expected::equals);
    }

    private static int messagesIn(Path cur) throws IOException {
        try (Stream<Path> files = Files.list(cur)) {
            return (int) files.count();
        }
    }

    @Test
    void capabilitiesAndResponsesAreThoseOfRfc9208Section4() throws Exception {
        String u = user(Map.of("user.NAME.storage.kib", "512", "user.NAME.messages", "1000"));
        try (ImapClient c = server.login(u, "pw")) {
            List<String> caps = List.of(c.ok("CAPABILITY").get(0).split(" "));
            for (String cap : List.of("QUOTA", "QUOTA=RES-STORAGE", "QUOTA=RES-MESSAGE", "QUOTA=RES-MAILBOX", "QUOTASET")) {
                assertTrue(caps.contains(cap), cap + " in " + caps);
            }
            List<String> quota = c.ok("GETQUOTA \"\"");
            assertEquals(List.of("* QUOTA \"\" (STORAGE 0 512 MESSAGE 0 1000)", "OK GETQUOTA completed"),
                    List.of(quota.get(0), tail(quota)));
            assertEquals(2, quota.size());
            c.append("INBOX", "", message(1, 1500));
            c.ok("CREATE Work");
            List<String> root = c.ok("GETQUOTAROOT INBOX");
            assertEquals(List.of("* QUOTAROOT \"INBOX\" \"\"", "* QUOTA \"\" (STORAGE 2 512 MESSAGE 1 1000)",
                    "OK GETQUOTAROOT completed"), List.of(root.get(0), root.get(1), tail(root)));
            assertEquals(3, root.size());
            assertEquals("* QUOTAROOT \"Not yet\" \"\"", c.ok("GETQUOTAROOT \"Not yet\"").get(0),
                    "a mailbox that does not exist yet is in the root too (section 4.1.2)");
            assertEquals("NO [NONEXISTENT] No such quota root; yours is \"\"", tail(c.command("GETQUOTA \"#user/other\"")));
            assertTrue(tail(c.command("GETQUOTA")).startsWith("BAD "), "a missing argument is a syntax error");
        }
    }

    @Test
    void aRootWithoutLimitsHasAnEmptyList() throws Exception {
        String u = user(Map.of());
        try (ImapClient c = server.login(u, "pw")) {
            assertEquals("* QUOTA \"\" ()", c.ok("GETQUOTAROOT INBOX").get(1), "section 4.2.1: no resource is limited");
        }
    }

    @Test
    void setQuotaIsForAdministratorsAndReplacesEveryLimit() throws Exception {
        String admin = user(Map.of("admins", "NAME, nobody", "user.NAME.messages", "50", "mailboxes", "40"));
        String other = "q" + (USERS.get() + 1);
        try (ImapClient c = server.login(admin, "pw")) {
            assertEquals("* QUOTA \"\" (MESSAGE 0 50 MAILBOX 1 40)", c.ok("GETQUOTA \"\"").get(0));
            assertEquals(List.of("* QUOTA \"\" (STORAGE 0 100)", "a3 OK SETQUOTA completed"),
                    c.ok("SETQUOTA \"\" (storage 100)"), "MESSAGE and MAILBOX limits are removed (section 4.1.3)");
            assertEquals("* QUOTA \"\" (STORAGE 0 100)", c.ok("GETQUOTA \"\"").get(0));
            assertEquals("NO [CANNOT] Resource ANNOTATION-STORAGE cannot be limited here",
                    tail(c.command("SETQUOTA \"\" (ANNOTATION-STORAGE 10)")));
            assertEquals("NO [CANNOT] A limit of 0 cannot be set; leave MESSAGE out for no limit",
                    tail(c.command("SETQUOTA \"\" (MESSAGE 0)")));
            assertTrue(tail(c.command("SETQUOTA \"\" (STORAGE 1 STORAGE 2)")).startsWith("BAD "));
            assertTrue(tail(c.command("SETQUOTA \"\" STORAGE 1")).startsWith("BAD "));
            assertEquals("NO [NONEXISTENT] No such quota root; yours is \"\"", tail(c.command("SETQUOTA \"x\" (STORAGE 5)")));
            assertEquals(List.of("* QUOTA \"\" ()", "a10 OK SETQUOTA completed"), c.ok("SETQUOTA \"\" ()"),
                    "an empty list removes every limit, the default MAILBOX one too");
        }
        server.addUser(other, "pw");
        try (ImapClient c = server.login(other, "pw")) {
            assertEquals("NO [NOPERM] Only quota administrators may set quotas", tail(c.command("SETQUOTA \"\" (STORAGE 1000000)")));
            assertEquals("* QUOTA \"\" (MAILBOX 1 40)", c.ok("GETQUOTA \"\"").get(0), "unchanged: the default applies");
        }
    }

    @Test
    void statusDeletedStorageIsWhatAnExpungeFrees() throws Exception {
        String u = user(Map.of());
        try (ImapClient c = server.login(u, "pw")) {
            c.append("INBOX", "(\\Deleted)", message(1, 3000));
            c.append("INBOX", "", message(2, 5000));
            c.append("INBOX", "(\\Deleted)", message(3, 100));
            assertEquals("* STATUS \"INBOX\" (MESSAGES 3 DELETED 2 DELETED-STORAGE 4)",
                    c.ok("STATUS INBOX (MESSAGES DELETED DELETED-STORAGE)").get(0), "3,100 octets are 4 units of 1,024");
            // the figure follows flag changes
            c.ok("SELECT INBOX");
            c.ok("STORE 1 -FLAGS.SILENT (\\Deleted)");
            assertEquals("* STATUS \"INBOX\" (DELETED 1 DELETED-STORAGE 1)", c.ok("STATUS INBOX (DELETED DELETED-STORAGE)").get(0));
            c.ok("STORE 1:3 -FLAGS.SILENT (\\Deleted)");
            assertEquals("* STATUS \"INBOX\" (DELETED 0 DELETED-STORAGE 0)", c.ok("STATUS INBOX (DELETED DELETED-STORAGE)").get(0));
            c.ok("STORE 2 +FLAGS.SILENT (\\Deleted)");
            assertEquals("* STATUS \"INBOX\" (DELETED 1 DELETED-STORAGE 5)", c.ok("STATUS INBOX (DELETED DELETED-STORAGE)").get(0));
        }
    }

    @Test
    void limitsFromConfigurationApplyToTheNextCommand() throws Exception {
        String u = user(Map.of("messages", "7"));
        try (ImapClient c = server.login(u, "pw")) {
            assertEquals("* QUOTA \"\" (MESSAGE 0 7)", c.ok("GETQUOTA \"\"").get(0));
            server.configure(PID, Map.of("messages", "7", "user." + u + ".messages", "3", "user." + u + ".mailboxes", "9"));
            awaitQuota(c, "* QUOTA \"\" (MESSAGE 0 3 MAILBOX 1 9)");
            server.configure(PID, Map.of("messages", "0"));
            awaitQuota(c, "* QUOTA \"\" ()");
        }
    }

    @Test
    void overTheLimitAppendCopyAndCreateGetOverquotaAndChangeNothing() throws Exception {
        String u = user(Map.of("user.NAME.storage.kib", "10", "user.NAME.messages", "4", "user.NAME.mailboxes", "3"));
        Path cur = server.maildir(u).resolve("cur");
        String storage = "NO [OVERQUOTA] The storage limit of 10 KiB would be exceeded";
        String mailboxes = "NO [OVERQUOTA] The limit of 3 mailboxes would be exceeded";
        try (ImapClient c = server.login(u, "pw")) {
            c.ok("SELECT INBOX");
            List<String> big = c.append("INBOX", "", message(1, 10 * 1024 + 1));
            assertEquals(1, big.size(), "refused before the continuation request, the literal never sent: " + big);
            assertEquals(storage, tail(big));
            assertTrue(tail(c.append("INBOX", "", message(2, 4 * 1024))).startsWith("OK [APPENDUID"));
            assertTrue(tail(c.append("INBOX", "", message(3, 4 * 1024))).startsWith("OK [APPENDUID"));
            assertEquals(storage, tail(c.command("COPY 1:2 INBOX")));
            assertEquals(2, messagesIn(cur), "nothing was copied");
            c.ok("CREATE Box");
            assertEquals("OK MOVE completed", tail(c.command("MOVE 1 Box")), "MOVE needs no new room (one root)");
            assertEquals(mailboxes, tail(c.command("CREATE A/B")), "A/B would create two mailboxes");
            assertEquals("OK CREATE completed", tail(c.command("CREATE A")));
            assertEquals(mailboxes, tail(c.command("CREATE C")));
            assertEquals(mailboxes, tail(c.command("RENAME INBOX Old")), "renaming INBOX makes one mailbox more");
            assertTrue(c.ok("LIST \"\" *").stream().noneMatch(l -> l.endsWith(" C") || l.endsWith(" Old")));
            assertEquals("* QUOTA \"\" (STORAGE 8 10 MESSAGE 2 4 MAILBOX 3 3)", c.ok("GETQUOTA \"\"").get(0));
            c.ok("STORE 1 +FLAGS (\\Deleted)");
            c.ok("EXPUNGE");
            assertEquals("* QUOTA \"\" (STORAGE 4 10 MESSAGE 1 4 MAILBOX 3 3)", c.ok("GETQUOTA \"\"").get(0),
                    "EXPUNGE brings usage down at once");
            assertTrue(tail(c.append("INBOX", "", message(4, 4 * 1024))).startsWith("OK [APPENDUID"), "room again");
            c.append("INBOX", "", message(5, 10));
            c.append("INBOX", "", message(6, 10));
            assertEquals("NO [OVERQUOTA] The limit of 4 messages would be exceeded", tail(c.append("INBOX", "", message(7, 10))));
            assertEquals(3, messagesIn(cur));
        }
    }

    @Test
    void sixteenConnectionsRacingForTheLastHundredMessagesStoreExactlyOneHundred() throws Exception {
        String u = user(Map.of("user.NAME.messages", "130"));
        try (ImapClient c = server.login(u, "pw")) {
            for (int i = 0; i < 30; i++) {
                c.append("INBOX", "", message(i, 200));
            }
        }
        int connections = 16;
        int attempts = 15; // 240 APPENDs for 100 places
        ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch ready = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try (ImapClient c = server.login(u, "pw")) {
                    ready.countDown();
                    go.await();
                    for (int i = 0; i < attempts; i++) {
                        answers.add(last(c.append("INBOX", "", message(1000 * id + i, 300))));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        ready.await();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), failures.toString());
        long ok = answers.stream().filter(a -> a.contains(" OK [APPENDUID")).count();
        long refused = answers.stream().filter(a -> a.contains(" NO [OVERQUOTA] ")).count();
        assertEquals(100, ok, "exactly the room left was used");
        assertEquals(connections * attempts - 100, refused, "every other APPEND was refused: " + answers);
        assertEquals(130, messagesIn(server.maildir(u).resolve("cur")));
        try (ImapClient c = server.login(u, "pw")) {
            assertEquals("* QUOTA \"\" (MESSAGE 130 130)", c.ok("GETQUOTA \"\"").get(0));
        }
    }

    @Test
    void aClientDroppingMidAppendReleasesItsReservation() throws Exception {
        String u = user(Map.of("user.NAME.messages", "1"));
        byte[] m = message(1, 20_000);
        try (ImapClient dropper = server.login(u, "pw"); ImapClient next = server.login(u, "pw")) {
            dropper.send("d1 APPEND INBOX {" + m.length + "}\r\n");
            assertTrue(dropper.readResponseLine().startsWith("+ "), "room for the one message was reserved");
            dropper.send(java.util.Arrays.copyOf(m, m.length / 2));
            dropper.abort();
            // refused at once if the reservation were kept; granted once the server saw the drop
            assertTrue(tail(next.append("INBOX", "", message(2, 100))).startsWith("OK [APPENDUID"),
                    "the dropped APPEND's reservation was released");
            assertEquals("* QUOTA \"\" (MESSAGE 1 1)", next.ok("GETQUOTA \"\"").get(0));
        }
    }
}
