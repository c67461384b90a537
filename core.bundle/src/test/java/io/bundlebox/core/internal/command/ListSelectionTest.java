package io.bundlebox.core.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bundlebox.mailstore.MailboxInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which names LIST and its options select, and with which attributes, over in-memory hierarchies
 * taken from the examples of RFC 9051 section 6.3.9.8 and RFC 6154. Entries are rendered as
 * {@code (attributes) name [CHILDINFO] [STATUS]}.
 */
class ListSelectionTest {

    /** RFC 9051 example 8: the hierarchy and subscriptions. */
    private static final MailboxTree EXAMPLE_8 = tree(
            List.of("INBOX", "foo2", "foo2/bar1", "foo2/bar2", "baz2", "baz2/bar2", "baz2/bar22", "baz2/bar222", "eps2",
                    "eps2/mamba", "qux2/bar2"),
            List.of("foo2/bar1", "foo2/bar2", "baz2/bar2", "baz2/bar22", "baz2/bar222", "eps2", "eps2/mamba", "qux2/bar2"));

    @Test
    void everythingWithStar() throws Exception {
        assertEquals(List.of(
                "(\\HasNoChildren) INBOX",
                "(\\HasChildren) baz2",
                "(\\HasNoChildren) baz2/bar2",
                "(\\HasNoChildren) baz2/bar22",
                "(\\HasNoChildren) baz2/bar222",
                "(\\HasChildren) eps2",
                "(\\HasNoChildren) eps2/mamba",
                "(\\HasChildren) foo2",
                "(\\HasNoChildren) foo2/bar1",
                "(\\HasNoChildren) foo2/bar2",
                "(\\HasNoChildren) qux2/bar2"), list(" \"\" *", EXAMPLE_8));
    }

    @Test
    void percentListsLevelsThatAreNoMailbox() throws Exception {
        List<String> expected = List.of("(\\HasNoChildren) INBOX", "(\\HasChildren) baz2", "(\\HasChildren) eps2",
                "(\\HasChildren) foo2", "(\\NonExistent \\HasChildren) qux2");
        assertEquals(expected, list(" () \"\" %", EXAMPLE_8));
        // IMAP4rev1 basic syntax: \Noselect instead of \NonExistent
        assertEquals("(\\Noselect \\HasChildren) qux2", list(" \"\" %", EXAMPLE_8).getLast());
        // '*' does not invent levels
        assertEquals(List.of("(\\HasNoChildren) qux2/bar2"), list(" \"\" qux*", EXAMPLE_8));
    }

    @Test
    void subscribedSelection() throws Exception {
        assertEquals(List.of(
                "(\\Subscribed \\HasNoChildren) baz2/bar2",
                "(\\Subscribed \\HasNoChildren) baz2/bar22",
                "(\\Subscribed \\HasNoChildren) baz2/bar222",
                "(\\Subscribed \\HasChildren) eps2",
                "(\\Subscribed \\HasNoChildren) eps2/mamba",
                "(\\Subscribed \\HasNoChildren) foo2/bar1",
                "(\\Subscribed \\HasNoChildren) foo2/bar2",
                "(\\Subscribed \\HasNoChildren) qux2/bar2"), list(" (SUBSCRIBED) \"\" *", EXAMPLE_8));
    }

    @Test
    void recursiveMatchSuppressesRedundantChildInfo() throws Exception {
        // RFC 9051 example 8, D03 with "*2": foo2 and eps2 carry CHILDINFO; baz2 and qux2 do not appear
        assertEquals(List.of(
                "(\\Subscribed \\HasNoChildren) baz2/bar2",
                "(\\Subscribed \\HasNoChildren) baz2/bar22",
                "(\\Subscribed \\HasNoChildren) baz2/bar222",
                "(\\Subscribed \\HasChildren) eps2 CHILDINFO",
                "(\\HasChildren) foo2 CHILDINFO",
                "(\\Subscribed \\HasNoChildren) foo2/bar2",
                "(\\Subscribed \\HasNoChildren) qux2/bar2"), list(" (RECURSIVEMATCH SUBSCRIBED) \"\" *2", EXAMPLE_8));
    }

    @Test
    void recursiveMatchWithPercent() throws Exception {
        // RFC 9051 example 7 A: only Foo/Baz subscribed
        MailboxTree tree = tree(List.of("INBOX", "Foo", "Foo/Bar", "Foo/Baz", "Moo"), List.of("Foo/Baz"));
        assertEquals(List.of(), list(" (SUBSCRIBED) \"\" %", tree));
        assertEquals(List.of("(\\HasChildren) Foo CHILDINFO"), list(" (SUBSCRIBED RECURSIVEMATCH) \"\" %", tree));
        // A2: Foo does not exist
        MailboxTree noFoo = tree(List.of("INBOX", "Foo/Bar", "Foo/Baz", "Moo"), List.of("Foo/Baz"));
        assertEquals(List.of("(\\NonExistent \\HasChildren) Foo CHILDINFO"),
                list(" (SUBSCRIBED RECURSIVEMATCH) \"\" %", noFoo));
    }

