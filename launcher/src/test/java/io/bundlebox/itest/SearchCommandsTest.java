package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripted conversations for SEARCH and UID SEARCH (RFC 9051 section 6.4.4) with ESEARCH result
 * options (section 7.3.4, RFC 4731) and the SEARCHRES saved result (section 6.4.4.1, RFC 5182),
 * against a real server over five appended messages:
 *
 * <pre>
 * seq/UID  flags            INTERNALDATE  what
 * 1        ()               01-Feb-2021   alice, "Lunch"
 * 2        \Flagged         02-Feb-2021   bob, "Re: Lunch"
 * 3        \Seen            03-Feb-2021   Jörg (RFC 2047), "Grüße aus Köln", QP latin-1 body "Straße"
 * 4        \Flagged \Seen   04-Feb-2021   carol, multipart, base64 text "xylophone", binary "zebra"
 * 5        $Junk            05-Feb-2021   dave, 6 KB
 * </pre>
 */
class SearchCommandsTest {

    @TempDir
    static Path home;
    static ImapTestServer server;

    private static final String[] MESSAGES = {
        "From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: Lunch\r\n"
            + "Date: Mon, 1 Feb 2021 11:00:00 +0000\r\nMessage-ID: <lunch@example.org>\r\n\r\nShall we meet at noon?\r\n",
        "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: Re: Lunch\r\n"
            + "Date: Tue, 2 Feb 2021 11:00:00 +0000\r\nIn-Reply-To: <lunch@example.org>\r\n\r\nNoon is fine.\r\n",
        "From: =?UTF-8?Q?J=C3=B6rg?= <jorg@example.de>\r\nTo: alice@example.org\r\n"
            + "Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=\r\nDate: 3 Feb 21 09:00 +0100\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "Treffpunkt Hauptstra=DFe 1.\r\n",
        "From: carol@example.net\r\nTo: alice@example.org\r\nSubject: report\r\nDate: Thu, 4 Feb 2021 08:00:00 -0500\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + "VGhlIHNlY3JldCB3b3JkIGlzIHh5bG9waG9uZS4K\r\n--b1\r\nContent-Type: application/octet-stream\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\nemVicmEgemVicmEK\r\n--b1--\r\n",
        "From: dave@example.com\r\nTo: alice@example.org\r\nSubject: big\r\nDate: Fri, 5 Feb 2021 08:00:00 +0000\r\n\r\n"
            + "line of filler text\r\n".repeat(300),
    };
    private static final String[] FLAGS = {"()", "(\\Flagged)", "(\\Seen)", "(\\Flagged \\Seen)", "($Junk)"};

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home);
        server.addUser("searcher", "secret");
        try (ImapClient c = server.login("searcher", "secret")) {
            for (int i = 0; i < MESSAGES.length; i++) {
                String date = "\"0" + (i + 1) + "-Feb-2021 12:00:00 +0000\"";
                List<String> r = c.append("INBOX", FLAGS[i] + " " + date, MESSAGES[i].getBytes(StandardCharsets.UTF_8));
                assertTrue(last(r).contains("OK"), r.toString());
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    /** A session on INBOX, read-only so that no test changes flags for the next. */
    private static ImapClient examined() throws Exception {
        ImapClient c = server.login("searcher", "secret");
        c.ok("EXAMINE INBOX");
        return c;
    }

    /** The untagged response lines of a command that must succeed. */
    private static List<String> untagged(ImapClient c, String command) throws Exception {
        List<String> lines = c.ok(command);
        return lines.subList(0, lines.size() - 1);
    }

    /** A literal+ argument carrying UTF-8, e.g. {@code {5+}CRLF jörg}. */
    private static String literal(String s) {
        return "{" + s.getBytes(StandardCharsets.UTF_8).length + "+}\r\n" + s;
    }

    @Test
    void capabilitiesAfterLoginNameEsearchAndSearchres() throws Exception {
        try (ImapClient c = server.login("searcher", "secret")) {
            String caps = c.ok("CAPABILITY").get(0);
            assertTrue(caps.contains(" ESEARCH") && caps.contains(" SEARCHRES"), caps);
        }
    }

    @Test
    void imap4rev1SearchAnswersSearchWithSequenceNumbersOrUids() throws Exception {
        String[][] cases = {
            {"SEARCH ALL", "* SEARCH 1 2 3 4 5"},
            {"SEARCH FLAGGED", "* SEARCH 2 4"},
            {"SEARCH UNSEEN UNFLAGGED", "* SEARCH 1 5"},
            {"SEARCH KEYWORD $Junk", "* SEARCH 5"},
            {"SEARCH DELETED", "* SEARCH"},
            // nobody ever SELECTs this INBOX (EXAMINE only looks): all five are \Recent (RFC 3501 6.3.2, 6.4.4)
            {"SEARCH NEW", "* SEARCH 1 2 5"},
            {"SEARCH OLD", "* SEARCH"},
            {"SEARCH 2:*", "* SEARCH 2 3 4 5"},
            {"SEARCH UID 4:*", "* SEARCH 4 5"},
            {"SEARCH SINCE 3-Feb-2021 BEFORE 5-Feb-2021", "* SEARCH 3 4"},
            {"SEARCH ON 2-Feb-2021", "* SEARCH 2"},
            {"SEARCH SENTON 3-Feb-2021", "* SEARCH 3"},
            {"SEARCH SENTBEFORE 2-Feb-2021", "* SEARCH 1"},
            {"SEARCH LARGER 5000", "* SEARCH 5"},
            {"SEARCH SMALLER 5000 NOT SMALLER 286", "* SEARCH 3 4"},
            {"SEARCH OR FROM alice FROM BOB", "* SEARCH 1 2"},
            {"SEARCH SUBJECT lunch", "* SEARCH 1 2"},
            {"SEARCH CHARSET UTF-8 SUBJECT " + literal("köln"), "* SEARCH 3"},
            {"SEARCH CHARSET UTF-8 FROM " + literal("JÖRG"), "* SEARCH 3"},
            {"SEARCH TO \"alice@example.org\" NOT FROM carol", "* SEARCH 2 3 5"},
            {"SEARCH HEADER In-Reply-To \"\"", "* SEARCH 2"},
            {"SEARCH HEADER Message-ID lunch@", "* SEARCH 1"},
            {"SEARCH BODY noon", "* SEARCH 1 2"},
            {"SEARCH BODY " + literal("straße"), "* SEARCH 3"},
            {"SEARCH BODY xylophone", "* SEARCH 4"},
            {"SEARCH BODY zebra", "* SEARCH"},
            {"SEARCH BODY lunch", "* SEARCH"},
            {"SEARCH TEXT lunch", "* SEARCH 1 2"},
            {"SEARCH (OR 1 5) (NOT SEEN)", "* SEARCH 1 5"},
            {"UID SEARCH FLAGGED", "* SEARCH 2 4"},
            {"UID SEARCH UID 3:4 OR BODY xylophone SUBJECT big", "* SEARCH 4"},
        };
        try (ImapClient c = examined()) {
            for (String[] row : cases) {
                assertEquals(List.of(row[1]), untagged(c, row[0]), row[0]);
            }
        }
    }

    @Test
    void returnOptionsAnswerOneEsearchWithTheTag() throws Exception {
        try (ImapClient c = examined()) {
            String tag = c.nextTag();
            assertEquals(List.of("* ESEARCH (TAG \"" + tag + "\") UID MIN 1 MAX 5 ALL 1:2,4:5 COUNT 4"),
                    untagged(c, "UID SEARCH RETURN (MIN MAX ALL COUNT) NOT 3"));
            tag = c.nextTag();
            assertEquals(List.of("* ESEARCH (TAG \"" + tag + "\") ALL 2,4"), untagged(c, "SEARCH RETURN () FLAGGED"));
            tag = c.nextTag();
            assertEquals(List.of("* ESEARCH (TAG \"" + tag + "\") MIN 2 COUNT 2"),
                    untagged(c, "SEARCH RETURN (COUNT MIN) FLAGGED"));
            tag = c.nextTag();
            assertEquals(List.of("* ESEARCH (TAG \"" + tag + "\") COUNT 0"), untagged(c, "SEARCH RETURN (COUNT) DELETED"));
            tag = c.nextTag();
            assertEquals(List.of("* ESEARCH (TAG \"" + tag + "\")"), untagged(c, "SEARCH RETURN (MIN MAX ALL) DELETED"));
            List<String> done = c.ok("UID SEARCH RETURN (ALL) SEEN");
            assertTrue(last(done).endsWith("OK UID SEARCH completed"), done.toString());
        }
    }

    @Test
    void saveKeepsTheResultForDollarInLaterCommands() throws Exception {
        try (ImapClient c = server.login("searcher", "secret")) {
            c.ok("EXAMINE INBOX");
            assertEquals(List.of(), untagged(c, "SEARCH RETURN (SAVE) FLAGGED"));
            assertEquals(List.of("* 2 FETCH (UID 2)", "* 4 FETCH (UID 4)"), untagged(c, "FETCH $ (UID)"));
            assertEquals(List.of("* SEARCH 4"), untagged(c, "UID SEARCH UID $ SEEN"));
            assertEquals(List.of("* SEARCH 2 4"), untagged(c, "SEARCH $"));
            assertEquals(List.of("* SEARCH 1 2 4"), untagged(c, "SEARCH OR $ 1"));

            // SAVE with MIN and MAX alone saves just those (section 6.4.4.1, table 4)
            String tag = c.nextTag();
            assertEquals(List.of("* ESEARCH (TAG \"" + tag + "\") MIN 1 MAX 5"), untagged(c, "SEARCH RETURN (SAVE MIN MAX) UNFLAGGED"));
            assertEquals(List.of("* SEARCH 1 5"), untagged(c, "UID SEARCH $"));
            tag = c.nextTag();
            assertEquals(List.of("* ESEARCH (TAG \"" + tag + "\") MIN 1 COUNT 3"), untagged(c, "SEARCH RETURN (SAVE MIN COUNT) UNFLAGGED"));
            assertEquals(List.of("* SEARCH 1 3 5"), untagged(c, "SEARCH $"));

            // a search without SAVE leaves $ alone; a SAVE that fails with NO empties it
            untagged(c, "SEARCH RETURN (ALL) FLAGGED");
            assertEquals(List.of("* SEARCH 1 3 5"), untagged(c, "SEARCH $"));
            List<String> bad = c.command("SEARCH RETURN (SAVE) CHARSET KOI8-R TEXT x");
            assertTrue(last(bad).contains(" NO [BADCHARSET (UTF-8)]"), bad.toString());
            assertEquals(List.of("* SEARCH"), untagged(c, "SEARCH $"));
            assertEquals(List.of(), untagged(c, "FETCH $ (UID)"));

            // a new selection starts with an empty $
            c.ok("SEARCH RETURN (SAVE) ALL");
            assertEquals(List.of("* SEARCH 1 2 3 4 5"), untagged(c, "SEARCH $"));
            c.ok("EXAMINE INBOX");
            assertEquals(List.of("* SEARCH"), untagged(c, "SEARCH $"));
            c.ok("SEARCH RETURN (SAVE) ALL");
            c.ok("UNSELECT");
            c.ok("EXAMINE INBOX");
            assertEquals(List.of("* SEARCH"), untagged(c, "SEARCH $"));
        }
    }

    @Test
    void badInputIsBadNamingWhatWasExpectedAndTheSessionGoesOn() throws Exception {
        try (ImapClient c = examined()) {
            String[][] cases = {
                {"SEARCH FOO", "Unknown search key FOO"},
                {"SEARCH", "Expected ' '"},
                {"SEARCH FLAGGED FROM", "Expected ' '"},
                {"SEARCH BEFORE 2021-02-01", "Expected '-'"},
                {"SEARCH RETURN (PARTIAL 1:5) ALL", "Unknown SEARCH return option PARTIAL"},
                {"SEARCH 1:4294967296", "Number out of range"},
                {"SEARCH " + "(".repeat(1000) + "ALL" + ")".repeat(1000), "nested"},
                {"SEARCH " + "NOT ".repeat(1000) + "ALL", "nested"},
                {"SEARCH " + "1,".repeat(40_000) + "1", "TOOBIG"},
            };
            for (String[] row : cases) {
                List<String> r = c.command(row[0]);
                String cmd = row[0].length() > 60 ? row[0].substring(0, 60) + "..." : row[0];
                assertTrue(last(r).contains(" BAD ") && last(r).contains(row[1]), cmd + " → " + r);
                assertEquals(1, c.ok("NOOP").size(), "session usable after " + cmd);
            }
            List<String> charset = c.command("SEARCH CHARSET ISO-8859-1 TEXT x");
            assertTrue(last(charset).contains(" NO [BADCHARSET (UTF-8)]"), charset.toString());
            assertEquals(List.of("* SEARCH 3"), untagged(c, "SEARCH CHARSET US-ASCII SUBJECT aus"));
        }
        try (ImapClient c = server.login("searcher", "secret")) {
            List<String> r = c.command("SEARCH ALL");
            assertTrue(last(r).contains(" BAD ") && last(r).contains("not valid in the authenticated state"), r.toString());
        }
    }

    @Test
    void imap4rev2SearchAnswersEsearch() throws Exception {
        try (ImapClient c = server.login("searcher", "secret")) {
            Assumptions.assumeTrue(c.ok("CAPABILITY").get(0).contains("IMAP4rev2"),
                    "IMAP4rev2 is advertised only with ext.idle present; not yet built");
            c.ok("ENABLE IMAP4rev2");
            c.ok("EXAMINE INBOX");
            String tag = c.nextTag();
            assertEquals(List.of("* ESEARCH (TAG \"" + tag + "\") ALL 2,4"), untagged(c, "SEARCH FLAGGED"));
            tag = c.nextTag();
            assertEquals(List.of("* ESEARCH (TAG \"" + tag + "\") UID"), untagged(c, "UID SEARCH DELETED"));
        }
    }

    @Test
    void messagesDeliveredMeanwhileAreAnnouncedBeforeTheyAreFound() throws Exception {
        server.addUser("late", "secret");
        try (ImapClient reader = server.login("late", "secret"); ImapClient writer = server.login("late", "secret")) {
            writer.append("INBOX", "", MESSAGES[0].getBytes(StandardCharsets.UTF_8));
            reader.ok("SELECT INBOX");
            writer.append("INBOX", "(\\Flagged)", MESSAGES[1].getBytes(StandardCharsets.UTF_8));
            List<String> r = untagged(reader, "SEARCH FLAGGED");
            assertTrue(r.contains("* 2 EXISTS") && r.indexOf("* 2 EXISTS") < r.indexOf("* SEARCH 2"), r.toString());
        }
    }

    @Test
    void aSaveAndACommandUsingDollarMayBePipelined() throws Exception {
        try (ImapClient c = examined()) {
            c.send("p1 SEARCH RETURN (SAVE) FLAGGED\r\np2 FETCH $ (UID)\r\n");
            assertEquals(List.of("p1 OK SEARCH completed"), c.readUntilTagged("p1"));
            List<String> fetch = c.readUntilTagged("p2");
            assertEquals(List.of("* 2 FETCH (UID 2)", "* 4 FETCH (UID 4)"), fetch.subList(0, fetch.size() - 1));
        }
    }

    /**
     * Issue 9 item 6: FROM, TO, CC and BCC match the addresses as a client shows them (RFC 5322
     * section 3.4 parsed: comments and folding white space inside an address are not part of it,
     * quoted-pairs in a display name are unescaped), display names included.
     */
    @Test
    void addressKeysMatchTheParsedAddresses() throws Exception {
        server.addUser("addresses", "secret");
        try (ImapClient c = server.login("addresses", "secret")) {
            c.append("INBOX", "", ("From: <user-from (comment)@ (comment) domain.org>\r\n"
                    + "To: \"Koyel Das \\(Vehere\\) via USRP-users\" <usrp-users@lists.example.org>\r\n"
                    + "Cc: =?UTF-8?Q?J=C3=B6rg?= <joerg@example.org>, friends: ann@example.org, bob@example.org;\r\n"
                    + "Bcc: carol@example.org (Carol Jones)\r\nSubject: addresses\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
            c.append("INBOX", "", "From: other@domain.org\r\nTo: dave@example.org\r\nSubject: other\r\n\r\nbody\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            c.ok("SELECT INBOX");
            String[][] cases = {
                {"SEARCH FROM user-from@domain.org", "* SEARCH 1"},
                {"SEARCH FROM \"user-from@ domain\"", "* SEARCH"},
                {"SEARCH FROM domain.org", "* SEARCH 1 2"},
                {"SEARCH TO \"Koyel Das (Vehere)\"", "* SEARCH 1"},
                {"SEARCH TO usrp-users@lists.example.org", "* SEARCH 1"},
                {"SEARCH CC bob@example.org", "* SEARCH 1"},
                {"SEARCH CHARSET UTF-8 CC " + literal("Jörg"), "* SEARCH 1"},
                {"SEARCH BCC \"Carol Jones\"", "* SEARCH 1"},
                {"SEARCH BCC carol@example.org", "* SEARCH 1"},
                {"SEARCH TO dave", "* SEARCH 2"},
                {"SEARCH FROM nobody@domain.org", "* SEARCH"},
            };
            for (String[] row : cases) {
                assertEquals(List.of(row[1]), untagged(c, row[0]), row[0]);
            }
        }
    }

    @Test
    void expungedMessagesLeaveTheSavedResult() throws Exception {
        server.addUser("expunger", "secret");
        try (ImapClient c = server.login("expunger", "secret")) {
            for (int i = 0; i < 3; i++) {
                c.append("INBOX", "", MESSAGES[i].getBytes(StandardCharsets.UTF_8));
            }
            c.ok("SELECT INBOX");
            c.ok("SEARCH RETURN (SAVE) ALL");
            c.ok("STORE 2 +FLAGS.SILENT (\\Deleted)");
            assertEquals(List.of("* 2 EXPUNGE"), untagged(c, "EXPUNGE"));
            assertEquals(List.of("* SEARCH 1 2"), untagged(c, "SEARCH $"));
            assertEquals(List.of("* SEARCH 1 3"), untagged(c, "UID SEARCH $"));
        }
    }
}
