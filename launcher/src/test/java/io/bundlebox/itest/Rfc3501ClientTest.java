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
 * What IMAP4rev1 clients (RFC 3501) are owed by an IMAP4rev2 server until they ENABLE IMAP4rev2,
 * and how a session learns of other sessions' expunges (RFC 9051 section 7.1, EXPUNGEISSUED), on a
 * real server with a real Maildir.
 */
class Rfc3501ClientTest {

    @TempDir
    static Path home;
    static ImapTestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home);
        for (String u : List.of("check", "gone", "utf7", "empty", "recent", "keywords")) {
            server.addUser(u, "secret");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    static byte[] message(String subject) {
        return ("From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.replace(' ', '.') + "@example.org>\r\n\r\nBody of " + subject + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** RFC 3501 section 6.4.1: isync/mbsync sends CHECK before it closes a mailbox it changed. */
    @Test
    void checkIsAnsweredOkInTheSelectedStateOnly() throws Exception {
        try (ImapClient c = server.login("check", "secret")) {
            List<String> before = c.command("CHECK");
            assertTrue(last(before).matches("a\\d+ BAD .*"), before.toString()); // authenticated state: not valid
            c.append("INBOX", "", message("one"));
            c.ok("SELECT INBOX");
            List<String> check = c.ok("CHECK");
            assertTrue(last(check).matches("a\\d+ OK CHECK completed"), check.toString());
        }
    }

    /**
     * RFC 9051 section 7.1: FETCH, STORE, COPY and SEARCH on messages another session expunged (and this
     * one was not told of, since EXPUNGE may not be sent during those commands) answer what they can and
     * complete with OK [EXPUNGEISSUED], never NO.
     */
    @Test
    void commandsOnMessagesExpungedElsewhereCompleteWithOkExpungeIssued() throws Exception {
        try (ImapClient a = server.login("gone", "secret"); ImapClient b = server.login("gone", "secret")) {
            for (int i = 1; i <= 3; i++) {
                a.append("INBOX", "", message("gone " + i));
            }
            a.ok("CREATE Elsewhere");
            a.ok("SELECT INBOX");
            b.ok("SELECT INBOX");
            b.ok("STORE 2 +FLAGS.SILENT (\\Deleted)");
            b.ok("EXPUNGE");

            List<String> fetch = a.command("FETCH 1:3 (UID FLAGS)");
            assertEquals("OK [EXPUNGEISSUED]", last(fetch).split(" ", 2)[1].substring(0, 18), fetch.toString());
            assertTrue(fetch.stream().anyMatch(l -> l.startsWith("* 1 FETCH (UID 1 ")), fetch.toString());
            assertTrue(fetch.stream().anyMatch(l -> l.startsWith("* 3 FETCH (UID 3 ")), fetch.toString());
            assertFalse(fetch.stream().anyMatch(l -> l.startsWith("* 2 FETCH")), fetch.toString());
            assertFalse(fetch.stream().anyMatch(l -> l.endsWith(" EXPUNGE")), "no EXPUNGE during FETCH: " + fetch);

            List<String> body = a.command("FETCH 2 BODY.PEEK[TEXT]");
            assertTrue(last(body).matches("a\\d+ OK \\[EXPUNGEISSUED] .*"), body.toString());

            List<String> store = a.command("STORE 1:3 +FLAGS (\\Flagged)");
            assertTrue(last(store).matches("a\\d+ OK \\[EXPUNGEISSUED] .*"), store.toString());
            assertTrue(store.stream().anyMatch(l -> l.startsWith("* 3 FETCH (FLAGS (")), store.toString());

            List<String> copy = a.command("COPY 1:3 Elsewhere");
            assertTrue(last(copy).matches("a\\d+ OK \\[EXPUNGEISSUED] .*"), copy.toString());
            assertTrue(copy.stream().anyMatch(l -> l.startsWith("* OK [COPYUID ") && l.contains(" 1,3 ")), copy.toString());

            // message 2 could not be evaluated: the others are found, and the completion says why
            List<String> search = a.command("SEARCH BODY \"Body of gone\"");
            assertTrue(last(search).matches("a\\d+ OK \\[EXPUNGEISSUED] .*"), search.toString());
            assertTrue(search.contains("* SEARCH 1 3"), search.toString());
            List<String> notDeleted = a.command("SEARCH NOT DELETED");
            assertTrue(last(notDeleted).matches("a\\d+ OK \\[EXPUNGEISSUED] .*"), notDeleted.toString());
            assertTrue(notDeleted.contains("* SEARCH 1 3"), notDeleted.toString());
            List<String> esearch = a.command("SEARCH RETURN (COUNT) ALL");
            assertTrue(last(esearch).matches("a\\d+ OK \\[EXPUNGEISSUED] .*"), esearch.toString());
            assertTrue(esearch.stream().anyMatch(l -> l.startsWith("* ESEARCH ") && l.endsWith(" COUNT 2")), esearch.toString());
            assertFalse(search.stream().anyMatch(l -> l.endsWith(" EXPUNGE")), "no EXPUNGE during SEARCH: " + search);

            // UID SEARCH may tell of the expunge first (RFC 9051 7.5.1); then everything is evaluated: a plain OK
            List<String> told = a.command("UID SEARCH BODY \"Body of gone\"");
            assertEquals(List.of("* 2 EXPUNGE", "* SEARCH 1 3"), told.subList(0, 2), told.toString());
            assertTrue(last(told).matches("a\\d+ OK UID SEARCH completed"), told.toString());
            assertTrue(a.ok("NOOP").stream().noneMatch(l -> l.endsWith(" EXPUNGE")));
            try (ImapClient c = server.login("gone", "secret")) {
                List<String> status = c.ok("STATUS Elsewhere (MESSAGES)");
                assertTrue(status.get(0).endsWith("(MESSAGES 2)"), status.toString());
            }
        }
    }

    /**
     * RFC 3501 section 5.1.3: a name that is not valid modified UTF-7 is a name no mailbox can have, so
     * it is refused with NO; as a LIST pattern it is taken as it is and matches nothing; the
     * connection stays up.
     */
    @Test
    void invalidModifiedUtf7NamesAreAnsweredNoNeverBad() throws Exception {
        String name = "!#$&'+,-.0123456789:;<=>?@^_`|[}";
        String quoted = "\"" + name + "\"";
        try (ImapClient c = server.login("utf7", "secret")) {
            for (String command : List.of("CREATE " + quoted, "SELECT " + quoted, "STATUS " + quoted + " (MESSAGES)",
                    "DELETE " + quoted, "SUBSCRIBE " + quoted, "RENAME INBOX " + quoted)) {
                List<String> answer = c.command(command);
                assertTrue(last(answer).matches("a\\d+ NO .*"), command + ": " + answer);
            }
            List<String> list = c.ok("LIST \"\" \"" + name + "%*\"");
            assertEquals(1, list.size(), list.toString());
            List<String> lsub = c.ok("LSUB \"\" \"" + name + "*\"");
            assertEquals(1, lsub.size(), lsub.toString());
            List<String> append = c.command("APPEND " + quoted + " {5+}\r\nhello");
            assertTrue(last(append).matches("a\\d+ NO .*"), append.toString());
            c.ok("NOOP"); // the literal was read as APPEND data, not as a command
            c.ok("CREATE \"&AMk-t&AOk-\""); // valid modified UTF-7 still works: "Été"
            List<String> valid = c.ok("LIST \"\" \"&AMk-*\"");
            assertTrue(valid.contains("* LIST (\\HasNoChildren) \"/\" \"&AMk-t&AOk-\""), valid.toString());
        }
    }

    /**
     * Section data is always sent as a literal, even empty (RFC 9051 section 7.5.2 allows a quoted
     * string, but Dovecot and Cyrus send literals and some clients parse only that form).
     */
    @Test
    void emptySectionDataIsSentAsALiteral() throws Exception {
        try (ImapClient c = server.login("empty", "secret")) {
            c.append("INBOX", "", "Subject: empty body\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            c.ok("SELECT INBOX");
            List<String> text = c.ok("FETCH 1 (BODY.PEEK[TEXT] BODY.PEEK[2] RFC822.TEXT BODY.PEEK[HEADER.FIELDS (X-NONE)])");
            assertEquals("* 1 FETCH (BODY[TEXT] {0}\r\n BODY[2] {0}\r\n RFC822.TEXT {0}\r\n"
                    + " BODY[HEADER.FIELDS (X-NONE)] {2}\r\n\r\n FLAGS (\\Seen \\Recent))", text.get(0));
        }
    }

    private static String selectLine(List<String> lines, String suffix) {
        return lines.stream().filter(l -> l.startsWith("* ") && l.endsWith(suffix)).findFirst().orElse(null);
    }

    /**
     * RFC 3501 sections 2.3.2, 6.3.1, 6.3.2, 6.3.10, 6.4.4 and 7.3.2: a new message is \Recent in
     * exactly one session, the first to select the mailbox after it arrived (or to notice it arrive);
     * EXAMINE shows recent messages without taking them; STATUS counts the ones nobody took; an
     * IMAP4rev2 session sees none of it and takes nothing (RFC 9051 appendix E).
     */
    @Test
    void recentIsSeenByExactlyOneIMAP4rev1Session() throws Exception {
        try (ImapClient a = server.login("recent", "secret"); ImapClient b = server.login("recent", "secret");
                ImapClient other = server.login("recent", "secret")) {
            other.append("INBOX", "", message("recent 1"));
            other.append("INBOX", "(\\Seen)", message("recent 2"));
            assertTrue(other.ok("STATUS INBOX (RECENT)").contains("* STATUS \"INBOX\" (RECENT 2)"));
            List<String> examine = other.ok("EXAMINE INBOX");
            assertEquals("* 2 RECENT", selectLine(examine, " RECENT"), "EXAMINE shows them: " + examine);
            other.ok("CLOSE");

            List<String> first = a.ok("SELECT INBOX");
            assertEquals("* 2 RECENT", selectLine(first, " RECENT"), first.toString());
            assertEquals(List.of("* 1 FETCH (FLAGS (\\Recent))", "* 2 FETCH (FLAGS (\\Seen \\Recent))"),
                    a.ok("FETCH 1:2 FLAGS").subList(0, 2));
            assertTrue(a.ok("SEARCH RECENT").contains("* SEARCH 1 2"));
            assertTrue(a.ok("SEARCH NEW").contains("* SEARCH 1"));
            assertTrue(a.ok("SEARCH OLD").contains("* SEARCH"));

            List<String> second = b.ok("SELECT INBOX");
            assertEquals("* 0 RECENT", selectLine(second, " RECENT"), "taken by the first session: " + second);
            assertEquals("* 1 FETCH (FLAGS ())", b.ok("FETCH 1 FLAGS").get(0));
            assertTrue(b.ok("SEARCH RECENT").contains("* SEARCH"));
            assertTrue(b.ok("SEARCH OLD").contains("* SEARCH 1 2"));
            assertTrue(other.ok("STATUS INBOX (RECENT)").contains("* STATUS \"INBOX\" (RECENT 0)"));

            // new mail: the session that notices it first takes it, and says so after EXISTS; the
            // figure counts every message with \Recent in the session, not only the new ones (RFC 3501 7.3.2)
            other.append("INBOX", "", message("recent 3"));
            List<String> noticed = a.ok("NOOP");
            assertEquals(List.of("* 3 EXISTS", "* 3 RECENT"), noticed.subList(0, 2), noticed.toString());
            List<String> late = b.ok("NOOP");
            assertEquals(List.of("* 3 EXISTS", "* 0 RECENT"), late.subList(0, 2), late.toString());
            assertEquals("* 3 FETCH (FLAGS (\\Recent))", a.ok("FETCH 3 FLAGS").get(0));
            assertEquals("* 3 FETCH (FLAGS ())", b.ok("FETCH 3 FLAGS").get(0));

            // IMAP4rev2: no RECENT at all, and the message stays recent for the next IMAP4rev1 session
            other.append("INBOX", "", message("recent 4"));
            try (ImapClient rev2 = server.login("recent", "secret")) {
                rev2.ok("ENABLE IMAP4rev2");
                List<String> select = rev2.ok("SELECT INBOX");
                assertEquals(null, selectLine(select, " RECENT"), select.toString());
                assertEquals("* 4 FETCH (FLAGS ())", rev2.ok("FETCH 4 FLAGS").get(0));
            }
            try (ImapClient next = server.login("recent", "secret")) {
                List<String> select = next.ok("SELECT INBOX");
                assertEquals("* 1 RECENT", selectLine(select, " RECENT"), select.toString());
                assertEquals("* 4 FETCH (FLAGS (\\Recent))", next.ok("FETCH 4 FLAGS").get(0));
            }
        }
    }

    /** A message is recent once across a restart: the store keeps who took what. */
    @Test
    void recentSurvivesARestart(@TempDir Path restartHome) throws Exception {
        try (ImapTestServer first = ImapTestServer.start(restartHome)) {
            first.addUser("r", "secret");
            try (ImapClient c = first.login("r", "secret")) {
                c.append("INBOX", "", message("before restart 1"));
                assertEquals("* 1 RECENT", selectLine(c.ok("SELECT INBOX"), " RECENT"));
                c.ok("CLOSE"); // a selected session would take the next one as it arrives
                c.append("INBOX", "", message("before restart 2")); // nobody selects it before the restart
            }
        }
        try (ImapTestServer second = ImapTestServer.start(restartHome); ImapClient c = second.login("r", "secret")) {
            assertTrue(c.ok("STATUS INBOX (RECENT)").contains("* STATUS \"INBOX\" (RECENT 1)"));
            assertEquals("* 1 RECENT", selectLine(c.ok("SELECT INBOX"), " RECENT"));
            assertTrue(c.ok("SEARCH RECENT").contains("* SEARCH 2"));
        }
    }

    /**
     * RFC 9051 section 7.3.5 (RFC 3501 section 7.2.6): before a FETCH names a keyword the session was
     * not told of, whoever set it, the session gets FLAGS and PERMANENTFLAGS listing it.
     */
    @Test
    void flagsComeBeforeAFetchWithANewKeyword() throws Exception {
        try (ImapClient a = server.login("keywords", "secret"); ImapClient b = server.login("keywords", "secret")) {
            a.append("INBOX", "", message("kw 1"));
            a.append("INBOX", "", message("kw 2"));
            List<String> select = a.ok("SELECT INBOX");
            assertTrue(select.contains("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)"), select.toString());
            b.ok("SELECT INBOX");

            b.ok("STORE 1 +FLAGS.SILENT ($Label1)"); // another session
            List<String> noop = a.ok("NOOP");
            assertEquals(List.of("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1)",
                    "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1 \\*)] Flags permitted",
                    "* 1 FETCH (FLAGS ($Label1 \\Recent))"), noop.subList(0, 3), noop.toString());
            List<String> again = a.ok("FETCH 1 FLAGS");
            assertEquals("* 1 FETCH (FLAGS ($Label1 \\Recent))", again.get(0), "told once: " + again);

            List<String> own = a.ok("STORE 2 +FLAGS ($Label2)"); // its own STORE
            assertTrue(own.get(0).startsWith("* FLAGS (") && own.get(0).endsWith(" $Label1 $Label2)"), own.toString());
            assertTrue(own.get(1).startsWith("* OK [PERMANENTFLAGS ("), own.toString());
            assertEquals("* 2 FETCH (FLAGS ($Label2 \\Recent))", own.get(2), own.toString());

            b.ok("STORE 1 +FLAGS.SILENT ($Label3)");
            List<String> fetch = a.ok("FETCH 1 (FLAGS)"); // the FETCH itself names it first
            int flags = fetch.indexOf(fetch.stream().filter(l -> l.startsWith("* FLAGS (") && l.contains("$Label3")).findFirst().orElseThrow());
            int data = fetch.indexOf(fetch.stream().filter(l -> l.startsWith("* 1 FETCH (") && l.contains("$Label3")).findFirst().orElseThrow());
            assertTrue(flags < data, fetch.toString());
        }
    }

    /**
     * The same when a mail program on the Maildir sets a keyword (Dovecot's way: a new line in
     * dovecot-keywords, its letter in the file name): FLAGS and PERMANENTFLAGS name it before the
     * FETCH that reports the change (RFC 9051 section 7.3.5).
     */
    @Test
    void flagsComeBeforeAKeywordSetInTheMaildir() throws Exception {
        server.addUser("maildirkw", "secret");
        try (ImapClient a = server.login("maildirkw", "secret")) {
            a.append("INBOX", "", message("outside 1"));
            a.ok("SELECT INBOX");
            java.nio.file.Path maildir = server.maildir("maildirkw");
            java.nio.file.Path keywords = maildir.resolve("dovecot-keywords");
            List<String> lines = java.nio.file.Files.exists(keywords) ? java.nio.file.Files.readAllLines(keywords) : List.of();
            assertTrue(lines.stream().noneMatch(l -> !l.isBlank()), "no keyword yet: " + lines);
            java.nio.file.Files.writeString(keywords, "0 $FromOutside\n");
            java.nio.file.Path cur = maildir.resolve("cur");
            java.nio.file.Path file;
            try (var files = java.nio.file.Files.list(cur)) {
                file = files.filter(f -> !f.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
            }
            String name = file.getFileName().toString();
            java.nio.file.Files.move(file, cur.resolve(name.contains(":2,") ? name + "a" : name + ":2,a"));
            long deadline = System.nanoTime() + 20_000_000_000L;
            List<String> noop = List.of();
            while (noop.stream().noneMatch(l -> l.contains("$FromOutside")) && System.nanoTime() < deadline) {
                noop = a.ok("NOOP"); // until the store noticed the rename
            }
            assertEquals(List.of("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $FromOutside)",
                    "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $FromOutside \\*)] Flags permitted",
                    "* 1 FETCH (FLAGS ($FromOutside \\Recent))"), noop.subList(0, Math.min(3, noop.size())), noop.toString());
        }
    }
}
