package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripted conversations for the message commands of RFC 9051 section 6.3.12 and 6.4 (APPEND,
 * SELECT/EXAMINE, FETCH, STORE, COPY, MOVE, EXPUNGE, CLOSE, UNSELECT) against a real server.
 */
class MessageCommandsTest {

    @TempDir
    static Path home;
    static ImapTestServer server;

    static final String MESSAGE = "From: Alice <alice@example.org>\r\n"
            + "To: Bob <bob@example.org>\r\n"
            + "Subject: Lunch\r\n"
            + "Date: Mon, 7 Feb 1994 21:52:25 -0800\r\n"
            + "Message-ID: <lunch@example.org>\r\n"
            + "\r\n"
            + "Shall we meet at noon?\r\n";

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home);
        server.addUser("alice", "secret");
        server.addUser("bob", "secret");
        server.addUser("carol", "secret");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    @Test
    void appendSelectFetchStoreExpunge() throws Exception {
        try (ImapClient c = server.login("alice", "secret")) {
            List<String> append = c.append("INBOX", "(\\Flagged) \"07-Feb-1994 21:52:25 -0800\"",
                    MESSAGE.getBytes(StandardCharsets.US_ASCII));
            assertTrue(last(append).matches("a\\d+ OK \\[APPENDUID \\d+ 1] APPEND completed"), append.toString());

            List<String> select = c.ok("SELECT INBOX");
            assertTrue(select.contains("* 1 EXISTS"), select.toString());
            assertTrue(select.stream().anyMatch(l -> l.startsWith("* OK [UIDVALIDITY ")), select.toString());
            assertTrue(select.contains("* OK [UIDNEXT 2] Predicted next UID"), select.toString());
            assertTrue(last(select).contains("[READ-WRITE]"), select.toString());

            List<String> fetch = c.ok("FETCH 1 (UID FLAGS INTERNALDATE RFC822.SIZE)");
            // the first session to select: the new message is \Recent in it (IMAP4rev1, RFC 3501 2.3.2)
            assertEquals("* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent) INTERNALDATE \"08-Feb-1994 05:52:25 +0000\" RFC822.SIZE "
                    + MESSAGE.length() + ")", fetch.get(0));

            List<String> body = c.ok("FETCH 1 BODY.PEEK[]");
            assertEquals("* 1 FETCH (BODY[] {" + MESSAGE.length() + "}\r\n" + MESSAGE + ")", body.get(0));

            List<String> header = c.ok("UID FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
            assertEquals("* 1 FETCH (UID 1 BODY[HEADER.FIELDS (SUBJECT)] {18}\r\nSubject: Lunch\r\n\r\n)", header.get(0));

            List<String> text = c.ok("FETCH 1 BODY[TEXT]<6.7>");
            assertEquals("* 1 FETCH (BODY[TEXT]<6> {7}\r\nwe meet FLAGS (\\Flagged \\Seen \\Recent))", text.get(0).replace("\\Seen \\Flagged", "\\Flagged \\Seen"));

            List<String> envelope = c.ok("FETCH 1 ENVELOPE");
            assertTrue(envelope.get(0).startsWith("* 1 FETCH (ENVELOPE (\"Mon, 7 Feb 1994 21:52:25 -0800\" \"Lunch\" ((\"Alice\" NIL \"alice\" \"example.org\"))"),
                    envelope.get(0));

            List<String> store = c.ok("STORE 1 +FLAGS (\\Deleted)");
            assertTrue(store.get(0).startsWith("* 1 FETCH (FLAGS ("), store.toString());
            assertTrue(store.get(0).contains("\\Deleted"), store.toString());

            List<String> expunge = c.ok("EXPUNGE");
            assertEquals("* 1 EXPUNGE", expunge.get(0));
            assertTrue(c.ok("UNSELECT").size() == 1);
        }
    }

    @Test
    void copyAndMoveAnswerCopyUid() throws Exception {
        try (ImapClient c = server.login("bob", "secret")) {
            c.append("INBOX", "", MESSAGE.getBytes(StandardCharsets.US_ASCII));
            c.ok("SELECT INBOX");
            List<String> noTarget = c.command("COPY 1 Nowhere");
            assertTrue(last(noTarget).contains("NO [TRYCREATE]"), noTarget.toString());
            List<String> notValid = c.command("COPY 99 INBOX");
            assertTrue(last(notValid).contains(" BAD "), notValid.toString());
            c.ok("CLOSE");
        }
    }

    @Test
    void commandsAreCheckedAgainstTheSessionState() throws Exception {
        try (ImapClient c = server.connect()) {
            List<String> fetch = c.command("FETCH 1 FLAGS");
            assertTrue(last(fetch).contains("BAD"), fetch.toString());
            c.ok("LOGIN carol secret");
            List<String> fetch2 = c.command("FETCH 1 FLAGS");
            assertTrue(last(fetch2).contains("BAD") && last(fetch2).contains("not valid in the authenticated state"), fetch2.toString());
            List<String> login = c.command("LOGIN carol secret");
            assertTrue(last(login).contains("BAD"), login.toString());
        }
    }
}