    @Test
    void subscribedButMissingIsNonExistent() throws Exception {
        // RFC 9051 example 9: foo exists, foo/bar is subscribed but does not exist
        MailboxTree tree = tree(List.of("INBOX", "foo"), List.of("foo/bar"));
        assertEquals(List.of("(\\HasNoChildren) foo"), list(" \"\" (\"foo\")", tree));
        assertEquals(List.of("(\\NonExistent \\Subscribed \\HasNoChildren) foo/bar"), list(" (SUBSCRIBED) \"\" \"foo/*\"", tree));
        assertEquals(List.of("(\\HasNoChildren) foo CHILDINFO"),
                list(" (SUBSCRIBED RECURSIVEMATCH) \"\" foo RETURN (CHILDREN)", tree));
    }

    @Test
    void returnSubscribedMarksWithoutFiltering() throws Exception {
        MailboxTree tree = tree(List.of("INBOX", "a", "b"), List.of("INBOX", "b", "gone"));
        assertEquals(List.of("(\\Subscribed \\HasNoChildren) INBOX", "(\\HasNoChildren) a", "(\\Subscribed \\HasNoChildren) b"),
                list(" \"\" * RETURN (SUBSCRIBED)", tree));
    }

    @Test
    void specialUseSelectionAndAttributes() throws Exception {
        MailboxTree tree = new MailboxTree(List.of(new MailboxInfo("INBOX", Set.of()),
                new MailboxInfo("Sent", Set.of("\\Sent")), new MailboxInfo("Trash", Set.of("\\Trash")),
                new MailboxInfo("Notes", Set.of())), List.of("Sent"));
        assertEquals(List.of("(\\HasNoChildren) INBOX", "(\\HasNoChildren) Notes", "(\\HasNoChildren \\Sent) Sent",
                "(\\HasNoChildren \\Trash) Trash"), list(" \"\" %", tree));
        assertEquals(List.of("(\\HasNoChildren \\Sent) Sent", "(\\HasNoChildren \\Trash) Trash"),
                list(" (SPECIAL-USE) \"\" *", tree));
        assertEquals(List.of("(\\Subscribed \\HasNoChildren \\Sent) Sent"), list(" (SPECIAL-USE SUBSCRIBED) \"\" *", tree));
    }

    @Test
    void multiplePatternsListEachNameOnce() throws Exception {
        MailboxTree tree = tree(List.of("INBOX", "a", "a/b", "c"), List.of());
        assertEquals(List.of("(\\HasNoChildren) INBOX", "(\\HasChildren) a", "(\\HasNoChildren) a/b"),
                list(" \"\" (INBOX a* \"a\" \"\")", tree));
    }

    @Test
    void referenceIsPrefixed() throws Exception {
        MailboxTree tree = tree(List.of("INBOX", "a", "a/b", "a/c/d", "ab"), List.of());
        assertEquals(List.of("(\\HasNoChildren) a/b", "(\\NonExistent \\HasChildren) a/c"), list(" \"a/\" %", true, tree));
        assertEquals(List.of("(\\HasChildren) a", "(\\HasNoChildren) ab"), list(" \"a\" %", true, tree));
    }

    @Test
    void statusOnlyForSelectableMailboxesMeetingTheCriteria() throws Exception {
        MailboxTree tree = tree(List.of("INBOX", "x/y"), List.of("INBOX", "x/y/z"));
        assertEquals(List.of("(\\HasNoChildren) INBOX STATUS", "(\\NonExistent \\HasChildren) x"),
                list(" \"\" % RETURN (STATUS (MESSAGES))", tree));
        // RFC 5819: the parent listed for CHILDINFO only gets no STATUS
        assertEquals(List.of("(\\Subscribed \\HasNoChildren) INBOX STATUS", "(\\NonExistent \\HasChildren) x CHILDINFO"),
                list(" (SUBSCRIBED RECURSIVEMATCH) \"\" % RETURN (STATUS (MESSAGES))", tree));
    }

    @Test
    void hierarchyRootForTheEmptyPattern() {
        assertEquals("", ListCommand.hierarchyRoot(""));
        assertEquals("", ListCommand.hierarchyRoot("foo"));
        assertEquals("foo/", ListCommand.hierarchyRoot("foo/bar/baz"));
    }

    private static MailboxTree tree(List<String> mailboxes, List<String> subscriptions) {
        List<MailboxInfo> infos = new ArrayList<>();
        mailboxes.forEach(n -> infos.add(new MailboxInfo(n, Set.of())));
        return new MailboxTree(infos, subscriptions);
    }

    private static List<String> list(String args, MailboxTree tree) throws Exception {
        return list(args, false, tree);
    }

    private static List<String> list(String args, boolean rev2, MailboxTree tree) throws Exception {
        ListCommand.Args parsed = ListCommand.parse(Wire.reader(args + "\r\n"), rev2, MailboxExtensions.NONE);
        List<String> out = new ArrayList<>();
        for (ListCommand.Entry e : ListCommand.select(parsed, tree)) {
            out.add("(" + String.join(" ", e.attributes()) + ") " + e.name() + (e.childInfo() ? " CHILDINFO" : "")
                    + (e.returnsData() && !parsed.status().isEmpty() ? " STATUS" : ""));
        }
        return out;
    }
}
