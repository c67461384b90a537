package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Isolation of two tenants that share user and mailbox names (issue 14 item 3): {@code alice@a}
 * and {@code alice@b}, both with INBOX and {@code Work}. No message, flag, mailbox list, search
 * result, IDLE push, index file or mail file of one reaches the other; a password works only in
 * its own tenant; mailbox names do not climb out of the tenant's mail root. One test runs both
 * tenants' sessions concurrently and checks every answer.
 */
class TenantIsolationTest {

    @TempDir
    static Path home;
    static ImapTestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home, List.of("io.bundlebox.ext.idle"), Map.of(),
                Map.of("auth.delay.initial.ms", "1", "auth.delay.max.ms", "1"));
        for (String t : List.of("a", "b")) {
            server.configureTenant(t, Map.of("domains", t, "extensions", "*"));
            server.addUser("conf/users-" + t, "alice@" + t, "secret-" + t);
        }
        for (String t : List.of("a", "b")) {
            try (ImapClient c = login(t)) {
                c.ok("CREATE Work");
                c.ok("CREATE Only-" + t);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static ImapClient login(String tenant) throws IOException {
        return server.login("alice@" + tenant, "secret-" + tenant);
    }

    static byte[] message(String tenant, String subject) {
        return ("From: alice@" + tenant + "\r\nX-Tenant: " + tenant + "\r\nSubject: " + subject + "\r\n\r\nbody of tenant " + tenant + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    @Test
    void passwordsWorkOnlyInTheirOwnTenant() throws Exception {
        try (ImapClient c = server.connect()) {
            assertTrue(last(c.command("LOGIN alice@a secret-b")).contains("NO [AUTHENTICATIONFAILED]"));
            assertTrue(last(c.command("LOGIN alice@b secret-a")).contains("NO [AUTHENTICATIONFAILED]"));
            assertTrue(last(c.command("LOGIN alice secret-a")).contains("NO [AUTHENTICATIONFAILED]"));
        }
    }

    @Test
    void messagesFlagsListsSearchesAndFilesStayInTheirTenant() throws Exception {
        try (ImapClient a = login("a"); ImapClient b = login("b")) {
            a.append("Work", "(\\Flagged $TenantA)", message("a", "secret plan of a"));
            b.append("Work", "", message("b", "notes of b"));
            List<String> listA = a.ok("LIST \"\" *");
            assertTrue(listA.stream().anyMatch(l -> l.contains("Only-a")) && listA.stream().noneMatch(l -> l.contains("Only-b")), listA.toString());
            List<String> listB = b.ok("LIST \"\" *");
            assertTrue(listB.stream().anyMatch(l -> l.contains("Only-b")) && listB.stream().noneMatch(l -> l.contains("Only-a")), listB.toString());

            b.ok("SELECT Work");
            assertTrue(b.ok("SEARCH SUBJECT \"secret plan\"").get(0).equals("* SEARCH"), "b cannot find a's message");
            assertTrue(b.ok("SEARCH KEYWORD $TenantA").get(0).equals("* SEARCH"));
            List<String> fetchB = b.ok("FETCH 1:* (FLAGS BODY[HEADER.FIELDS (X-TENANT)])");
            assertTrue(fetchB.stream().noneMatch(l -> l.contains("X-Tenant: a") || l.contains("Flagged")), fetchB.toString());
            List<String> flagsB = b.ok("SELECT Work");
            assertTrue(flagsB.stream().noneMatch(l -> l.contains("$TenantA")), "keywords of a are not b's: " + flagsB);
            List<String> status = b.ok("STATUS Work (MESSAGES)");
            long inWork = b.ok("FETCH 1:* (BODY.PEEK[HEADER.FIELDS (X-TENANT)])").stream().filter(l -> l.contains("X-Tenant: b")).count();
            assertTrue(status.stream().anyMatch(l -> l.matches("\\* STATUS \"?Work\"? \\(MESSAGES " + inWork + "\\)")),
                    "b counts only its own messages (" + inWork + "): " + status);
        }
        // every file of each tenant (mail, index, uidlist, keywords) lies in its own root and names only its own content
        try (Stream<Path> files = Files.walk(home.resolve("var/mail-b"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains("secret plan") || text.contains("$TenantA") || text.contains("alice@a"), f + " holds a's data");
            }
        }
        assertFalse(Files.exists(home.resolve("var/mail/alice@a")) || Files.exists(home.resolve("var/mail-a/alice@b")));
    }

    @Test
    void idlePushesReachOnlyTheirOwnTenant() throws Exception {
        try (ImapClient idleA = login("a"); ImapClient idleB = login("b"); ImapClient writerA = login("a"); ImapClient writerB = login("b")) {
            int inboxA = exists(idleA.ok("SELECT INBOX"));
            int inboxB = exists(idleB.ok("SELECT INBOX"));
            idleA.send("i1 IDLE\r\n");
            idleB.send("i2 IDLE\r\n");
            assertEquals("+ idling", idleA.readResponseLine());
            assertEquals("+ idling", idleB.readResponseLine());
            writerB.append("INBOX", "", message("b", "push to b"));
            assertEquals("* " + (inboxB + 1) + " EXISTS", IdleTest.awaitLine(idleB, l -> l.endsWith(" EXISTS"), new ArrayList<>()));
            writerA.append("INBOX", "", message("a", "push to a"));
            // the first thing a's idler hears of is a's own delivery, with a's own count
            assertEquals("* " + (inboxA + 1) + " EXISTS", IdleTest.awaitLine(idleA, l -> l.endsWith(" EXISTS"), new ArrayList<>()));
            idleA.send("DONE\r\n");
            idleB.send("DONE\r\n");
            assertTrue(last(idleA.readUntilTagged("i1")).startsWith("i1 OK"));
            assertTrue(last(idleB.readUntilTagged("i2")).startsWith("i2 OK"));
        }
    }

    private static int exists(List<String> select) {
        return select.stream().filter(l -> l.endsWith(" EXISTS")).map(l -> Integer.parseInt(l.split(" ")[1])).findFirst().orElseThrow();
    }

    @Test
    void mailboxNamesCannotClimbOutOfTheTenantsMailRoot() throws Exception {
        List<String> before = tree(home.resolve("var"));
        try (ImapClient a = login("a")) {
            for (String name : List.of("../alice@b", "../../mail-b/alice@b", "..", "Work/../../x", "/etc", "~alice@b", "../.Work")) {
                a.command("CREATE \"" + name + "\"");
                a.command("RENAME \"" + name + "\" \"../../escaped\"");
                a.command("DELETE \"" + name + "\"");
            }
            // b's INBOX is not reachable by a relative name
            assertFalse(last(a.command("SELECT \"../alice@b\"")).contains(" OK "));
            assertFalse(last(a.command("SELECT \"../alice@b/INBOX\"")).contains(" OK "));
            a.ok("SELECT Work"); // still there under its own name
        }
        try (ImapClient c = server.connect()) {
            assertTrue(last(c.command("LOGIN ../alice@b secret-b")).contains(" NO "));
            assertTrue(last(c.command("LOGIN \"alice@b/../alice@a\" secret-a")).contains(" NO "));
        }
        List<String> after = tree(home.resolve("var"));
        List<String> added = new ArrayList<>(after);
        added.removeAll(before);
        for (String p : added) {
            assertTrue(p.startsWith("mail-a/alice@a/"), "only a's own Maildir may change: " + p);
        }
    }

    /** The SEARCH response among the lines (other sessions' changes may come first, unsolicited). */
    private static String searchLine(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("* SEARCH")).findFirst().orElseThrow(() -> new AssertionError("no SEARCH in " + lines));
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isDirectory).map(p -> root.relativize(p).toString()).filter(p -> !p.startsWith("felix-cache")).sorted().toList();
        }
    }

    /**
     * Three sessions of each tenant at once, each appending its tenant's messages to INBOX and
     * Work, flagging them, searching and listing, for 40 rounds; every answer is checked to name
     * only its own tenant's messages and mailboxes.
     */
    @Test
    void concurrentSessionsOfBothTenantsSeeOnlyTheirOwn() throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<Integer>> results = new ArrayList<>();
        for (String t : List.of("a", "b", "a", "b", "a", "b")) {
            int worker = results.size();
            results.add(pool.submit(() -> run(t, worker)));
        }
        int checked = 0;
        for (Future<Integer> f : results) {
            checked += f.get();
        }
        pool.shutdown();
        assertTrue(checked >= 6 * 40 * 5, "answers checked: " + checked);
    }

    private static int run(String tenant, int worker) throws IOException {
        String other = tenant.equals("a") ? "b" : "a";
        int checked = 0;
        try (ImapClient c = login(tenant)) {
            for (int round = 0; round < 40; round++) {
                String box = round % 2 == 0 ? "INBOX" : "Work";
                String subject = "w" + worker + "r" + round + " of " + tenant;
                assertTrue(last(c.append(box, "", message(tenant, subject))).matches("a\\d+ OK .*"));
                checked++;
                c.ok("SELECT " + box);
                String mine = searchLine(c.ok("UID SEARCH SUBJECT \"" + subject + "\""));
                assertTrue(mine.matches("\\* SEARCH \\d+"), subject + ": " + mine);
                String uid = mine.substring("* SEARCH ".length());
                checked++;
                assertEquals("* SEARCH", searchLine(c.ok("UID SEARCH HEADER X-Tenant " + other)), "no message of " + other + " in " + tenant);
                checked++;
                List<String> stored = c.ok("UID STORE " + uid + " +FLAGS (\\Flagged)");
                assertTrue(stored.stream().anyMatch(l -> l.contains("FLAGS (\\Flagged") && l.matches(".*\\bUID " + uid + "\\b.*")), stored.toString());
                checked++;
                List<String> headers = c.ok("UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (X-TENANT)])");
                for (String l : headers) {
                    assertFalse(l.contains("X-Tenant: " + other), tenant + " saw " + l);
                }
                assertTrue(headers.stream().anyMatch(l -> l.contains("X-Tenant: " + tenant)), headers.toString());
                checked++;
                if (round % 10 == 0) {
                    List<String> list = c.ok("LIST \"\" *");
                    assertTrue(list.stream().noneMatch(l -> l.contains("Only-" + other)) && list.stream().anyMatch(l -> l.contains("Only-" + tenant)),
                            list.toString());
                }
            }
        }
        return checked;
    }
}
