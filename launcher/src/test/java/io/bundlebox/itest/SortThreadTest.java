package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripted conversations for SORT, UID SORT (RFC 5256 section 3), SORT=DISPLAY (RFC 5957),
 * ESORT (RFC 5267 section 3), THREAD and UID THREAD, against a real server with ext.sort-thread,
 * over five messages (UID = sequence number + 1: a first message was expunged):
 *
 * <pre>
 * seq  From                     To                  Cc         Subject            Date (UTC)        INTERNALDATE  body lines
 * 1    "Zoe Zed" zoe@z.org      bob@b.org           -          Re: cherries       03-Feb 10:00      05-Feb        300
 * 2    =?UTF-8?Q?Ärger?= ae@x   "Carl" carl@c.org   dan@d.org  apples             01-Feb 10:00      04-Feb        0
 * 3    bob@b.org                ann@a.org           -          [list] Bananas     none (01-Feb 12:00 arrival)     500
 * 4    alice@a.org              -                   bob@b.org  Fwd: Apples        02-Feb 09:00 -0200 03-Feb       100
 * 5    "alice" alice@a.org      =?UTF-8?Q?émile?=   -          Cherries (fwd)     02-Feb 11:00      02-Feb        400
 * </pre>
 */
class SortThreadTest {

    @TempDir
    static Path home;
    static ImapTestServer server;
    static ImapClient c;

