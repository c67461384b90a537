package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scripted conversations for the mailbox commands of RFC 9051 section 6.3 (CREATE, DELETE,
 * RENAME, SUBSCRIBE, UNSUBSCRIBE, LIST with LIST-EXTENDED/LIST-STATUS/SPECIAL-USE, NAMESPACE,
 * STATUS) and RFC 3501 LSUB, against a real server with the Maildir store. Each test logs in as
 * its own user so the hierarchies do not meet. Responses are compared byte for byte (the tag of
 * the completion is filled in by {@link #expect}).
 */
class MailboxCommandsTest {

    @TempDir
    static Path home;
    static ImapTestServer server;

    static final byte[] MESSAGE = ("From: Alice <alice@example.org>\r\nSubject: Hi\r\n\r\nHello\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home);
        for (String user : List.of("state", "create", "delete", "rename", "subs", "special", "status", "utf", "selected",
                "liststatus", "syntax", "rev2", "imap4rev2", "utf8accept", "recreate", "other")) {
            server.addUser(user, "pw");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** Runs {@code command} and compares every response line; the last expected line gets the tag. */
    static void expect(ImapClient c, String command, String... expected) throws Exception {
        String tag = c.nextTag();
        List<String> want = new ArrayList<>(List.of(expected));
        want.set(want.size() - 1, tag + " " + want.getLast());
        assertEquals(want, c.command(command), command);
    }

    /** Whether the server advertises {@code capability} (IMAP4rev2 needs ext.idle's IDLE). */
    static boolean advertises(ImapClient c, String capability) throws Exception {
        return (" " + c.ok("CAPABILITY").getFirst() + " ").contains(" " + capability + " ");
    }

    @Test
    void mailboxCommandsNeedAuthentication() throws Exception {
        try (ImapClient c = server.connect()) {
            for (String command : List.of("LIST \"\" *", "LSUB \"\" *", "CREATE a", "DELETE a", "RENAME a b",
                    "SUBSCRIBE a", "UNSUBSCRIBE a", "NAMESPACE", "STATUS INBOX (MESSAGES)")) {
                String name = command.split(" ")[0];
                expect(c, command, "BAD [CLIENTBUG] Command " + name + " is not valid in the not authenticated state");
            }
            c.ok("LOGIN state pw");
            List<String> caps = c.ok("CAPABILITY");
            for (String cap : List.of("NAMESPACE", "CHILDREN", "LIST-EXTENDED", "LIST-STATUS", "SPECIAL-USE",
                    "CREATE-SPECIAL-USE", "STATUS=SIZE")) {
                assertTrue((" " + caps.getFirst() + " ").contains(" " + cap + " "), caps.getFirst());
            }
            expect(c, "NAMESPACE", "* NAMESPACE ((\"\" \"/\")) NIL NIL", "OK NAMESPACE completed");
            expect(c, "LIST \"\" \"\"", "* LIST (\\Noselect) \"/\" \"\"", "OK LIST completed");
            expect(c, "LIST \"\" *", "* LIST (\\HasNoChildren) \"/\" \"INBOX\"", "OK LIST completed");
        }
    }

    @Test
    void createListsHierarchyAndRefusesBadNames() throws Exception {
        try (ImapClient c = server.login("create", "pw")) {
            expect(c, "CREATE owatagusiam/", "OK CREATE completed");
            expect(c, "CREATE owatagusiam/blurdybloop", "OK CREATE completed");
            expect(c, "CREATE deep/er/est", "OK CREATE completed");
            expect(c, "LIST \"\" *",
                    "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                    "* LIST (\\HasChildren) \"/\" \"deep\"",
                    "* LIST (\\HasChildren) \"/\" \"deep/er\"",
                    "* LIST (\\HasNoChildren) \"/\" \"deep/er/est\"",
                    "* LIST (\\HasChildren) \"/\" \"owatagusiam\"",
                    "* LIST (\\HasNoChildren) \"/\" \"owatagusiam/blurdybloop\"",
                    "OK LIST completed");
            expect(c, "LIST \"\" %",
                    "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                    "* LIST (\\HasChildren) \"/\" \"deep\"",
                    "* LIST (\\HasChildren) \"/\" \"owatagusiam\"",
                    "OK LIST completed");
            expect(c, "LIST owatagusiam/ %", "* LIST (\\HasNoChildren) \"/\" \"owatagusiam/blurdybloop\"",
                    "OK LIST completed");
            expect(c, "LIST \"\" inbox", "* LIST (\\HasNoChildren) \"/\" \"INBOX\"", "OK LIST completed");
            expect(c, "CREATE owatagusiam", "NO [ALREADYEXISTS] Mailbox owatagusiam already exists");
            expect(c, "CREATE inbox", "NO [ALREADYEXISTS] INBOX always exists");
            expect(c, "CREATE INBOX/", "NO [ALREADYEXISTS] INBOX always exists");
            expect(c, "CREATE a//b", "NO [CANNOT] Mailbox name has an empty hierarchy level");
            expect(c, "CREATE \"/a\"", "NO [CANNOT] Mailbox name has an empty hierarchy level");
            expect(c, "CREATE \"a*\"", "NO [CANNOT] Mailbox names cannot contain the wildcards % and *");
            expect(c, "CREATE \"\"", "NO [CANNOT] Mailbox name is empty");
        }
    }

    @Test
    void deleteKeepsInferiorsAndRefusesInbox() throws Exception {
        try (ImapClient c = server.login("delete", "pw")) {
            c.ok("CREATE foo/bar");
            c.ok("CREATE blurdybloop");
            expect(c, "DELETE INBOX", "NO [CANNOT] INBOX cannot be deleted");
            expect(c, "DELETE nothing", "NO [NONEXISTENT] No mailbox nothing");
            expect(c, "DELETE blurdybloop", "OK DELETE completed");
            expect(c, "DELETE foo", "OK DELETE completed");
            // the inferior stays; its parent is a bare level now (RFC 9051 section 6.3.5, second example)
            expect(c, "LIST \"\" *",
                    "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                    "* LIST (\\HasNoChildren) \"/\" \"foo/bar\"",
                    "OK LIST completed");
            expect(c, "LIST \"\" %",
                    "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                    "* LIST (\\Noselect \\HasChildren) \"/\" \"foo\"",
                    "OK LIST completed");
            expect(c, "LIST () \"\" %",
                    "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                    "* LIST (\\NonExistent \\HasChildren) \"/\" \"foo\"",
                    "OK LIST completed");
            expect(c, "DELETE foo", "NO [NONEXISTENT] No mailbox foo");
            expect(c, "SELECT foo", "NO [NONEXISTENT] No mailbox foo");
            expect(c, "CREATE foo", "OK CREATE completed"); // the bare level can become a mailbox again
            expect(c, "LIST \"\" foo*",
                    "* LIST (\\HasChildren) \"/\" \"foo\"",
                    "* LIST (\\HasNoChildren) \"/\" \"foo/bar\"",
                    "OK LIST completed");
            expect(c, "DELETE foo/bar", "OK DELETE completed");
            expect(c, "DELETE foo", "OK DELETE completed");
            expect(c, "LIST \"\" *", "* LIST (\\HasNoChildren) \"/\" \"INBOX\"", "OK LIST completed");
        }
    }

    @Test
    void aRecreatedMailboxNeverReusesUids() throws Exception {
        try (ImapClient c = server.login("recreate", "pw")) {
            c.ok("CREATE phoenix");
            c.append("phoenix", "", MESSAGE);
            c.append("phoenix", "", MESSAGE);
            long[] before = uidValidityAndNext(c, "phoenix");
            c.ok("DELETE phoenix");
            c.ok("CREATE phoenix");
            long[] after = uidValidityAndNext(c, "phoenix");
            // RFC 9051 section 6.3.5: a client caching by UID must not mistake new messages for old ones
            assertTrue(after[0] != before[0] || after[1] >= before[1],
                    "UIDVALIDITY " + before[0] + "->" + after[0] + ", UIDNEXT " + before[1] + "->" + after[1]);
        }
    }

    private static long[] uidValidityAndNext(ImapClient c, String mailbox) throws Exception {
        String line = c.ok("STATUS " + mailbox + " (UIDVALIDITY UIDNEXT)").getFirst();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("UIDVALIDITY (\\d+) UIDNEXT (\\d+)").matcher(line);
        assertTrue(m.find(), line);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    @Test
    void renameMovesInferiorsAndInboxMessages() throws Exception {
        try (ImapClient c = server.login("rename", "pw")) {
            c.ok("CREATE foo/bar");
            c.ok("CREATE blurdybloop");
            expect(c, "RENAME blurdybloop sarasoop", "OK RENAME completed");
            expect(c, "RENAME foo zowie", "OK RENAME completed");
            expect(c, "LIST \"\" *",
                    "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                    "* LIST (\\HasNoChildren) \"/\" \"sarasoop\"",
                    "* LIST (\\HasChildren) \"/\" \"zowie\"",
                    "* LIST (\\HasNoChildren) \"/\" \"zowie/bar\"",
                    "OK LIST completed");
            expect(c, "RENAME nothing x", "NO [NONEXISTENT] No mailbox nothing");
            expect(c, "RENAME sarasoop zowie", "NO [ALREADYEXISTS] Mailbox zowie already exists");
            expect(c, "RENAME sarasoop inbox", "NO [ALREADYEXISTS] INBOX always exists");
            expect(c, "RENAME zowie zowie/bar/baz", "NO [CANNOT] Cannot rename a mailbox into itself");
            expect(c, "RENAME sarasoop new/level", "OK RENAME completed");
            expect(c, "LIST \"\" new*",
                    "* LIST (\\HasChildren) \"/\" \"new\"",
                    "* LIST (\\HasNoChildren) \"/\" \"new/level\"",
                    "OK LIST completed");

            c.append("INBOX", "", MESSAGE);
            c.append("INBOX", "", MESSAGE);
            c.ok("CREATE INBOX/child");
            expect(c, "RENAME INBOX old-mail", "OK RENAME completed");
            expect(c, "STATUS old-mail (MESSAGES)", "* STATUS \"old-mail\" (MESSAGES 2)", "OK STATUS completed");
            expect(c, "STATUS INBOX (MESSAGES)", "* STATUS \"INBOX\" (MESSAGES 0)", "OK STATUS completed");
            expect(c, "LIST \"\" INBOX*",
                    "* LIST (\\HasChildren) \"/\" \"INBOX\"",
                    "* LIST (\\HasNoChildren) \"/\" \"INBOX/child\"",
                    "OK LIST completed");
        }
    }

    @Test
    void subscriptionsLsubAndListSubscribed() throws Exception {
        try (ImapClient c = server.login("subs", "pw")) {
            c.ok("CREATE Fruit/Apple");
            c.ok("CREATE Fruit/Banana");
            c.ok("CREATE Vegetable/Broccoli");
            expect(c, "SUBSCRIBE Fruit/Banana", "OK SUBSCRIBE completed");
            expect(c, "SUBSCRIBE Fruit/Banana", "OK SUBSCRIBE completed");
            expect(c, "SUBSCRIBE Fruit/Peach", "OK SUBSCRIBE completed"); // need not exist
            expect(c, "SUBSCRIBE Vegetable", "OK SUBSCRIBE completed");
            expect(c, "SUBSCRIBE inbox", "OK SUBSCRIBE completed");

            expect(c, "LSUB \"\" *",
                    "* LSUB () \"/\" \"INBOX\"",
                    "* LSUB () \"/\" \"Fruit/Banana\"",
                    "* LSUB () \"/\" \"Fruit/Peach\"",
                    "* LSUB () \"/\" \"Vegetable\"",
                    "OK LSUB completed");
            expect(c, "LSUB \"\" %",
                    "* LSUB () \"/\" \"INBOX\"",
                    "* LSUB (\\Noselect) \"/\" \"Fruit\"",
                    "* LSUB () \"/\" \"Vegetable\"",
                    "OK LSUB completed");
            expect(c, "LSUB Fruit/ %",
                    "* LSUB () \"/\" \"Fruit/Banana\"",
                    "* LSUB () \"/\" \"Fruit/Peach\"",
                    "OK LSUB completed");

            // RFC 9051 section 6.3.9.8, example 2
            expect(c, "LIST (SUBSCRIBED) \"\" *",
                    "* LIST (\\Subscribed \\HasNoChildren) \"/\" \"INBOX\"",
                    "* LIST (\\Subscribed \\HasNoChildren) \"/\" \"Fruit/Banana\"",
                    "* LIST (\\NonExistent \\Subscribed \\HasNoChildren) \"/\" \"Fruit/Peach\"",
                    "* LIST (\\Subscribed \\HasChildren) \"/\" \"Vegetable\"",
                    "OK LIST completed");
            expect(c, "LIST (SUBSCRIBED RECURSIVEMATCH) \"\" %",
                    "* LIST (\\Subscribed \\HasNoChildren) \"/\" \"INBOX\"",
                    "* LIST (\\HasChildren) \"/\" \"Fruit\" (\"CHILDINFO\" (\"SUBSCRIBED\"))",
                    "* LIST (\\Subscribed \\HasChildren) \"/\" \"Vegetable\"",
                    "OK LIST completed");
            expect(c, "LIST \"\" Fruit/% RETURN (SUBSCRIBED)",
                    "* LIST (\\HasNoChildren) \"/\" \"Fruit/Apple\"",
                    "* LIST (\\Subscribed \\HasNoChildren) \"/\" \"Fruit/Banana\"",
                    "OK LIST completed");

            expect(c, "UNSUBSCRIBE Fruit/Peach", "OK UNSUBSCRIBE completed");
            expect(c, "UNSUBSCRIBE Fruit/Peach", "OK UNSUBSCRIBE completed");
            expect(c, "LSUB \"\" Fruit/*", "* LSUB () \"/\" \"Fruit/Banana\"", "OK LSUB completed");
        }
    }

    @Test
    void specialUseOnCreateAndList() throws Exception {
        try (ImapClient c = server.login("special", "pw")) {
            expect(c, "CREATE Sent (USE (\\Sent))", "OK CREATE completed");
            expect(c, "CREATE Trash (USE (\\trash))", "OK CREATE completed");
            expect(c, "CREATE Notes (USE ())", "OK CREATE completed");
            expect(c, "CREATE Everything (USE (\\All))", "NO [USEATTR] \\All not supported");
            expect(c, "CREATE Odd (USE (\\Bogus))", "NO [USEATTR] \\Bogus not supported");
            expect(c, "CREATE Odd (COLOR (red))", "BAD [CLIENTBUG] Expected the CREATE parameter USE, found COLOR");
            expect(c, "LIST \"\" Odd", "OK LIST completed"); // nothing was created
            expect(c, "LIST (SPECIAL-USE) \"\" *",
                    "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"",
                    "* LIST (\\HasNoChildren \\Trash) \"/\" \"Trash\"",
                    "OK LIST completed");
            expect(c, "LIST \"\" % RETURN (SPECIAL-USE)",
                    "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                    "* LIST (\\HasNoChildren) \"/\" \"Notes\"",
                    "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"",
                    "* LIST (\\HasNoChildren \\Trash) \"/\" \"Trash\"",
                    "OK LIST completed");
        }
    }

    @Test
    void statusCountsFromTheIndex() throws Exception {
        try (ImapClient c = server.login("status", "pw")) {
            c.append("INBOX", "(\\Seen)", MESSAGE);
            c.append("INBOX", "(\\Deleted)", MESSAGE);
            c.append("INBOX", "", MESSAGE);
            int size = MESSAGE.length;
            expect(c, "STATUS INBOX (MESSAGES UIDNEXT UNSEEN DELETED SIZE RECENT)",
                    "* STATUS \"INBOX\" (MESSAGES 3 UIDNEXT 4 UNSEEN 2 DELETED 1 SIZE " + 3 * size + " RECENT 3)",
                    "OK STATUS completed"); // no session has taken them as \Recent yet (RFC 3501 6.3.10)
            List<String> validity = c.ok("STATUS inbox (UIDVALIDITY)");
            assertTrue(validity.getFirst().matches("\\* STATUS \"INBOX\" \\(UIDVALIDITY [1-9]\\d*\\)"), validity.toString());
            expect(c, "STATUS missing (MESSAGES)", "NO [NONEXISTENT] No mailbox missing");
            expect(c, "STATUS INBOX (MESSAGES BOGUS)", "BAD [CLIENTBUG] Expected a STATUS item (MESSAGES, UIDNEXT, "
                    + "UIDVALIDITY, UNSEEN, DELETED or SIZE), found BOGUS");
            expect(c, "STATUS INBOX ()", "BAD [CLIENTBUG] Expected an atom, found ')'");

            // on the selected mailbox, including its own changes
            c.ok("SELECT INBOX");
            c.ok("STORE 3 +FLAGS (\\Seen)");
            expect(c, "STATUS INBOX (MESSAGES UNSEEN)", "* STATUS \"INBOX\" (MESSAGES 3 UNSEEN 1)", "OK STATUS completed");
            c.ok("UNSELECT");
        }
    }

    @Test
    void imap4rev2DropsLsubAndRecent() throws Exception {
        try (ImapClient c = server.login("rev2", "pw")) {
            assumeTrue(advertises(c, "IMAP4rev2"), "IMAP4rev2 is advertised only with an IDLE extension installed");
            expect(c, "ENABLE IMAP4rev2", "* ENABLED IMAP4rev2", "OK ENABLE completed");
            expect(c, "LSUB \"\" *", "BAD [CLIENTBUG] LSUB is not part of IMAP4rev2; use LIST (SUBSCRIBED)");
            expect(c, "STATUS INBOX (RECENT)", "BAD [CLIENTBUG] RECENT is not a STATUS item in IMAP4rev2");
            expect(c, "LIST \"\" % RETURN (STATUS (RECENT))", "BAD [CLIENTBUG] RECENT is not a STATUS item in IMAP4rev2");
            // basic LIST now marks missing levels \NonExistent
            c.ok("CREATE a/b");
            c.ok("DELETE a");
            expect(c, "LIST \"\" %", "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                    "* LIST (\\NonExistent \\HasChildren) \"/\" \"a\"", "OK LIST completed");
        }
    }

    @Test
    void listStatusReturnOption() throws Exception {
        try (ImapClient c = server.login("liststatus", "pw")) {
            c.append("INBOX", "", MESSAGE);
            c.ok("CREATE foo");
            c.ok("CREATE bar/baz");
            c.ok("DELETE bar");
            c.ok("SUBSCRIBE INBOX");
            // RFC 9051 section 6.3.9.8, example 11
            expect(c, "LIST \"\" % RETURN (STATUS (MESSAGES UNSEEN))",
                    "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                    "* STATUS \"INBOX\" (MESSAGES 1 UNSEEN 1)",
                    "* LIST (\\NonExistent \\HasChildren) \"/\" \"bar\"",
                    "* LIST (\\HasNoChildren) \"/\" \"foo\"",
                    "* STATUS \"foo\" (MESSAGES 0 UNSEEN 0)",
                    "OK LIST completed");
            expect(c, "LIST (SUBSCRIBED) \"\" * RETURN (STATUS (SIZE) CHILDREN)",
                    "* LIST (\\Subscribed \\HasNoChildren) \"/\" \"INBOX\"",
                    "* STATUS \"INBOX\" (SIZE " + MESSAGE.length + ")",
                    "OK LIST completed");
        }
    }

    /** RFC 9051 section 5.1.3: modified UTF-7 for IMAP4rev1 clients, UTF-8 once enabled. */
    @ParameterizedTest
    @ValueSource(strings = {"IMAP4rev2", "UTF8=ACCEPT"})
    void namesAreModifiedUtf7UntilUtf8IsEnabled(String utf8Capability) throws Exception {
        try (ImapClient c = server.login(utf8Capability.replaceAll("[^A-Za-z0-9]", "").toLowerCase(java.util.Locale.ROOT), "pw")) {
            assumeTrue(advertises(c, utf8Capability), utf8Capability + " is not advertised by this build");
            expect(c, "CREATE Entw&APw-rfe/Alt", "OK CREATE completed");
            expect(c, "LIST \"\" Entw*",
                    "* LIST (\\HasChildren) \"/\" \"Entw&APw-rfe\"",
                    "* LIST (\\HasNoChildren) \"/\" \"Entw&APw-rfe/Alt\"",
                    "OK LIST completed");
            expect(c, "STATUS Entw&APw-rfe (MESSAGES)", "* STATUS \"Entw&APw-rfe\" (MESSAGES 0)", "OK STATUS completed");
            expect(c, "SUBSCRIBE Entw&APw-rfe", "OK SUBSCRIBE completed");
            expect(c, "LSUB \"\" *", "* LSUB () \"/\" \"Entw&APw-rfe\"", "OK LSUB completed");
            expect(c, "CREATE Entw&APw", "NO [CANNOT] Mailbox name is not valid modified UTF-7: unterminated modified UTF-7 sequence");

            c.ok("ENABLE " + utf8Capability);
            expect(c, "LIST \"\" Entw*",
                    "* LIST (\\HasChildren) \"/\" \"Entwürfe\"",
                    "* LIST (\\HasNoChildren) \"/\" \"Entwürfe/Alt\"",
                    "OK LIST completed");
            expect(c, "LIST (SUBSCRIBED) \"\" \"Entwürfe\"", "* LIST (\\Subscribed \\HasChildren) \"/\" \"Entwürfe\"",
                    "OK LIST completed");
            expect(c, "STATUS \"Entwürfe\" (MESSAGES)", "* STATUS \"Entwürfe\" (MESSAGES 0)", "OK STATUS completed");
            expect(c, "RENAME \"Entwürfe\" \"Brouillons d'été\"", "OK RENAME completed");
            expect(c, "LIST \"\" %",
                    "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                    "* LIST (\\HasChildren) \"/\" \"Brouillons d'été\"",
                    "OK LIST completed");
            // a name that is not NFC (e + combining acute) is refused rather than stored twice
            expect(c, "CREATE \"Caf\u0065\u0301\"", "NO [CANNOT] Mailbox name is not in Unicode NFC form");
        }
    }

    @Test
    void deletingTheSelectedMailboxClosesItRenamingKeepsItSelected() throws Exception {
        try (ImapClient c = server.login("selected", "pw")) {
            c.ok("CREATE doomed");
            c.append("doomed", "", MESSAGE);
            c.ok("SELECT doomed");
            expect(c, "DELETE doomed", "* OK [CLOSED] Selected mailbox was deleted", "OK DELETE completed");
            expect(c, "FETCH 1 FLAGS", "BAD [CLIENTBUG] Command FETCH is not valid in the authenticated state");
            expect(c, "NOOP", "OK NOOP completed");

            // RENAME keeps the mailbox (RFC 9051 section 6.3.6): the selection goes on under the new name
            c.ok("ENABLE IMAP4rev2"); // no \Recent in the answers below
            c.ok("CREATE moving/inner");
            c.append("moving/inner", "", MESSAGE);
            c.ok("SELECT moving/inner");
            expect(c, "RENAME moving moved", "OK RENAME completed");
            expect(c, "FETCH 1 (UID FLAGS)", "* 1 FETCH (UID 1 FLAGS ())", "OK FETCH completed");
            expect(c, "STORE 1 +FLAGS (\\Flagged)", "* 1 FETCH (FLAGS (\\Flagged))", "OK STORE completed");
            assertTrue(c.append("moved/inner", "", MESSAGE).contains("* 2 EXISTS"));
            expect(c, "STATUS moved/inner (MESSAGES)", "* STATUS \"moved/inner\" (MESSAGES 2)", "OK STATUS completed");
            expect(c, "LIST \"\" moved/%", "* LIST (\\HasNoChildren) \"/\" \"moved/inner\"", "OK LIST completed");
            expect(c, "CREATE sibling", "OK CREATE completed"); // allowed in the selected state too
            expect(c, "DELETE sibling", "OK DELETE completed"); // another mailbox: the selection stays
            expect(c, "UID FETCH 1:* FLAGS", "* 1 FETCH (UID 1 FLAGS (\\Flagged))", "* 2 FETCH (UID 2 FLAGS ())",
                    "OK UID FETCH completed");
            // twice in a row, the second time the mailbox itself
            expect(c, "RENAME moved/inner deeper/still", "OK RENAME completed");
            expect(c, "FETCH 2 (UID)", "* 2 FETCH (UID 2)", "OK FETCH completed");
            expect(c, "DELETE deeper/still", "* OK [CLOSED] Selected mailbox was deleted", "OK DELETE completed");
        }
    }

    @Test
    void anotherSessionRenamingTheSelectedMailbox() throws Exception {
        try (ImapClient a = server.login("other", "pw"); ImapClient b = server.login("other", "pw")) {
            a.ok("ENABLE IMAP4rev2"); // no \Recent in the answers below
            a.ok("CREATE before/box");
            a.append("before/box", "", MESSAGE);
            a.ok("SELECT before/box");
            expect(b, "RENAME before after", "OK RENAME completed");
            // a keeps its selection: not reported as deleted, the messages and UIDs are the same
            expect(a, "FETCH 1 (UID)", "* 1 FETCH (UID 1)", "OK FETCH completed");
            b.append("after/box", "", MESSAGE);
            expect(a, "NOOP", "* 2 EXISTS", "OK NOOP completed");
            expect(a, "UID STORE 2 +FLAGS.SILENT (\\Seen)", "OK UID STORE completed");
            expect(b, "STATUS after/box (MESSAGES UNSEEN)", "* STATUS \"after/box\" (MESSAGES 2 UNSEEN 1)",
                    "OK STATUS completed");
            // (deleted afterwards, it ends the session as anotherSessionDeletingTheSelectedMailbox shows)
        }
    }

    @Test
    void anotherSessionDeletingTheSelectedMailbox() throws Exception {
        try (ImapClient a = server.login("other", "pw"); ImapClient b = server.login("other", "pw")) {
            a.ok("CREATE shared");
            a.append("shared", "", MESSAGE);
            a.ok("SELECT shared");
            expect(b, "DELETE shared", "OK DELETE completed");
            // the selecting session cannot keep its view: its next command ends with BYE [CLOSED]
            a.send("s1 STATUS shared (MESSAGES)\r\n");
            java.util.List<String> seen = new java.util.ArrayList<>();
            for (String line; (line = a.readResponseLine()) != null; ) {
                seen.add(line);
            }
            assertTrue(seen.contains("* BYE [CLOSED] Selected mailbox was deleted, have to disconnect"), seen.toString());
            expect(b, "CREATE shared", "OK CREATE completed");
            expect(b, "STATUS shared (MESSAGES)", "* STATUS \"shared\" (MESSAGES 0)", "OK STATUS completed");
        }
    }

    @Test
    void malformedListIsBadAndConnectionGoesOn() throws Exception {
        try (ImapClient c = server.login("syntax", "pw")) {
            expect(c, "LIST (RECURSIVEMATCH) \"\" %", "BAD [CLIENTBUG] RECURSIVEMATCH needs the SUBSCRIBED selection option");
            expect(c, "LIST (FOO) \"\" %", "BAD [CLIENTBUG] Expected a LIST selection option (SUBSCRIBED, REMOTE, "
                    + "RECURSIVEMATCH, SPECIAL-USE), found FOO");
            expect(c, "LIST \"\" % RETURN (FOO)", "BAD [CLIENTBUG] Expected a LIST return option (SUBSCRIBED, CHILDREN, "
                    + "SPECIAL-USE, STATUS), found FOO");
            expect(c, "LIST \"\"", "BAD [CLIENTBUG] Expected ' ', found end of line");
            expect(c, "LIST (REMOTE) \"\" (INBOX \"\" inb*)", "* LIST (\\HasNoChildren) \"/\" \"INBOX\"", "OK LIST completed");
            expect(c, "LIST \"\" {5+}\r\nINBOX", "* LIST (\\HasNoChildren) \"/\" \"INBOX\"", "OK LIST completed");
        }
    }
}
