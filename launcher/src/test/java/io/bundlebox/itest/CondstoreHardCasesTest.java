package io.bundlebox.itest;

import static io.bundlebox.itest.CondstoreTest.highestModSeq;
import static io.bundlebox.itest.CondstoreTest.last;
import static io.bundlebox.itest.CondstoreTest.message;
import static io.bundlebox.itest.CondstoreTest.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RFC 7162 cases real servers got wrong (issue 10 item 3), each against a real server on a
 * Maildir: the highest UID expunged (Cyrus #6071), empty or unknown-UID VANISHED, the expunge's
 * own MODSEQ (James JAMES-3722), MODSEQ order across restarts, concurrent sessions and outside
 * Maildir changes, FETCH modifiers combined, and a conditional STORE racing another session's.
 */
class CondstoreHardCasesTest {

    private static final Pattern MODSEQ = Pattern.compile("MODSEQ \\((\\d+)\\)");

    @TempDir
    Path home;

    private ImapTestServer startWith(String user, int messages) throws Exception {
        ImapTestServer server = ImapTestServer.start(home);
        server.addUser(user, "pw");
        try (ImapClient c = server.login(user, "pw")) {
            for (int i = 1; i <= messages; i++) {
                c.append("INBOX", "", message(i));
            }
        }
        return server;
    }

    private static long uidValidity(List<String> select) {
        return number(String.join("\n", select), "\\[UIDVALIDITY (\\d+)]");
    }

    /** Cyrus #6071: with the highest UID expunged, {@code *} resolves below it; VANISHED must still name it. */
    @Test
    void highestUidExpungedIsReportedThoughStarResolvesLower() throws Exception {
        try (ImapTestServer server = startWith("u", 5); ImapClient c = server.login("u", "pw");
                ImapClient other = server.login("u", "pw")) {
            c.ok("ENABLE QRESYNC");
            List<String> select = c.ok("SELECT INBOX");
            long since = highestModSeq(select);
            long validity = uidValidity(select);
            c.ok("LOGOUT");
            other.ok("SELECT INBOX");
            other.ok("UID STORE 4:5 +FLAGS.SILENT (\\Deleted)");
            other.ok("EXPUNGE");
            try (ImapClient again = server.login("u", "pw")) {
                again.ok("ENABLE QRESYNC");
                List<String> resync = again.ok("SELECT INBOX (QRESYNC (" + validity + " " + since + "))");
                assertTrue(resync.contains("* VANISHED (EARLIER) 4:5"), resync.toString());
                List<String> fetch = again.ok("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + since + " VANISHED)");
                assertEquals("* VANISHED (EARLIER) 4:5", fetch.get(0), "* is 3 now, the vanished 5 still counts: " + fetch);
                List<String> star = again.ok("UID FETCH 5:* (FLAGS) (CHANGEDSINCE " + since + " VANISHED)");
                assertEquals("* VANISHED (EARLIER) 5", star.get(0), star.toString());
            }
        }
    }

    @Test
    void noEmptyAndNoUnknownUidVanishedIsEverSent() throws Exception {
        try (ImapTestServer server = startWith("u", 3); ImapClient c = server.login("u", "pw");
                ImapClient other = server.login("u", "pw")) {
            c.ok("ENABLE QRESYNC");
            long since = highestModSeq(c.ok("SELECT INBOX"));
            other.ok("SELECT INBOX");
            List<String> all = new ArrayList<>();
            all.addAll(c.ok("EXPUNGE"));
            all.addAll(c.ok("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + since + " VANISHED)"));
            all.addAll(c.ok("UID EXPUNGE 1:*"));
            // a message c never heard of arrives and goes again before c's next command
            String uid = last(other.append("INBOX", "", message(9))).replaceAll(".*APPENDUID \\d+ (\\d+).*", "$1");
            other.ok("UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)");
            other.ok("UID EXPUNGE " + uid);
            all.addAll(c.ok("NOOP"));
            assertTrue(all.stream().noneMatch(l -> l.startsWith("* VANISHED")), "nothing c knew vanished: " + all);
            // an expunge during FETCH (which uses sequence numbers) waits for a command that allows it;
            // the FETCH sends what it still can and completes OK [EXPUNGEISSUED] (RFC 9051 section 7.1)
            other.ok("STORE 2 +FLAGS.SILENT (\\Deleted)");
            other.ok("EXPUNGE");
            List<String> during = c.command("FETCH 1:* (FLAGS)");
            assertTrue(last(during).contains("OK [EXPUNGEISSUED]"), during.toString());
            assertTrue(during.stream().noneMatch(l -> l.startsWith("* VANISHED")), during.toString());
            List<String> after = c.ok("NOOP");
            assertEquals("* VANISHED 2", after.get(0), after.toString());
            assertEquals(1, after.stream().filter(l -> l.startsWith("* VANISHED")).count(), after.toString());
        }
    }

    /** JAMES-3722: the expunge gets a MODSEQ of its own, above the one that set \Deleted. */
    @Test
    void expungeModSeqIsKeptApartFromTheFlagModSeq() throws Exception {
        try (ImapTestServer server = startWith("u", 3); ImapClient c = server.login("u", "pw")) {
            c.ok("ENABLE QRESYNC");
            List<String> select = c.ok("SELECT INBOX");
            long validity = uidValidity(select);
            List<String> store = c.ok("STORE 2 +FLAGS (\\Deleted)");
            long flagModSeq = number(store.get(0), "MODSEQ \\((\\d+)\\)");
            List<String> untouched = c.ok("FETCH 1,3 (MODSEQ)");
            // the client synchronised up to the \Deleted change, then disconnected
            try (ImapClient other = server.login("u", "pw")) {
                other.ok("SELECT INBOX");
                List<String> expunge = other.ok("EXPUNGE");
                assertEquals("* 2 EXPUNGE", expunge.get(0), "a session without QRESYNC: EXPUNGE, " + expunge);
                long status = number(other.ok("STATUS INBOX (HIGHESTMODSEQ)").get(0), "HIGHESTMODSEQ (\\d+)");
                assertTrue(status > flagModSeq, "the expunge raised HIGHESTMODSEQ: " + status + " vs " + flagModSeq);
            }
            try (ImapClient again = server.login("u", "pw")) {
                again.ok("ENABLE QRESYNC");
                List<String> resync = again.ok("SELECT INBOX (QRESYNC (" + validity + " " + flagModSeq + "))");
                assertTrue(resync.contains("* VANISHED (EARLIER) 2"), resync.toString());
                assertTrue(resync.stream().noneMatch(l -> l.contains(" FETCH ")), "no other message changed: " + resync);
                List<String> fetch = again.ok("FETCH 1:* (MODSEQ)");
                assertEquals(untouched.get(0), fetch.get(0), "the expunge left the other messages' MODSEQ alone");
                assertEquals(untouched.get(1).replace("* 3 ", "* 2 "), fetch.get(1));
            }
        }
    }

    @Test
    void modSeqRisesStrictlyAcrossConcurrentSessionsRestartsAndOutsideChanges() throws Exception {
        long highest;
        try (ImapTestServer server = startWith("u", 40)) {
            // four sessions store at once, each on its own messages: every STORE gets its own MODSEQ
            int sessions = 4;
            int stores = 10;
            Set<Long> all = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(sessions);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                int first = s * stores + 1;
                results.add(pool.submit(() -> {
                    try (ImapClient c = server.login("u", "pw")) {
                        c.ok("SELECT INBOX (CONDSTORE)");
                        go.await();
                        List<Long> mine = new ArrayList<>();
                        for (int i = 0; i < stores; i++) {
                            String uid = Integer.toString(first + i);
                            List<String> r = c.ok("UID STORE " + uid + " +FLAGS.SILENT (\\Seen)");
                            String own = r.stream().filter(l -> l.contains("(UID " + uid + " ")).findFirst().orElseThrow();
                            mine.add(number(own, "MODSEQ \\((\\d+)\\)"));
                        }
                        return mine;
                    }
                }));
            }
            go.countDown();
            for (Future<List<Long>> f : results) {
                List<Long> mine = f.get();
                for (int i = 1; i < mine.size(); i++) {
                    assertTrue(mine.get(i) > mine.get(i - 1), "one session's STOREs rise: " + mine);
                }
                all.addAll(mine);
            }
            pool.shutdown();
            assertEquals(sessions * stores, all.size(), "no two STOREs share a MODSEQ: " + new TreeSet<>(all));
            try (ImapClient c = server.login("u", "pw")) {
                highest = highestModSeq(c.ok("SELECT INBOX (CONDSTORE)"));
                assertEquals(new TreeSet<>(all).last(), highest);
            }
        }
        // a restart on the same Maildir
        try (ImapTestServer server = ImapTestServer.start(home); ImapClient c = server.login("u", "pw")) {
            long afterRestart = highestModSeq(c.ok("SELECT INBOX (CONDSTORE)"));
            assertTrue(afterRestart >= highest, afterRestart + " < " + highest);
            long stored = number(c.ok("STORE 1 +FLAGS.SILENT ($After)").get(0), "MODSEQ \\((\\d+)\\)");
            assertTrue(stored > highest, "a change after the restart: " + stored + " <= " + highest);
            // a change from outside: a mail program flags message 2 by renaming its file
            Path cur = server.maildir("u").resolve("cur");
            Path file;
            try (var files = Files.list(cur)) {
                file = files.sorted().toList().get(1);
            }
            String name = file.getFileName().toString();
            String flagged = name.contains(":2,") ? name.replace(":2,", ":2,F") : name + ":2,F";
            Files.move(file, cur.resolve(flagged));
            long deadline = System.nanoTime() + 20_000_000_000L;
            String seen = null;
            while (seen == null && System.nanoTime() < deadline) {
                seen = c.ok("NOOP").stream().filter(l -> l.contains(" FETCH (") && l.contains("\\Flagged")).findFirst().orElse(null);
            }
            assertTrue(seen != null, "the outside change was reported");
            Matcher m = MODSEQ.matcher(seen);
            assertTrue(m.find() && Long.parseLong(m.group(1)) > stored, seen + " after " + stored);
        }
    }

    @Test
    void fetchModifiersCombine() throws Exception {
        try (ImapTestServer server = startWith("u", 4); ImapClient c = server.login("u", "pw")) {
            c.ok("ENABLE QRESYNC");
            long since = highestModSeq(c.ok("SELECT INBOX"));
            c.ok("STORE 1 +FLAGS.SILENT (\\Deleted)");
            c.ok("STORE 3 +FLAGS.SILENT ($Seen3)");
            c.ok("EXPUNGE");
            List<String> r = c.ok("UID FETCH 1:* (UID FLAGS MODSEQ) (VANISHED CHANGEDSINCE " + since + ")");
            assertEquals("* VANISHED (EARLIER) 1", r.get(0), r.toString());
            // $Seen3 is new to the session: FLAGS and PERMANENTFLAGS name it first (RFC 9051 7.3.5)
            assertTrue(r.get(1).startsWith("* FLAGS (") && r.get(1).contains("$Seen3"), r.toString());
            assertTrue(r.get(2).startsWith("* OK [PERMANENTFLAGS (") && r.get(2).contains("$Seen3"), r.toString());
            // the session selected first: \Recent is its (IMAP4rev1, RFC 3501 2.3.2)
            assertTrue(r.get(3).matches("\\* 2 FETCH \\(UID 3 FLAGS \\(\\$Seen3 \\\\Recent\\) MODSEQ \\(\\d+\\)\\)"), r.toString());
            assertEquals(5, r.size(), r.toString());
            List<String> plain = c.ok("FETCH 1:* (FLAGS) (CHANGEDSINCE " + since + ")");
            assertEquals(2, plain.size(), "the VANISHED part needs the modifier: " + plain);
            assertTrue(last(c.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + since + " VANISHED VANISHED)")).contains(" BAD "));
            assertTrue(last(c.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + since + " XUNKNOWN)")).contains(" BAD "));
        }
    }

    /** Two sessions store on one message at once, each conditional on the MODSEQ it saw: exactly one wins. */
    @Test
    void unchangedSinceStoresRacingOnOneMessageLetExactlyOneWin() throws Exception {
        try (ImapTestServer server = startWith("u", 1); ImapClient a = server.login("u", "pw");
                ImapClient b = server.login("u", "pw")) {
            a.ok("SELECT INBOX");
            b.ok("SELECT INBOX");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 20; round++) {
                    long m = number(a.ok("FETCH 1 (MODSEQ)").get(0), "MODSEQ \\((\\d+)\\)");
                    b.ok("NOOP");
                    CountDownLatch go = new CountDownLatch(1);
                    String flagA = "$A" + round;
                    String flagB = "$B" + round;
                    Future<List<String>> fa = pool.submit(() -> {
                        go.await();
                        return a.ok("STORE 1 (UNCHANGEDSINCE " + m + ") FLAGS (" + flagA + ")");
                    });
                    Future<List<String>> fb = pool.submit(() -> {
                        go.await();
                        return b.ok("STORE 1 (UNCHANGEDSINCE " + m + ") FLAGS (" + flagB + ")");
                    });
                    go.countDown();
                    List<String> ra = fa.get();
                    List<String> rb = fb.get();
                    boolean aLost = last(ra).contains("[MODIFIED 1]");
                    boolean bLost = last(rb).contains("[MODIFIED 1]");
                    assertNotEquals(aLost, bLost, "exactly one wins: " + ra + " / " + rb);
                    String flags = a.ok("FETCH 1 (FLAGS)").get(0); // the answer; reports of b's change follow it
                    // a selected first: the message is \Recent in a (IMAP4rev1, RFC 3501 2.3.2)
                    assertEquals("* 1 FETCH (FLAGS (" + (aLost ? flagB : flagA) + " \\Recent))", flags, "the winner's flags stand");
                }
            } finally {
                pool.shutdown();
            }
        }
    }
}
