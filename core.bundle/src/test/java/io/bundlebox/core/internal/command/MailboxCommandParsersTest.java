package io.bundlebox.core.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.core.internal.command.ListCommand.Return;
import io.bundlebox.core.internal.command.ListCommand.Selection;
import io.bundlebox.core.internal.command.StatusCommand.Item;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.ListReturnOption;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.spi.StatusItem;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MailboxSnapshot;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table-driven tests of the mailbox command parsers: what they accept, and BAD for the rest. */
class MailboxCommandParsersTest {

    // ---- LIST -------------------------------------------------------------------------------

    @Test
    void basicListKeepsWildcardsAndIsNotExtended() throws Exception {
        ListCommand.Args a = ListCommand.parse(Wire.reader(" \"\" *\r\n"), false, MailboxExtensions.NONE);
        assertEquals("", a.reference());
        assertEquals(List.of("*"), a.patterns());
        assertFalse(a.extended());
        assertFalse(a.markNonExistent());
    }

    @Test
    void basicListUnderImap4rev2MarksNonExistent() throws Exception {
        assertTrue(ListCommand.parse(Wire.reader(" \"\" %\r\n"), true, MailboxExtensions.NONE).markNonExistent());
    }

    @Test
    void extendedListWithEveryOption() throws Exception {
        ListCommand.Args a = ListCommand.parse(Wire.reader(
                " (subscribed Remote RECURSIVEMATCH special-use) \"archive/\" (\"a\" b% \"\")"
                + " RETURN (SUBSCRIBED CHILDREN SPECIAL-USE STATUS (MESSAGES SIZE messages))\r\n"), false, MailboxExtensions.NONE);
        assertEquals("archive/", a.reference());
        assertEquals(List.of("a", "b%", ""), a.patterns());
        assertTrue(a.extended());
        assertEquals(Set.of(Selection.SUBSCRIBED, Selection.REMOTE, Selection.RECURSIVEMATCH, Selection.SPECIAL_USE),
                a.selection());
        assertEquals(Set.of(Return.SUBSCRIBED, Return.CHILDREN, Return.SPECIAL_USE), a.returns());
        assertEquals(List.of(Item.MESSAGES, Item.SIZE), a.status());
    }

    @Test
    void patternListAloneMakesTheSyntaxExtended() throws Exception {
        ListCommand.Args a = ListCommand.parse(Wire.reader(" \"\" (%)\r\n"), false, MailboxExtensions.NONE);
        assertTrue(a.extended());
        assertTrue(a.selection().isEmpty());
    }

    @Test
    void emptyReturnAndSelectionLists() throws Exception {
        ListCommand.Args a = ListCommand.parse(Wire.reader(" () \"\" % RETURN ()\r\n"), false, MailboxExtensions.NONE);
        assertTrue(a.extended());
        assertTrue(a.returns().isEmpty());
        assertTrue(a.status().isEmpty());
    }

    @Test
    void modifiedUtf7PatternIsDecodedUnlessUtf8() throws Exception {
        assertEquals(List.of("Entwürfe/%"), ListCommand.parse(Wire.reader(" \"\" Entw&APw-rfe/%\r\n"), false, MailboxExtensions.NONE).patterns());
        assertEquals(List.of("Entwürfe/%"), ListCommand.parse(Wire.reader(" \"\" \"Entwürfe/%\"\r\n", true), true, MailboxExtensions.NONE).patterns());
    }

