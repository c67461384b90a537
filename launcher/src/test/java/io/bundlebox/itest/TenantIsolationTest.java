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
 * and {@code alice@b}, both with INBOX and {@code Work}, on a server with IDLE, CONDSTORE, QUOTA and
 * NOTIFY. No message, flag, mailbox list, search result, IDLE or NOTIFY push, quota usage, index
 * file, mail file or log line of one reaches the other; a password works only in its own tenant;
 * mailbox names do not climb out of the tenant's mail root. One test runs both tenants' sessions
 * concurrently and checks every answer.
 */
class TenantIsolationTest {

    static final List<String> EXTENSIONS =
            List.of("io.bundlebox.ext.idle", "io.bundlebox.ext.condstore", "io.bundlebox.ext.quota", "io.bundlebox.ext.notify");
    static final long STORAGE_KIB = 100_000;
    static final long MESSAGES = 10_000;
    static final long MAILBOXES = 100;

    @TempDir
    static Path home;
    static ImapTestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home, EXTENSIONS, Map.of(),
                Map.of("auth.delay.initial.ms", "1", "auth.delay.max.ms", "1"));
        for (String t : List.of("a", "b")) {
            server.configureTenant(t, settings(t, Map.of()));
            server.addUser("conf/users-" + t, "alice@" + t, "secret-" + t);
        }
        for (String t : List.of("a", "b")) {
            try (ImapClient c = login(t)) {
                c.ok("CREATE Work");
                c.ok("CREATE Only-" + t);
            }
        }
    }

    /** Tenant {@code t}'s file: its domain, every extension, the same quota limits for both tenants, plus {@code more}. */
    static Map<String, String> settings(String t, Map<String, String> more) {
        Map<String, String> keys = new java.util.HashMap<>(Map.of("domains", t, "extensions", "*",
                "storage.kib", Long.toString(STORAGE_KIB), "messages", Long.toString(MESSAGES), "mailboxes", Long.toString(MAILBOXES)));
        keys.putAll(more);
        return keys;
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static ImapClient login(String tenant) throws IOException {
        ImapClient c = server.login("alice@" + tenant, "secret-" + tenant);
        c.socket().setSoTimeout(30_000); // a push that never comes fails the test instead of hanging it
        return c;
    }

    static String other(String tenant) {
        return tenant.equals("a") ? "b" : "a";
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
            List<String> heardA = new ArrayList<>();
            List<String> heardB = new ArrayList<>();
            writerB.append("INBOX", "", message("b", "push to b"));
            assertEquals("* " + (inboxB + 1) + " EXISTS", IdleTest.awaitLine(idleB, l -> l.endsWith(" EXISTS"), heardB));
            writerA.append("INBOX", "", message("a", "push to a"));
            // the first thing a's idler hears of is a's own delivery, with a's own count
            assertEquals("* " + (inboxA + 1) + " EXISTS", IdleTest.awaitLine(idleA, l -> l.endsWith(" EXISTS"), heardA));
            // a's delivery has been pushed; b's idler hears next of b's second one, and nothing in between
            writerB.append("INBOX", "", message("b", "second push to b"));
            assertEquals("* " + (inboxB + 2) + " EXISTS", IdleTest.awaitLine(idleB, l -> l.endsWith(" EXISTS"), heardB));
            idleA.send("DONE\r\n");
            idleB.send("DONE\r\n");
            heardA.addAll(idleA.readUntilTagged("i1"));
            heardB.addAll(idleB.readUntilTagged("i2"));
            assertEquals(List.of("* " + (inboxA + 1) + " EXISTS", "i1 OK IDLE terminated"), withoutRecent(heardA));
            assertEquals(List.of("* " + (inboxB + 1) + " EXISTS", "* " + (inboxB + 2) + " EXISTS", "i2 OK IDLE terminated"),
                    withoutRecent(heardB));
        }
    }

    /** The lines without {@code * N RECENT} (IMAP4rev1 sessions get it next to EXISTS). */
    private static List<String> withoutRecent(List<String> lines) {
        return lines.stream().filter(l -> !l.matches("\\* \\d+ RECENT")).toList();
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

    /** Messages, octets and mailboxes of the session's user, counted from its own LIST and STATUS answers. */
    private static long[] ownUsage(ImapClient c) throws IOException {
        List<String> boxes = new ArrayList<>();
        for (String l : c.ok("LIST \"\" *")) {
            if (l.startsWith("* LIST ") && !l.contains("\\Noselect") && !l.contains("\\NonExistent")) {
                String name = l.substring(l.lastIndexOf(' ') + 1);
                boxes.add(name.startsWith("\"") ? name.substring(1, name.length() - 1) : name);
            }
        }
        long messages = 0;
        long octets = 0;
        for (String box : boxes) {
            String status = c.ok("STATUS \"" + box + "\" (MESSAGES SIZE)").stream().filter(l -> l.startsWith("* STATUS")).findFirst().orElseThrow();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("MESSAGES (\\d+) SIZE (\\d+)").matcher(status);
            assertTrue(m.find(), status);
            messages += Long.parseLong(m.group(1));
            octets += Long.parseLong(m.group(2));
        }
        return new long[] {messages, octets, boxes.size()};
    }

    private static String quotaOf(long[] usage) {
        return "* QUOTA \"\" (STORAGE " + (usage[1] + 1023) / 1024 + " " + STORAGE_KIB + " MESSAGE " + usage[0] + " " + MESSAGES
                + " MAILBOX " + usage[2] + " " + MAILBOXES + ")";
    }

    /**
     * Each tenant's GETQUOTAROOT shows exactly its own user's usage (counted from its own STATUS
     * answers), never the other's, though both users are {@code alice} with the same mailbox names;
     * a tenant at its limit refuses with OVERQUOTA while the other's alice goes on appending.
     */
    @Test
    void quotaUsageAndLimitsStayInTheirTenant() throws Exception {
        try (ImapClient a = login("a"); ImapClient b = login("b")) {
            b.ok("CREATE Quota-b");
            b.append("Work", "", message("b", "small"));
            long[] usageB = ownUsage(b);
            // a gets more messages, more octets and more mailboxes than b, so no figure of one can pass for the other's
            long[] usageA = ownUsage(a);
            while (usageA[0] <= usageB[0] + 2 || usageA[1] <= usageB[1] + 8192) {
                a.append("Work", "", ("X-Tenant: a\r\nSubject: big\r\n\r\n" + "a".repeat(4000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                usageA = ownUsage(a);
            }
            for (int i = 0; usageA[2] <= usageB[2] + 1; i++) {
                a.ok("CREATE Quota-a" + i);
                usageA = ownUsage(a);
            }
            for (String box : List.of("INBOX", "Work")) {
                assertEquals(List.of("* QUOTAROOT \"" + box + "\" \"\"", quotaOf(usageA)), a.ok("GETQUOTAROOT " + box).subList(0, 2));
                assertEquals(List.of("* QUOTAROOT \"" + box + "\" \"\"", quotaOf(usageB)), b.ok("GETQUOTAROOT " + box).subList(0, 2));
            }
            assertEquals(quotaOf(usageB), b.ok("GETQUOTA \"\"").get(0));
            // the STATUS item of ext.quota (RFC 9208 section 4.4) is the tenant's own too
            a.ok("SELECT Work");
            a.ok("STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertFalse(a.ok("STATUS Work (DELETED-STORAGE)").get(0).endsWith("(DELETED-STORAGE 0)"));
            assertTrue(b.ok("STATUS Work (DELETED-STORAGE)").get(0).endsWith("(DELETED-STORAGE 0)"));
            a.ok("STORE 1 -FLAGS.SILENT (\\Deleted)");

            // a at its message limit (a live change of a's file): a is refused, b's alice is not
            server.configureTenant("a", settings("a", Map.of("messages", Long.toString(usageA[0]))));
            try {
                assertTrue(last(a.append("INBOX", "", message("a", "one too many"))).contains("NO [OVERQUOTA]"));
                assertTrue(last(b.append("INBOX", "", message("b", "still room"))).matches("a\\d+ OK .*"));
                assertEquals(usageA[0], ownUsage(a)[0], "the refused APPEND changed nothing");
                assertEquals(usageB[0] + 1, ownUsage(b)[0]);
            } finally {
                server.configureTenant("a", settings("a", Map.of()));
            }
        }
    }

    /**
     * NOTIFY (RFC 5465): a's APPEND into its INBOX and a's new mailbox reach a's watching session;
     * b's watching session, with the same user and mailbox names, hears nothing of them: the first
     * thing it hears is b's own APPEND, with b's own count.
     */
    @Test
    void notifyPushesReachOnlyTheirOwnTenant() throws Exception {
        try (ImapClient watchA = login("a"); ImapClient watchB = login("b"); ImapClient writerA = login("a"); ImapClient writerB = login("b")) {
            String set = "NOTIFY SET STATUS (personal (MessageNew MessageExpunge MailboxName))";
            List<String> initialA = watchA.ok(set);
            List<String> initialB = watchB.ok(set);
            assertTrue(initialA.stream().anyMatch(l -> l.startsWith("* STATUS \"Only-a\"")), initialA.toString());
            assertTrue(initialB.stream().noneMatch(l -> l.contains("Only-a")) && initialB.stream().anyMatch(l -> l.startsWith("* STATUS \"Only-b\"")),
                    initialB.toString());
            long inboxA = messagesOf(writerA, "INBOX");
            long inboxB = messagesOf(writerB, "INBOX");

            writerA.append("INBOX", "", message("a", "notify a"));
            writerA.ok("CREATE Fresh-a");
            List<String> heardA = new ArrayList<>();
            IdleTest.awaitLine(watchA, l -> l.startsWith("* STATUS \"INBOX\" (MESSAGES " + (inboxA + 1) + " "), heardA);
            IdleTest.awaitLine(watchA, l -> l.startsWith("* LIST ") && l.contains("Fresh-a"), heardA);

            writerB.append("INBOX", "", message("b", "notify b"));
            List<String> heardB = new ArrayList<>();
            IdleTest.awaitLine(watchB, l -> l.startsWith("* STATUS "), heardB);
            heardB.addAll(watchB.ok("NOOP"));
            assertEquals(2, heardB.size(), "b heard only its own APPEND: " + heardB);
            assertTrue(heardB.get(0).startsWith("* STATUS \"INBOX\" (MESSAGES " + (inboxB + 1) + " "), heardB.toString());
            heardA.addAll(watchA.ok("NOOP"));
            assertEquals(1, heardA.stream().filter(l -> l.startsWith("* STATUS \"INBOX\"")).count(),
                    "one STATUS for a's one APPEND, none for b's: " + heardA);
            writerA.ok("DELETE Fresh-a");
        }
    }

    private static long messagesOf(ImapClient c, String box) throws IOException {
        String status = c.ok("STATUS " + box + " (MESSAGES)").get(0);
        return Long.parseLong(status.replaceAll(".*\\(MESSAGES (\\d+)\\)", "$1"));
    }

    /**
     * SEARCH, ESEARCH (RFC 9051 section 6.4.4) and UID SEARCH answer from the tenant's own
     * messages only: a's unique words are not found in b's mailboxes of the same names, and b's
     * counts are b's own.
     */
    @Test
    void searchResultsAreTheTenantsOwn() throws Exception {
        try (ImapClient a = login("a"); ImapClient b = login("b")) {
            for (String box : List.of("INBOX", "Work")) {
                a.append(box, "(\\Answered)", ("From: alice@a\r\nSubject: zebra\r\nX-Tenant: a\r\n\r\nquokka-of-a\r\n").getBytes(StandardCharsets.US_ASCII));
                a.ok("SELECT " + box);
                assertTrue(searchLine(a.ok("SEARCH TEXT quokka-of-a")).matches("\\* SEARCH \\d+"), "a finds its own message");
                long messages = exists(b.ok("SELECT " + box));
                for (String query : List.of("TEXT quokka-of-a", "BODY quokka-of-a", "SUBJECT zebra", "FROM alice@a", "HEADER X-Tenant a", "ANSWERED")) {
                    assertEquals("* SEARCH", searchLine(b.ok("SEARCH " + query)), box + ": " + query);
                    assertEquals("* SEARCH", searchLine(b.ok("UID SEARCH " + query)), box + ": UID " + query);
                }
                List<String> esearch = b.ok("SEARCH RETURN (COUNT) ALL");
                assertTrue(esearch.get(0).matches("\\* ESEARCH \\(TAG \"a\\d+\"\\)( COUNT " + messages + ")?"), esearch.toString());
                if (messages > 0) {
                    assertTrue(esearch.get(0).endsWith(" COUNT " + messages), "b counts its own " + messages + ": " + esearch);
                }
            }
        }
    }

    /**
     * Every log line of a session of one tenant names only that tenant's user and mail (issue 14
     * item 3, log lines): both tenants log in, fail a login, work on INBOX and Work, ask for quota,
     * watch with NOTIFY, are ended by a tenant change and drop in the middle of an APPEND; the lines of a's sessions (found by
     * their connection ids) never name b's user, tenant or mail root, and the other way round.
     */
    @Test
    void logLinesOfOneTenantsSessionsNeverNameTheOthers() throws Exception {
        try (TestSecurity.LogCapture log = new TestSecurity.LogCapture()) {
            for (String t : List.of("a", "b")) {
                try (ImapClient c = server.connect()) {
                    assertTrue(last(c.command("LOGIN alice@" + t + " secret-" + other(t))).contains("NO [AUTHENTICATIONFAILED]"));
                }
                try (ImapClient c = login(t); ImapClient watcher = login(t)) {
                    c.ok("CREATE Logged-" + t);
                    c.ok("RENAME Logged-" + t + " Renamed-" + t);
                    c.ok("DELETE Renamed-" + t);
                    c.append("Work", "", message(t, "logged"));
                    c.ok("SELECT Work");
                    c.ok("SEARCH SUBJECT logged");
                    c.command("SELECT Missing-" + t);
                    c.ok("GETQUOTAROOT INBOX");
                    watcher.ok("NOTIFY SET (personal (MessageNew MessageExpunge))");
                    // a change of the tenant that drops NOTIFY ends the watcher (it used it), not c
                    server.configureTenant(t, settings(t, Map.of("extensions", "IDLE, CONDSTORE, QRESYNC, QUOTA, io.bundlebox.ext.quota")));
                    try {
                        assertTrue(watcher.readResponseLine().startsWith("* BYE [UNAVAILABLE]"));
                        c.ok("NOOP");
                    } finally {
                        server.configureTenant(t, settings(t, Map.of()));
                    }
                }
                // a client dropping in the middle of an APPEND literal
                ImapClient dropper = login(t);
                dropper.send("x1 APPEND INBOX {100}\r\n");
                assertTrue(dropper.readResponseLine().startsWith("+"));
                dropper.send("Subject: cut".getBytes(StandardCharsets.US_ASCII));
                dropper.abort();
                log.awaitLine(t + ":alice@" + t + "] connection lost in the middle of APPEND");
            }
            log.awaitLine("a:alice@a] logged in");
            log.awaitLine("b:alice@b] logged in");
            Map<String, String> tenantOf = new java.util.HashMap<>();
            java.util.regex.Pattern loggedIn = java.util.regex.Pattern.compile(".*\\[(\\S+) ([ab]):alice@([ab])\\] logged in.*");
            for (String line : log.lines) {
                java.util.regex.Matcher m = loggedIn.matcher(line);
                if (m.matches()) {
                    assertEquals(m.group(2), m.group(3), "the prefix names the tenant of the user: " + line);
                    tenantOf.put(m.group(1), m.group(2));
                }
            }
            assertEquals(6, tenantOf.size(), "three sessions of each tenant logged in: " + tenantOf);
            Map<String, Integer> checked = new java.util.HashMap<>();
            for (String line : log.lines) {
                for (Map.Entry<String, String> e : tenantOf.entrySet()) {
                    if (line.contains("[" + e.getKey() + " ") || line.contains("[" + e.getKey() + "]")) {
                        String o = other(e.getValue());
                        for (String foreign : List.of("alice@" + o, " " + o + ":alice", "mail-" + o, "Only-" + o, "Logged-" + o, "Missing-" + o)) {
                            assertFalse(line.contains(foreign), "a line of tenant " + e.getValue() + "'s session names " + foreign + ": " + line);
                        }
                        checked.merge(e.getValue(), 1, Integer::sum);
                    }
                }
                assertFalse(line.contains("alice@a") && line.contains("alice@b") || line.contains("mail-a") && line.contains("mail-b"),
                        "one line names both tenants: " + line);
            }
            // per tenant at least: a connection line and a login line per session, the APPEND cut short
            assertTrue(checked.getOrDefault("a", 0) >= 7 && checked.getOrDefault("b", 0) >= 7,
                    "lines of the tenants' sessions checked: " + checked + " of " + log.lines);
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
     * Work, selecting, searching, flagging, fetching, asking STATUS and GETQUOTAROOT and listing, for
     * 40 rounds; every answer (each line, unsolicited ones from the tenant's other sessions too) is
     * checked to name only its own tenant's messages and mailboxes, and each tenant's quota usage
     * to stay within what its own sessions added.
     */
    @Test
    void concurrentSessionsOfBothTenantsSeeOnlyTheirOwn() throws Exception {
        Map<String, Long> before = new java.util.HashMap<>();
        for (String t : List.of("a", "b")) {
            try (ImapClient c = login(t)) {
                before.put(t, ownUsage(c)[0]);
            }
        }
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<Integer>> results = new ArrayList<>();
        for (String t : List.of("a", "b", "a", "b", "a", "b")) {
            int worker = results.size();
            results.add(pool.submit(() -> run(t, worker, before.get(t))));
        }
        int checked = 0;
        for (Future<Integer> f : results) {
            checked += f.get();
        }
        pool.shutdown();
        assertEquals(6 * ROUNDS * 9 + 6 * (ROUNDS / 5), checked, "answers checked");
        for (String t : List.of("a", "b")) {
            try (ImapClient c = login(t)) {
                long[] usage = ownUsage(c);
                assertEquals(before.get(t) + 3 * ROUNDS, usage[0], t + " has its own appends, no more");
                assertEquals(quotaOf(usage), c.ok("GETQUOTAROOT INBOX").get(1));
            }
        }
    }

    private static final int ROUNDS = 40;

    /** Runs {@code command} and checks that no line of its answer names the other tenant's user, messages or mailboxes. */
    private static List<String> checked(ImapClient c, String tenant, String command) throws IOException {
        return own(tenant, c.ok(command));
    }

    private static List<String> own(String tenant, List<String> lines) {
        String o = other(tenant);
        for (String l : lines) {
            assertFalse(l.contains("X-Tenant: " + o) || l.contains("Only-" + o) || l.contains("alice@" + o)
                    || l.contains("$TenantA") && tenant.equals("b"), tenant + " got " + l);
        }
        return lines;
    }

    private static int run(String tenant, int worker, long usageBefore) throws IOException {
        int checked = 0;
        int appended = 0;
        try (ImapClient c = login(tenant)) {
            for (int round = 0; round < ROUNDS; round++) {
                String box = round % 2 == 0 ? "INBOX" : "Work";
                String subject = "w" + worker + "r" + round + " of " + tenant;
                assertTrue(last(own(tenant, c.append(box, "", message(tenant, subject)))).matches("a\\d+ OK \\[APPENDUID \\d+ \\d+\\] .*"));
                appended++;
                checked++;
                List<String> select = checked(c, tenant, "SELECT " + box);
                int exists = exists(select);
                assertTrue(exists >= (round + 2) / 2, box + " holds at least this worker's own appends: " + select);
                checked++;
                String mine = searchLine(checked(c, tenant, "UID SEARCH SUBJECT \"" + subject + "\""));
                assertTrue(mine.matches("\\* SEARCH \\d+"), subject + ": " + mine);
                String uid = mine.substring("* SEARCH ".length());
                checked++;
                assertEquals("* SEARCH", searchLine(checked(c, tenant, "UID SEARCH HEADER X-Tenant " + other(tenant))),
                        "no message of " + other(tenant) + " in " + tenant);
                checked++;
                List<String> stored = checked(c, tenant, "UID STORE " + uid + " +FLAGS (\\Flagged)");
                assertTrue(stored.stream().anyMatch(l -> l.contains("FLAGS (\\Flagged") && l.matches(".*\\bUID " + uid + "\\b.*")), stored.toString());
                checked++;
                List<String> headers = checked(c, tenant, "UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (X-TENANT)])");
                assertTrue(headers.stream().anyMatch(l -> l.contains("X-Tenant: " + tenant)), headers.toString());
                checked++;
                String status = checked(c, tenant, "STATUS " + (box.equals("INBOX") ? "Work" : "INBOX") + " (MESSAGES)").get(0);
                assertTrue(status.matches("\\* STATUS \"?(Work|INBOX)\"? \\(MESSAGES \\d+\\)"), status);
                checked++;
                String quota = checked(c, tenant, "GETQUOTAROOT " + box).get(1);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("MESSAGE (\\d+) " + MESSAGES).matcher(quota);
                assertTrue(m.find(), quota);
                long used = Long.parseLong(m.group(1));
                assertTrue(used >= usageBefore + appended && used <= usageBefore + 3L * ROUNDS,
                        tenant + " uses " + used + ", its own sessions added " + appended + " to " + usageBefore + " and at most " + 3 * ROUNDS);
                checked++;
                checked(c, tenant, "NOOP");
                checked++;
                if (round % 5 == 0) {
                    List<String> list = checked(c, tenant, "LIST \"\" *");
                    assertTrue(list.stream().anyMatch(l -> l.contains("Only-" + tenant)), list.toString());
                    checked++;
                }
            }
        }
        return checked;
    }
}