    private static final String LINE = "line of filler text\r\n";
    private static final String[] MESSAGES = {
        "From: \"Zoe Zed\" <zoe@z.org>\r\nTo: bob@b.org\r\nSubject: Re: cherries\r\nDate: Wed, 3 Feb 2021 10:00:00 +0000\r\n"
            + "In-Reply-To: <ch@x>\r\n\r\n" + LINE.repeat(300),
        "From: =?UTF-8?Q?=C3=84rger?= <ae@x.de>\r\nTo: \"Carl\" <carl@c.org>\r\nCc: dan@d.org\r\nSubject: apples\r\n"
            + "Date: Mon, 1 Feb 2021 10:00:00 +0000\r\nMessage-ID: <apples@x>\r\n\r\n",
        "From: <bob@b.org>\r\nTo: ann@a.org\r\nSubject: [list] Bananas\r\n\r\n" + LINE.repeat(500),
        "From: alice@a.org\r\nCc: bob@b.org\r\nSubject: Fwd: Apples\r\nDate: Tue, 2 Feb 2021 09:00:00 -0200\r\n"
            + "References: <apples@x>\r\n\r\n" + LINE.repeat(100),
        "From: \"alice\" <alice@a.org>\r\nTo: =?UTF-8?Q?=C3=A9mile?= <e@e.fr>\r\nSubject: Cherries (fwd)\r\n"
            + "Date: Tue, 2 Feb 2021 11:00:00 +0000\r\nMessage-ID: <ch@x>\r\n\r\n" + LINE.repeat(400),
    };
    private static final String[] ARRIVAL = {"05", "04", "01", "03", "02"};

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home);
        server.addUser("sorter", "secret");
        c = server.login("sorter", "secret");
        c.append("INBOX", "(\\Deleted)", "Subject: gone\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < MESSAGES.length; i++) {
            List<String> r = c.append("INBOX", "\"" + ARRIVAL[i] + "-Feb-2021 12:00:00 +0000\"",
                    MESSAGES[i].getBytes(StandardCharsets.UTF_8));
            assertTrue(r.get(r.size() - 1).contains(" OK "), r.toString());
        }
        c.ok("SELECT INBOX");
        c.ok("EXPUNGE");
    }

    @AfterAll
    static void stop() throws Exception {
        if (c != null) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** The untagged line of a command that must succeed. */
    private static String answer(String command) throws Exception {
        List<String> lines = c.ok(command);
        assertEquals(2, lines.size(), command + ": " + lines);
        return lines.get(0);
    }

    @Test
    void everySortKeyOrdersAsTheRfcSays() throws Exception {
        assertEquals("* SORT 3 5 4 2 1", answer("SORT (ARRIVAL) UTF-8 ALL"));
        assertEquals("* SORT 2 3 4 5 1", answer("SORT (DATE) UTF-8 ALL"), "no Date: INTERNALDATE; -0200 normalised; ties by seq");
        assertEquals("* SORT 2 4 3 1 5", answer("SORT (SUBJECT) UTF-8 ALL"), "base subjects, case-insensitive");
        assertEquals("* SORT 2 4 5 3 1", answer("SORT (FROM) UTF-8 ALL"), "addr-mailbox of the first From");
        assertEquals("* SORT 4 3 1 2 5", answer("SORT (TO) UTF-8 ALL"), "a missing To is the empty string, first");
        assertEquals("* SORT 1 3 5 4 2", answer("SORT (CC) UTF-8 ALL"));
        assertEquals("* SORT 2 4 1 5 3", answer("SORT (SIZE) UTF-8 ALL"));
        assertEquals("* SORT 5 4 2 3 1", answer("SORT (DISPLAYFROM) UTF-8 ALL"), "decoded display names, else addr-spec");
        assertEquals("* SORT 4 3 1 2 5", answer("SORT (DISPLAYTO) UTF-8 ALL"));
    }

    @Test
    void reverseReversesOneKeyAndNotTheTieOrder() throws Exception {
        assertEquals("* SORT 1 4 5 3 2", answer("SORT (REVERSE DATE) UTF-8 ALL"));
        assertEquals("* SORT 4 2 3 1 5", answer("SORT (SUBJECT REVERSE DATE) UTF-8 ALL"));
        assertEquals("* SORT 1 2 4 5 3", answer("sort (reverse arrival) utf-8 all"));
    }

    @Test
    void uidSortAnswersUidsAndSearchCriteriaAndCharsetsApply() throws Exception {
        assertEquals("* SORT 3 4 5 6 2", answer("UID SORT (DATE) UTF-8 ALL"));
        assertEquals("* SORT 4 5", answer("SORT (DATE) UTF-8 FROM alice"));
        assertEquals("* SORT 2 4 1 5", answer("SORT (SUBJECT) US-ASCII SINCE 2-Feb-2021"));
        assertEquals("* SORT 5", answer("SORT (SUBJECT) \"UTF-8\" TO e@e.fr"));
        assertEquals("* SORT", answer("SORT (SUBJECT) UTF-8 TEXT \"not in the mailbox\""));
        assertEquals("* SORT 3 2", answer("UID SORT (SIZE) UTF-8 UID 2:3"));
        List<String> koi = c.command("SORT (DATE) KOI8-R ALL");
        assertTrue(koi.get(koi.size() - 1).matches("a\\d+ NO \\[BADCHARSET \\(UTF-8\\)\\] .*"), koi.toString());
    }

    @Test
    void theSavedResultIsUsableAndSettable() throws Exception {
        c.ok("SEARCH RETURN (SAVE) FROM alice");
        assertEquals("* SORT 4 5", answer("SORT (REVERSE ARRIVAL) UTF-8 $"));
        // ESORT SAVE MIN saves the first message in sort order (RFC 5182 section 2.1, RFC 5267 section 3)
        String tag = c.nextTag();
        assertEquals("* ESEARCH (TAG \"" + tag + "\") MIN 2", answer("SORT RETURN (SAVE MIN) (SUBJECT) UTF-8 ALL"));
        assertEquals("* SEARCH 2", answer("SEARCH $"));
        tag = c.nextTag();
        List<String> saveOnly = c.ok("SORT RETURN (SAVE) (REVERSE SIZE) UTF-8 LARGER 5000");
        assertEquals(1, saveOnly.size(), "SAVE alone answers nothing but OK: " + saveOnly);
        assertEquals("* SEARCH 1 3 5", answer("SEARCH $"));
    }

    @Test
    void esortAnswersInSortOrder() throws Exception {
        String tag = c.nextTag();
        assertEquals("* ESEARCH (TAG \"" + tag + "\") MIN 2 MAX 1 ALL 2:5,1 COUNT 5",
                answer("SORT RETURN (MIN MAX COUNT ALL) (DATE) UTF-8 ALL"));
        tag = c.nextTag();
        assertEquals("* ESEARCH (TAG \"" + tag + "\") UID ALL 2,5:6,4,3", answer("UID SORT RETURN () (REVERSE DATE) UTF-8 ALL"));
        tag = c.nextTag();
        assertEquals("* ESEARCH (TAG \"" + tag + "\") COUNT 0", answer("SORT RETURN (COUNT MIN) (DATE) UTF-8 SUBJECT nothing"));
    }

    @Test
    void threadsByBothAlgorithms() throws Exception {
        assertEquals("* THREAD (2 4)(3)(5 1)", answer("THREAD ORDEREDSUBJECT UTF-8 ALL"));
        assertEquals("* THREAD (2 4)(3)(5 1)", answer("THREAD REFERENCES UTF-8 ALL"));
        assertEquals("* THREAD (3 5)(4)(6 2)", answer("UID THREAD REFERENCES UTF-8 ALL"));
        assertEquals("* THREAD (4)(5)", answer("THREAD REFERENCES UTF-8 FROM alice"),
                "4's parent was not searched: a dummy, pruned");
        assertEquals("* THREAD", answer("THREAD REFERENCES UTF-8 SUBJECT nothing"));
    }

    @Test
    void badCommandsAreRefusedAndTheSessionGoesOn() throws Exception {
        for (String bad : List.of("SORT (BOGUS) UTF-8 ALL", "SORT DATE UTF-8 ALL", "SORT (DATE) UTF-8",
                "SORT (REVERSE) UTF-8 ALL", "SORT () UTF-8 ALL", "SORT RETURN (BOGUS) (DATE) UTF-8 ALL",
                "THREAD FOO UTF-8 ALL", "THREAD REFERENCES UTF-8 BOGUSKEY", "UID THREAD")) {
            List<String> r = c.command(bad);
            assertTrue(r.get(r.size() - 1).matches("a\\d+ BAD .*"), bad + " -> " + r);
        }
        assertEquals("* SORT 2 3 4 5 1", answer("SORT (DATE) UTF-8 ALL"));
    }

    @Test
    void aMessageExpungedByAnotherSessionIsLeftOutWithExpungeIssued() throws Exception {
        server.addUser("gone", "secret");
        try (ImapClient a = server.login("gone", "secret"); ImapClient b = server.login("gone", "secret")) {
            for (String subject : List.of("b", "a", "c")) {
                a.append("INBOX", "", ("Subject: " + subject + "\r\nMessage-ID: <" + subject + "@x>\r\n\r\nx\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            a.ok("SELECT INBOX");
            b.ok("SELECT INBOX");
            b.ok("STORE 2 +FLAGS.SILENT (\\Deleted)");
            b.ok("EXPUNGE");
            // a was not told (no EXPUNGE during SORT/THREAD, RFC 9051 7.5.1): message 2 cannot be sorted
            List<String> sorted = a.ok("SORT (SUBJECT) UTF-8 ALL");
            assertEquals("* SORT 1 3", sorted.get(0), sorted.toString());
            assertTrue(sorted.get(1).matches("a\\d+ OK \\[EXPUNGEISSUED\\] .*"), sorted.toString());
            List<String> threads = a.ok("THREAD REFERENCES UTF-8 ALL");
            assertEquals("* THREAD (1)(3)", threads.get(0), threads.toString());
            assertTrue(threads.get(1).matches("a\\d+ OK \\[EXPUNGEISSUED\\] .*"), threads.toString());
            assertEquals("* 2 EXPUNGE", a.ok("NOOP").get(0));
            assertEquals("* SORT 1 2", a.ok("SORT (SUBJECT) UTF-8 ALL").get(0), "told, the session sorts what is left");
        }
    }

    @Test
    void capabilitiesAreAdvertisedAndSortNeedsASelectedMailbox() throws Exception {
        try (ImapClient fresh = server.login("sorter", "secret")) {
            String caps = fresh.ok("CAPABILITY").get(0);
            for (String cap : List.of("SORT", "SORT=DISPLAY", "ESORT", "THREAD=ORDEREDSUBJECT", "THREAD=REFERENCES", "I18NLEVEL=1")) {
                assertTrue((caps + " ").contains(" " + cap + " "), cap + " in " + caps);
            }
            assertFalse(caps.contains("CONTEXT=SORT"), "CONTEXT=SORT is not implemented, so not advertised: " + caps);
            List<String> r = fresh.command("SORT (DATE) UTF-8 ALL");
            assertTrue(r.get(0).matches("a\\d+ BAD .*"), r.toString());
        }
    }
}