    @ParameterizedTest(name = "LIST{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ' (RECURSIVEMATCH) "" %'              | RECURSIVEMATCH needs the SUBSCRIBED
            ' (REMOTE RECURSIVEMATCH) "" %'       | RECURSIVEMATCH needs the SUBSCRIBED
            ' (FOO) "" %'                         | Expected a LIST selection option
            ' "" % RETURN (BAR)'                  | Expected a LIST return option
            ' "" % RETURN (STATUS (MESSAGES FOO))' | Expected a STATUS item
            ' "" % RETURN (STATUS ())'            | Expected an atom
            ' "" % RETURN CHILDREN'               | Expected '('
            ' "" % RETOUR (CHILDREN)'             | Expected RETURN
            ' "" ()'                              | Expected a mailbox pattern
            ' ""'                                 | Expected ' '
            ' "" % extra'                         | Expected RETURN
            ' "" ("a" "b"'                        | Expected ')'
            """)
    void malformedListIsBad(String args, String expected) {
        assertBad(expected, () -> ListCommand.parse(Wire.reader(args + "\r\n"), false, MailboxExtensions.NONE));
    }

    @Test
    void recentStatusItemIsBadUnderImap4rev2() {
        assertBad("RECENT is not a STATUS item in IMAP4rev2",
                () -> ListCommand.parse(Wire.reader(" \"\" % RETURN (STATUS (RECENT))\r\n"), true, MailboxExtensions.NONE));
    }

    /** An extension STATUS item and LIST return option, as services would provide them. */
    private static final StatusItem MAX_UID = new StatusItem() {
        @Override
        public String name() {
            return "XMAXUID";
        }

        @Override
        public long value(SessionContext session, MailboxSnapshot snapshot) {
            return snapshot.size() == 0 ? 0 : snapshot.get(snapshot.size() - 1).uid();
        }
    };
    private static final ListReturnOption META = new ListReturnOption() {
        @Override
        public String name() {
            return "XMETA";
        }

        @Override
        public void afterList(SessionContext session, String mailbox, ResponseWriter out) {
        }
    };
    private static final MailboxExtensions PROBES = new MailboxExtensions() {
        @Override
        public StatusItem statusItem(String name) {
            return name.equals("XMAXUID") ? MAX_UID : null;
        }

        @Override
        public ListReturnOption listReturnOption(String name) {
            return name.equals("XMETA") ? META : null;
        }
    };

    @Test
    void extensionItemsAndReturnOptionsAreFoundByName() throws Exception {
        StatusCommand.Args s = StatusCommand.parse(Wire.reader(" INBOX (MESSAGES xmaxuid)\r\n"), false, PROBES);
        assertEquals(List.of(Item.MESSAGES, new StatusCommand.ExtensionItem(MAX_UID)), s.items());
        assertEquals("XMAXUID", s.items().get(1).name());
        ListCommand.Args l = ListCommand.parse(Wire.reader(" \"\" % RETURN (xmeta STATUS (XMAXUID) XMETA)\r\n"), false, PROBES);
        assertEquals(List.of(META), l.extensionReturns());
        assertEquals(List.of(new StatusCommand.ExtensionItem(MAX_UID)), l.status());
        assertBad("Expected a STATUS item", () -> StatusCommand.parse(Wire.reader(" INBOX (XMAXUID)\r\n"), false,
                MailboxExtensions.NONE));
        assertBad("Expected a LIST return option", () -> ListCommand.parse(Wire.reader(" \"\" % RETURN (XMETA)\r\n"),
                false, MailboxExtensions.NONE));
    }

    // ---- STATUS -----------------------------------------------------------------------------

    @Test
    void statusItemsInOrderWithoutRepeats() throws Exception {
        StatusCommand.Args a = StatusCommand.parse(Wire.reader(" inbox (uidnext MESSAGES UNSEEN DELETED SIZE"
                + " UIDVALIDITY RECENT UIDNEXT)\r\n"), false, MailboxExtensions.NONE);
        assertEquals("INBOX", a.mailbox());
        assertEquals(List.of(Item.UIDNEXT, Item.MESSAGES, Item.UNSEEN, Item.DELETED, Item.SIZE, Item.UIDVALIDITY,
                Item.RECENT), a.items());
    }

    @ParameterizedTest(name = "STATUS{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ' INBOX'                  | Expected ' '
            ' INBOX ()'               | Expected an atom
            ' INBOX MESSAGES'         | Expected '('
            ' INBOX (MESSAGES'        | Expected ')'
            ' INBOX (HIGHESTMODSEQ)'  | Expected a STATUS item
            ' (MESSAGES)'             | Expected an astring
            """)
    void malformedStatusIsBad(String args, String expected) {
        assertBad(expected, () -> StatusCommand.parse(Wire.reader(args + "\r\n"), false, MailboxExtensions.NONE));
    }

