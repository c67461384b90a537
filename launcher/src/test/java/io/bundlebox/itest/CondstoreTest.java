package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONDSTORE and QRESYNC (RFC 7162) end to end: ext.condstore in a real server on a Maildir, talked
 * to over a socket. Each test uses its own user, so tests do not see each other's changes.
 */
class CondstoreTest {

    @TempDir
    static Path home;
    static ImapTestServer server;
    private static int users;

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static byte[] message(int n) {
        return ("From: a@example.org\r\nSubject: message " + n + "\r\n\r\nbody " + n + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A new user with {@code count} messages in INBOX; returns its name (password "pw"). */
    static String userWith(int count) throws Exception {
        String user = "u" + (++users);
        server.addUser(user, "pw");
        try (ImapClient c = server.login(user, "pw")) {
            for (int i = 1; i <= count; i++) {
                c.append("INBOX", "", message(i));
            }
        }
        return user;
    }

    static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    static long number(String line, String regex) {
        Matcher m = Pattern.compile(regex).matcher(line);
        assertTrue(m.find(), "no " + regex + " in " + line);
        return Long.parseLong(m.group(1));
    }

    static long highestModSeq(List<String> lines) {
        for (String l : lines) {
            if (l.contains("[HIGHESTMODSEQ ")) {
                return number(l, "\\[HIGHESTMODSEQ (\\d+)]");
            }
        }
        throw new AssertionError("no HIGHESTMODSEQ in " + lines);
    }

    static List<String> untagged(List<String> lines) {
        return lines.subList(0, lines.size() - 1);
    }

    @Test
    void advertisedAndEnabledWithQresyncImplyingCondstore() throws Exception {
        String user = userWith(0);
        try (ImapClient c = server.login(user, "pw")) {
            String caps = c.ok("CAPABILITY").get(0);
            assertTrue(caps.contains(" CONDSTORE") && caps.contains(" QRESYNC") && caps.contains(" ENABLE"), caps);
            assertEquals("* ENABLED QRESYNC", c.ok("ENABLE QRESYNC").get(0));
            assertEquals("* ENABLED", c.ok("ENABLE CONDSTORE").get(0), "already on, implied by QRESYNC");
            assertEquals(caps, c.ok("CAPABILITY").get(0), "ENABLE does not change CAPABILITY (RFC 5161)");
        }
        try (ImapClient c = server.login(user, "pw")) {
            assertEquals("* ENABLED QRESYNC CONDSTORE", c.ok("ENABLE QRESYNC CONDSTORE").get(0));
        }
        try (ImapClient c = server.login(user, "pw")) {
            assertEquals("* ENABLED CONDSTORE", c.ok("ENABLE CONDSTORE XUNKNOWN").get(0));
            c.ok("SELECT INBOX");
            List<String> fetch = c.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)");
            assertTrue(last(fetch).contains(" BAD "), "VANISHED without ENABLE QRESYNC: " + fetch);
        }
    }

    @Test
    void selectReportsHighestModSeqAndFetchStatusAgree() throws Exception {
        String user = userWith(3);
        try (ImapClient c = server.login(user, "pw")) {
            List<String> plain = c.ok("SELECT INBOX");
            assertTrue(plain.stream().anyMatch(l -> l.startsWith("* OK [HIGHESTMODSEQ ")), "also before an enabling command: " + plain);
            List<String> select = c.ok("SELECT INBOX (CONDSTORE)");
            assertTrue(select.contains("* OK [CLOSED] Previous mailbox closed"), "implicit close: " + select);
            long highest = highestModSeq(select);
            List<String> fetch = c.ok("FETCH 1:* (MODSEQ)");
            assertEquals(4, fetch.size(), fetch.toString());
            long m1 = number(fetch.get(0), "^\\* 1 FETCH \\(MODSEQ \\((\\d+)\\)\\)$");
            long m3 = number(fetch.get(2), "^\\* 3 FETCH \\(MODSEQ \\((\\d+)\\)\\)$");
            assertTrue(m1 < m3 && m3 == highest, fetch + " vs " + highest);
            assertEquals("* STATUS \"INBOX\" (HIGHESTMODSEQ " + highest + " MESSAGES 3)",
                    c.ok("STATUS INBOX (HIGHESTMODSEQ MESSAGES)").get(0));
            assertTrue(c.ok("EXAMINE INBOX").stream().anyMatch(l -> l.equals("* OK [HIGHESTMODSEQ " + highest
                    + "] Highest mailbox mod-sequence")), "every SELECT/EXAMINE once enabled");
        }
    }

    @Test
    void anEmptyMailboxHasModSeqsToo() throws Exception {
        String user = userWith(0);
        try (ImapClient c = server.login(user, "pw")) {
            c.ok("CREATE Empty");
            List<String> select = c.ok("SELECT Empty (CONDSTORE)");
            assertTrue(select.stream().noneMatch(l -> l.contains("NOMODSEQ")), select.toString());
            long empty = highestModSeq(select);
            assertTrue(empty >= 1, "a mod-sequence-value is 1 or more: " + empty);
            c.append("Empty", "", message(1));
            List<String> noop = c.ok("NOOP");
            long added = number(c.ok("FETCH 1 (MODSEQ)").get(0), "MODSEQ \\((\\d+)\\)");
            assertTrue(added > empty, added + " after " + empty + ", " + noop);
            assertEquals("* STATUS \"Empty\" (HIGHESTMODSEQ " + added + ")", c.ok("STATUS Empty (HIGHESTMODSEQ)").get(0));
        }
    }

    @Test
    void fetchChangedSinceAnswersOnlyChangedMessagesWithUidAndModSeq() throws Exception {
        String user = userWith(4);
        try (ImapClient c = server.login(user, "pw"); ImapClient other = server.login(user, "pw")) {
            long before = highestModSeq(c.ok("SELECT INBOX (CONDSTORE)"));
            other.ok("SELECT INBOX");
            other.ok("STORE 2,4 +FLAGS (\\Flagged)");
            List<String> changed = c.ok("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + before + ")");
            // c selected first: the messages are \Recent in it (IMAP4rev1, RFC 3501 2.3.2). The answer, then (after it) the same changes as unsolicited reports, which this session was not told of yet
            List<String> fetches = changed.stream().filter(l -> l.contains(" FETCH (UID ")).toList();
            assertEquals(2, fetches.size(), changed.toString());
            assertTrue(fetches.get(0).matches("\\* 2 FETCH \\(UID 2 FLAGS \\(\\\\Flagged \\\\Recent\\) MODSEQ \\(\\d+\\)\\)"), fetches.toString());
            assertTrue(fetches.get(1).matches("\\* 4 FETCH \\(UID 4 FLAGS \\(\\\\Flagged \\\\Recent\\) MODSEQ \\(\\d+\\)\\)"), fetches.toString());
            long now = number(fetches.get(1), "MODSEQ \\((\\d+)\\)");
            assertEquals(List.of(), untagged(c.ok("FETCH 1:* (FLAGS) (CHANGEDSINCE " + now + ")")), "nothing changed since");
        }
    }

    /** Each of RFC 7162 section 3.1's CONDSTORE enabling commands, then a change made elsewhere. */
    @Test
    void everyEnablingCommandMakesUnsolicitedFetchCarryUidAndModSeq() throws Exception {
        String user = userWith(2);
        List<String> enabling = List.of("ENABLE CONDSTORE", "SELECT INBOX (CONDSTORE)", "STATUS INBOX (HIGHESTMODSEQ)",
                "FETCH 1 (MODSEQ)", "SEARCH MODSEQ 1", "FETCH 1 (FLAGS) (CHANGEDSINCE 1)",
                "STORE 1 (UNCHANGEDSINCE 1) +FLAGS.SILENT ($Test)", "NOOP");
        for (String command : enabling) {
            try (ImapClient c = server.login(user, "pw"); ImapClient other = server.login(user, "pw")) {
                if (command.startsWith("ENABLE") || command.startsWith("STATUS")) {
                    c.ok(command);
                    c.ok("SELECT INBOX");
                } else {
                    c.ok("SELECT INBOX");
                    List<String> lines = c.command(command);
                    assertTrue(last(lines).contains(" OK "), command + ": " + lines);
                    if (!command.equals("NOOP") && !command.startsWith("SELECT")) {
                        assertTrue(lines.stream().anyMatch(l -> l.startsWith("* OK [HIGHESTMODSEQ ")),
                                "first enabling command in the selected state announces HIGHESTMODSEQ: " + lines);
                    }
                }
                other.ok("SELECT INBOX");
                other.ok("STORE 2 FLAGS (\\Answered)");
                other.ok("STORE 2 -FLAGS (\\Answered)");
                List<String> noop = c.ok("NOOP");
                String fetch = noop.stream().filter(l -> l.startsWith("* 2 FETCH")).findFirst().orElseThrow(
                        () -> new AssertionError(command + ": no FETCH in " + noop));
                if (command.equals("NOOP")) {
                    assertTrue(fetch.matches("\\* 2 FETCH \\(FLAGS \\((\\\\Recent)?\\)\\)"), "not enabled: the plain form: " + fetch);
                } else {
                    assertTrue(fetch.matches("\\* 2 FETCH \\(FLAGS \\((\\\\Recent)?\\) UID 2 MODSEQ \\(\\d+\\)\\)"), command + ": " + fetch);
                }
            }
        }
    }

    @Test
    void storeUnchangedSinceAppliesOrNamesModifiedAndSilentStillAnswersWithModSeq() throws Exception {
        String user = userWith(3);
        try (ImapClient c = server.login(user, "pw")) {
            List<String> plain = c.ok("SELECT INBOX");
            List<String> silentPlain = c.ok("STORE 1 +FLAGS.SILENT (\\Seen)");
            assertEquals(1, silentPlain.size(), ".SILENT before CONDSTORE: nothing " + silentPlain);
            List<String> fetch = c.ok("FETCH 1:3 (MODSEQ)");
            long m1 = number(fetch.get(0), "MODSEQ \\((\\d+)\\)");
            long m2 = number(fetch.get(1), "MODSEQ \\((\\d+)\\)");
            long m3 = number(fetch.get(2), "MODSEQ \\((\\d+)\\)");
            assertTrue(m2 < m3 && m3 < m1, "message 1 changed last: " + fetch);
            // conditional on m3: messages 2 and 3 are unchanged since, message 1 is not
            List<String> store = c.command("STORE 1:3 (UNCHANGEDSINCE " + m3 + ") +FLAGS.SILENT ($Done)");
            assertTrue(last(store).contains("OK [MODIFIED 1]"), store.toString());
            assertTrue(store.stream().anyMatch(l -> l.matches("\\* 2 FETCH \\(UID 2 MODSEQ \\(\\d+\\)\\)")),
                    "applied: FETCH with MODSEQ although .SILENT (section 3.1.3): " + store);
            assertTrue(store.stream().anyMatch(l -> l.matches("\\* 1 FETCH \\(FLAGS \\(\\\\Seen \\\\Recent\\) UID 1 MODSEQ \\(" + m1 + "\\)\\)")),
                    "refused: its current flags and MODSEQ: " + store);
            List<String> flags = c.ok("FETCH 1:3 (FLAGS)");
            assertFalse(flags.get(0).contains("$Done"), flags.toString());
            assertTrue(flags.get(1).contains("$Done") && flags.get(2).contains("$Done"), flags.toString());
            List<String> uidStore = c.command("UID STORE 1:3 (UNCHANGEDSINCE " + m1 + ") -FLAGS ($Done)");
            assertTrue(last(uidStore).contains("OK [MODIFIED 2:3]"), "UID STORE names UIDs: " + uidStore);
            List<String> zero = c.command("STORE 2 (UNCHANGEDSINCE 0) +FLAGS.SILENT ($MDNSent)");
            assertTrue(last(zero).contains("OK [MODIFIED 2]"), "UNCHANGEDSINCE 0 always fails: " + zero);
            List<String> silent = c.ok("STORE 3 +FLAGS.SILENT (\\Answered)");
            assertTrue(silent.get(0).matches("\\* 3 FETCH \\(UID 3 MODSEQ \\(\\d+\\)\\)"),
                    ".SILENT once CONDSTORE is on: MODSEQ, no FLAGS (example 14): " + silent);
            List<String> twice = c.command("STORE 1 (UNCHANGEDSINCE 5 UNCHANGEDSINCE 6) +FLAGS ($X)");
            assertTrue(last(twice).contains(" BAD "), twice.toString());
            assertTrue(plain.stream().noneMatch(l -> l.contains("MODSEQ (")), plain.toString());
        }
    }

    @Test
    void searchModSeqAddsHighestModSeqOfMatchesToSearchAndEsearch() throws Exception {
        String user = userWith(4);
        try (ImapClient c = server.login(user, "pw")) {
            c.ok("SELECT INBOX");
            long m2 = number(c.ok("FETCH 2 (MODSEQ)").get(0), "MODSEQ \\((\\d+)\\)");
            c.ok("STORE 3 +FLAGS (\\Draft)");
            long m3 = number(c.ok("FETCH 3 (MODSEQ)").get(0), "MODSEQ \\((\\d+)\\)");
            assertEquals("* SEARCH 2 3 4 (MODSEQ " + m3 + ")", c.ok("SEARCH MODSEQ " + m2).get(0));
            assertEquals("* SEARCH 3 (MODSEQ " + m3 + ")", c.ok("SEARCH MODSEQ \"/flags/\\\\draft\" all " + m3).get(0));
            assertEquals("* SEARCH", c.ok("SEARCH MODSEQ " + (m3 + 1)).get(0), "no match: no MODSEQ");
            assertEquals("* SEARCH 1 2 3 4", c.ok("SEARCH ALL").get(0), "without the MODSEQ key: plain");
            String tag = c.nextTag();
            assertEquals("* ESEARCH (TAG \"" + tag + "\") UID ALL 3:4 MODSEQ " + m3,
                    c.ok("UID SEARCH RETURN (ALL) MODSEQ " + (m2 + 1)).get(0));
            assertTrue(last(c.command("SEARCH MODSEQ \"/nonsense/x\" all 1")).contains(" BAD "));
            assertTrue(last(c.command("SEARCH MODSEQ \"/flags/\\\\seen\" most 1")).contains(" BAD "));
        }
    }

    @Test
    void qresyncReportsExpungesAsVanishedWithHighestModSeqOnExpungeOk() throws Exception {
        String user = userWith(6);
        try (ImapClient c = server.login(user, "pw"); ImapClient other = server.login(user, "pw")) {
            c.ok("ENABLE QRESYNC");
            c.ok("SELECT INBOX");
            c.ok("STORE 2,4 +FLAGS.SILENT (\\Deleted)");
            List<String> expunge = c.ok("EXPUNGE");
            assertEquals("* VANISHED 2,4", expunge.get(0), expunge.toString());
            long h = number(last(expunge), "OK \\[HIGHESTMODSEQ (\\d+)]");
            List<String> fetch = c.ok("FETCH 1:* (MODSEQ)");
            assertEquals(5, fetch.size(), "4 messages left: " + fetch);
            assertTrue(fetch.stream().limit(4).allMatch(l -> number(l, "MODSEQ \\((\\d+)\\)") < h), "the expunge has its own MODSEQ: " + fetch);
            List<String> none = c.ok("EXPUNGE");
            assertEquals(1, none.size(), "nothing expunged: no VANISHED, no HIGHESTMODSEQ: " + none);
            assertFalse(last(none).contains("HIGHESTMODSEQ"), none.toString());

            other.ok("SELECT INBOX");
            other.ok("UID STORE 5 +FLAGS.SILENT (\\Deleted)");
            other.ok("UID EXPUNGE 5");
            List<String> noop = c.ok("NOOP");
            assertEquals("* VANISHED 5", noop.get(0), "another session's expunge: " + noop);
            // a Maildir change from outside (a delivery agent or a shell removing the file)
            Path cur = server.maildir(user).resolve("cur");
            try (var files = java.nio.file.Files.list(cur)) { // the store names files ...,B=<uidvalidity>-<uid>[:2,flags]
                Path six = files.filter(f -> f.getFileName().toString().matches(".*,B=\\d+-6(:2,.*)?")).findFirst().orElseThrow();
                java.nio.file.Files.delete(six);
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            List<String> seen;
            do {
                seen = c.ok("NOOP");
            } while (seen.stream().noneMatch(l -> l.startsWith("* VANISHED ")) && System.nanoTime() < deadline);
            assertEquals("* VANISHED 6", seen.get(0), seen.toString());
            assertTrue(c.ok("NOOP").stream().noneMatch(l -> l.contains("EXPUNGE")));
        }
    }

    @Test
    void implicitSeenAndMoveReportLikeAnyChange() throws Exception {
        String user = userWith(3);
        try (ImapClient c = server.login(user, "pw")) {
            c.ok("CREATE Archive");
            c.ok("ENABLE QRESYNC");
            c.ok("SELECT INBOX");
            List<String> body = c.ok("FETCH 1 (BODY[HEADER.FIELDS (SUBJECT)])");
            assertTrue(body.stream().anyMatch(l -> l.contains(" FLAGS (\\Seen \\Recent) UID 1 MODSEQ (")),
                    "the FETCH that set \\Seen carries UID and MODSEQ (RFC 7162 3.2.4): " + body);
            List<String> move = c.ok("UID MOVE 2 Archive");
            assertTrue(move.contains("* VANISHED 2"), move.toString());
            long h = number(last(move), "OK \\[HIGHESTMODSEQ (\\d+)]");
            assertEquals(h, highestModSeq(c.ok("EXAMINE INBOX")), "RFC 6851 section 4.4");
        }
    }

    @Test
    void qresyncSelectResynchronisesAndChecksItsArguments() throws Exception {
        String user = userWith(8);
        long uidValidity;
        long known;
        try (ImapClient c = server.login(user, "pw")) {
            c.ok("ENABLE QRESYNC");
            List<String> select = c.ok("SELECT INBOX");
            uidValidity = number(String.join("\n", select), "\\[UIDVALIDITY (\\d+)]");
            known = highestModSeq(select);
        }
        try (ImapClient other = server.login(user, "pw")) {
            other.ok("SELECT INBOX");
            other.ok("STORE 3 +FLAGS (\\Seen)");
            other.ok("STORE 5,8 +FLAGS (\\Deleted)");
            other.ok("EXPUNGE");
            other.append("INBOX", "", message(9));
        }
        try (ImapClient c = server.login(user, "pw")) {
            c.ok("ENABLE QRESYNC");
            List<String> select = c.ok("SELECT INBOX (QRESYNC (" + uidValidity + " " + known + "))");
            assertTrue(select.contains("* VANISHED (EARLIER) 5,8"), select.toString());
            List<String> fetches = select.stream().filter(l -> l.contains(" FETCH ")).toList();
            assertEquals(2, fetches.size(), select.toString());
            assertTrue(fetches.get(0).matches("\\* 3 FETCH \\(UID 3 FLAGS \\(\\\\Seen\\) MODSEQ \\(\\d+\\)\\)"), fetches.toString());
            assertTrue(fetches.get(1).matches("\\* 7 FETCH \\(UID 9 FLAGS \\(\\) MODSEQ \\(\\d+\\)\\)"), fetches.toString());
            assertTrue(select.indexOf("* VANISHED (EARLIER) 5,8") < select.indexOf(fetches.get(0)));
            // only the known UIDs
            List<String> some = c.ok("SELECT INBOX (QRESYNC (" + uidValidity + " " + known + " 1:4))");
            assertTrue(some.contains("* OK [CLOSED] Previous mailbox closed"), some.toString());
            assertTrue(some.stream().noneMatch(l -> l.startsWith("* VANISHED")), some.toString());
            assertEquals(1, some.stream().filter(l -> l.contains(" FETCH ")).count(), some.toString());
            // sequence match data: the client knew message 5 as UID 6, which holds: nothing at or below 6 vanished for it
            List<String> matched = c.ok("EXAMINE INBOX (QRESYNC (" + uidValidity + " 1 1:8 (2,5 2,6)))");
            assertTrue(matched.contains("* VANISHED (EARLIER) 8"), matched.toString());
            // another UIDVALIDITY: nothing
            List<String> other = c.ok("SELECT INBOX (QRESYNC (" + (uidValidity + 1) + " " + known + "))");
            assertTrue(other.stream().noneMatch(l -> l.startsWith("* VANISHED") || l.contains(" FETCH ")), other.toString());
            assertTrue(last(c.command("SELECT INBOX (QRESYNC (" + uidValidity + "))")).contains(" BAD "));
            assertTrue(last(c.command("SELECT INBOX (QRESYNC (" + uidValidity + " 1 1:*))")).contains(" BAD "));
            assertTrue(last(c.command("SELECT INBOX (QRESYNC (" + uidValidity + " 1 1:8 (1,2 3)))")).contains(" BAD "));
        }
        try (ImapClient c = server.login(user, "pw")) {
            List<String> refused = c.command("SELECT INBOX (QRESYNC (" + uidValidity + " " + known + "))");
            assertTrue(last(refused).contains(" BAD "), "without ENABLE QRESYNC: " + refused);
            assertTrue(last(c.command("FETCH 1 (FLAGS)")).contains(" BAD "), "and the mailbox stays unselected");
        }
    }

    @Test
    void vanishedFetchModifierRules() throws Exception {
        String user = userWith(5);
        try (ImapClient c = server.login(user, "pw")) {
            c.ok("ENABLE QRESYNC");
            long before = highestModSeq(c.ok("SELECT INBOX"));
            c.ok("STORE 2 +FLAGS.SILENT (\\Deleted)");
            c.ok("EXPUNGE");
            List<String> both = c.ok("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + before + " VANISHED)");
            assertEquals("* VANISHED (EARLIER) 2", both.get(0), both.toString());
            List<String> reversed = c.ok("UID FETCH 1:5 (FLAGS MODSEQ) (VANISHED CHANGEDSINCE " + before + ")");
            assertEquals("* VANISHED (EARLIER) 2", reversed.get(0), reversed.toString());
            assertTrue(last(c.command("FETCH 1:* (FLAGS) (CHANGEDSINCE " + before + " VANISHED)")).contains(" BAD "),
                    "VANISHED with FETCH");
            assertTrue(last(c.command("UID FETCH 1:* (FLAGS) (VANISHED)")).contains(" BAD "), "without CHANGEDSINCE");
            assertTrue(last(c.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1 CHANGEDSINCE 2)")).contains(" BAD "), "twice");
            assertTrue(last(c.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE x)")).contains(" BAD "));
        }
    }
}