    // ---- CREATE, RENAME, DELETE/SUBSCRIBE/UNSUBSCRIBE, LSUB ----------------------------------

    @ParameterizedTest(name = "CREATE{0}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ' foo'                              | foo      | ''
            ' foo/'                             | foo      | ''
            ' inbox/'                           | INBOX    | ''
            ' a/b/'                             | a/b      | ''
            ' Sent (USE (\\Sent))'              | Sent     | \\Sent
            ' All (use (\\All \\flagged))'      | All      | \\All \\flagged
            ' Empty (USE ())'                   | Empty    | ''
            ' Entw&APw-rfe'                     | Entwürfe | ''
            """)
    void createArguments(String args, String mailbox, String use) throws Exception {
        CreateCommand.Args a = CreateCommand.parse(Wire.reader(args + "\r\n"));
        assertEquals(mailbox, a.mailbox());
        assertEquals(use.isEmpty() ? List.of() : List.of(use.split(" ")), a.use());
    }

    @ParameterizedTest(name = "CREATE{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ' foo (FOO (x))'    | Expected the CREATE parameter USE
            ' foo (USE \\Sent)' | Expected '('
            ' foo (USE (Sent))' | Expected '\\'
            ' foo (USE (\\Sent)' | Expected ')'
            ' foo bar'          | Expected '('
            """)
    void malformedCreateIsBad(String args, String expected) {
        assertBad(expected, () -> CreateCommand.parse(Wire.reader(args + "\r\n")));
    }

    @Test
    void createOfAnInvalidModifiedUtf7NameIsNo() {
        ImapException e = assertThrows(ImapException.class, () -> CreateCommand.parse(Wire.reader(" Entw&APw\r\n")));
        assertEquals(ImapException.Kind.NO, e.kind());
        assertTrue(e.getMessage().contains("not valid modified UTF-7"), e.getMessage());
    }

    @Test
    void renameTakesTwoMailboxes() throws Exception {
        assertEquals(new RenameCommand.Args("INBOX", "old mail"), RenameCommand.parse(Wire.reader(" Inbox \"old mail\"\r\n")));
        assertBad("Expected ' '", () -> RenameCommand.parse(Wire.reader(" foo\r\n")));
    }

    @Test
    void singleMailboxArgument() throws Exception {
        assertEquals(new MailboxArg("a b"), MailboxArg.parse(Wire.reader(" \"a b\"\r\n")));
        assertBad("Expected end of line", () -> MailboxArg.parse(Wire.reader(" a b\r\n")));
        assertBad("Expected ' '", () -> MailboxArg.parse(Wire.reader("\r\n")));
    }

    @Test
    void lsubTakesReferenceAndPattern() throws Exception {
        assertEquals(new LsubCommand.Args("", "*"), LsubCommand.parse(Wire.reader(" \"\" *\r\n")));
        assertBad("Expected a mailbox pattern", () -> LsubCommand.parse(Wire.reader(" \"\" (%)\r\n")));
    }

    private static void assertBad(String expectedFragment, org.junit.jupiter.api.function.Executable parse) {
        ImapException e = assertThrows(ImapException.class, parse);
        assertEquals(ImapException.Kind.BAD, e.kind());
        assertTrue(e.getMessage().contains(expectedFragment), () -> "'" + e.getMessage() + "' should say " + expectedFragment);
    }
}
