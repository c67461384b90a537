package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.MailboxName;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.ListReturnOption;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * LIST (RFC 9051 section 6.3.9, LIST-EXTENDED RFC 5258, LIST-STATUS RFC 5819, SPECIAL-USE
 * RFC 6154):
 * {@code LIST [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts]}.
 *
 * <p>Selection options SUBSCRIBED, REMOTE (accepted; there are no remote mailboxes),
 * RECURSIVEMATCH (only with SUBSCRIBED, else BAD) and SPECIAL-USE; return options SUBSCRIBED,
 * CHILDREN, SPECIAL-USE and {@code STATUS (items)}. Every response carries \HasChildren or
 * \HasNoChildren and the special-use attributes, asked for or not (both RFCs allow it); \Subscribed
 * only when subscriptions were asked for. A hierarchy level that is no mailbox is listed when a
 * pattern ends in {@code %}, as {@code \NonExistent} (IMAP4rev2 or extended syntax) or
 * {@code \Noselect} (basic IMAP4rev1 LIST). With RECURSIVEMATCH a name whose descendants meet the
 * criteria carries {@code ("CHILDINFO" ("SUBSCRIBED"))}; a name that does not meet them itself is
 * listed only when one such descendant is not listed anyway (section 6.3.9.6). With STATUS, each
 * selectable mailbox meeting the criteria is followed by its {@code * STATUS} response.
 *
 * <p>Extensions add return options as {@link ListReturnOption} services; their data follows the
 * LIST (and STATUS) response of each mailbox that would get STATUS.
 *
 * <p>{@code LIST ref ""} in basic syntax answers the delimiter: {@code * LIST (\Noselect) "/" root}.
 * Unknown options are a BAD naming them.
 */
final class ListCommand extends CoreCommand<ListCommand.Args> {

    /** Selection options (RFC 9051 section 6.3.9.1, RFC 6154 section 3). */
    enum Selection { SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL_USE }

    /** Return options (RFC 9051 section 6.3.9.2, RFC 6154 section 3); STATUS is carried apart. */
    enum Return { SUBSCRIBED, CHILDREN, SPECIAL_USE }

    /**
     * @param reference the reference name
     * @param patterns the mailbox patterns, decoded
     * @param extended whether the extended syntax was used (options or a pattern list)
     * @param selection selection options
     * @param returns return options other than STATUS
     * @param status STATUS items to return, empty when not asked
     * @param extensionReturns return options of extensions ({@link ListReturnOption}), in the order asked
     * @param markNonExistent whether levels that are no mailbox say \NonExistent (else \Noselect)
     */
    record Args(String reference, List<String> patterns, boolean extended, Set<Selection> selection,
            Set<Return> returns, List<StatusCommand.Attribute> status, List<ListReturnOption> extensionReturns,
            boolean markNonExistent) {
        Args {
            patterns = List.copyOf(patterns);
            selection = Set.copyOf(selection);
            returns = Set.copyOf(returns);
            status = List.copyOf(status);
            extensionReturns = List.copyOf(extensionReturns);
        }

        boolean wantsSubscriptions() {
            return selection.contains(Selection.SUBSCRIBED) || returns.contains(Return.SUBSCRIBED);
        }
    }

    /**
     * One LIST response.
     *
     * @param name the mailbox name
     * @param attributes the name attributes, in the order written
     * @param childInfo whether to add {@code ("CHILDINFO" ("SUBSCRIBED"))}
     * @param returnsData whether return-option data (STATUS, extension options) follows: the
     *     mailbox exists and meets the selection criteria (RFC 5819 section 2)
     */
    record Entry(String name, List<String> attributes, boolean childInfo, boolean returnsData) {
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return parse(in, session.isEnabled("IMAP4REV2"), MailboxExtensions.of((Session) session));
    }

    static Args parse(ImapReader in, boolean rev2, MailboxExtensions extensions) throws IOException, ImapException {
        in.sp();
        boolean extended = false;
        Set<Selection> selection = EnumSet.noneOf(Selection.class);
        if (in.peekIs('(')) {
            extended = true;
            selection = selectionOptions(in);
            in.sp();
        }
        String reference = in.mailbox();
        in.sp();
        List<String> patterns = new ArrayList<>();
        if (in.skipIf('(')) {
            extended = true;
            do {
                patterns.add(in.listMailbox());
            } while (in.skipIf(' '));
            in.expect(')');
        } else {
            patterns.add(in.listMailbox());
        }
        Set<Return> returns = EnumSet.noneOf(Return.class);
        List<StatusCommand.Attribute> status = new ArrayList<>();
        List<ListReturnOption> extensionReturns = new ArrayList<>();
        if (in.skipIf(' ')) {
            extended = true;
            in.expectWord("RETURN").sp();
            returnOptions(in, rev2, extensions, returns, status, extensionReturns);
        }
        in.crlf();
        return new Args(reference, patterns, extended, selection, returns, status, extensionReturns, extended || rev2);
    }

    private static Set<Selection> selectionOptions(ImapReader in) throws IOException, ImapException {
        Set<Selection> options = EnumSet.noneOf(Selection.class);
        for (String word : in.atomList()) {
            try {
                options.add(Selection.valueOf(word.replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected a LIST selection option (SUBSCRIBED, "
                        + "REMOTE, RECURSIVEMATCH, SPECIAL-USE), found " + word);
            }
        }
        if (options.contains(Selection.RECURSIVEMATCH) && !options.contains(Selection.SUBSCRIBED)) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "RECURSIVEMATCH needs the SUBSCRIBED selection option");
        }
        return options;
    }

    private static void returnOptions(ImapReader in, boolean rev2, MailboxExtensions extensions, Set<Return> returns,
            List<StatusCommand.Attribute> status, List<ListReturnOption> extensionReturns)
            throws IOException, ImapException {
        in.expect('(');
        if (in.skipIf(')')) {
            return;
        }
        do {
            String word = in.keyword();
            if (word.equals("STATUS")) {
                in.sp();
                for (StatusCommand.Attribute item : StatusCommand.readItems(in, rev2, extensions)) {
                    if (!status.contains(item)) {
                        status.add(item);
                    }
                }
                continue;
            }
            try {
                returns.add(Return.valueOf(word.replace('-', '_')));
            } catch (IllegalArgumentException notCore) {
                ListReturnOption extension = extensions.listReturnOption(word);
                if (extension == null) {
                    throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected a LIST return option (SUBSCRIBED, "
                            + "CHILDREN, SPECIAL-USE, STATUS), found " + word);
                }
                if (!extensionReturns.contains(extension)) {
                    extensionReturns.add(extension);
                }
            }
        } while (in.skipIf(' '));
        in.expect(')');
    }

    @Override
    Completion run(Args args, Session session) throws IOException, ImapException, MailStoreException {
        ResponseWriter out = session.out();
        if (!args.extended() && args.patterns().getFirst().isEmpty()) {
            writeEntry(out, "LIST", List.of("\\Noselect"), hierarchyRoot(args.reference()), null);
            return Completion.ok("LIST completed");
        }
        MailboxTree tree = MailboxTree.load(session.mailboxes(), args.wantsSubscriptions());
        for (Entry e : select(args, tree)) {
            boolean returnsData = e.returnsData();
            long[] status = null;
            List<String> attributes = e.attributes();
            if (returnsData && !args.status().isEmpty()) {
                try {
                    status = StatusCommand.status(session, e.name(), args.status());
                } catch (MailStoreException gone) {
                    // RFC 5819: a mailbox whose STATUS fails is listed \Noselect, without STATUS
                    attributes = new ArrayList<>(attributes);
                    attributes.addFirst("\\Noselect");
                    returnsData = false;
                }
            }
            writeEntry(out, "LIST", attributes, e.name(), e.childInfo() ? "(\"CHILDINFO\" (\"SUBSCRIBED\"))" : null);
            if (status != null) {
                StatusCommand.writeStatus(out, e.name(), args.status(), status);
            }
            if (returnsData) {
                for (ListReturnOption option : args.extensionReturns()) {
                    option.afterList(session, e.name(), out);
                }
            }
        }
        return Completion.ok("LIST completed");
    }

    /** The root named by a reference for the empty-pattern form: up to its first delimiter, or "". */
    static String hierarchyRoot(String reference) {
        int i = reference.indexOf(MailboxName.DELIMITER);
        return i < 0 ? "" : reference.substring(0, i + 1);
    }

    /** The LIST responses for {@code args} over {@code tree}, in listing order (RFC 5258 section 3). */
    static List<Entry> select(Args args, MailboxTree tree) {
        List<MailboxPattern> patterns = new ArrayList<>();
        for (String p : args.patterns()) {
            if (!(args.extended() && p.isEmpty())) { // the extended syntax ignores empty patterns
                patterns.add(MailboxPattern.of(args.reference(), p));
            }
        }
        boolean bySubscription = args.selection().contains(Selection.SUBSCRIBED);
        boolean bySpecialUse = args.selection().contains(Selection.SPECIAL_USE);
        NavigableSet<String> meeting = new TreeSet<>();
        for (String name : bySubscription ? tree.subscriptions() : tree.existing()) {
            if (!bySpecialUse || !tree.specialUse(name).isEmpty()) {
                meeting.add(name);
            }
        }
        // name -> whether it meets the selection criteria itself
        Map<String, Boolean> listed = new TreeMap<>(MailboxTree.LISTING_ORDER);
        for (String name : meeting) {
            if (anyMatches(patterns, name)) {
                listed.put(name, true);
            }
        }
        if (!bySubscription && !bySpecialUse) {
            for (String level : MailboxTree.levelsAbove(tree.existing())) {
                if (!tree.exists(level) && patterns.stream().anyMatch(p -> p.listsLevels() && p.matches(level))) {
                    listed.put(level, false);
                }
            }
        }
        Set<String> withChildInfo = new TreeSet<>();
        if (args.selection().contains(Selection.RECURSIVEMATCH)) {
            Set<String> names = new TreeSet<>(tree.existing());
            names.addAll(tree.subscriptions());
            names.addAll(MailboxTree.levelsAbove(new ArrayList<>(names)));
            for (String name : names) {
                NavigableSet<String> below = MailboxTree.descendants(meeting, name);
                if (below.isEmpty() || !anyMatches(patterns, name)) {
                    continue;
                }
                if (listed.containsKey(name)) {
                    withChildInfo.add(name);
                } else if (below.stream().anyMatch(d -> !anyMatches(patterns, d))) {
                    // listed only for a matching descendant the client does not see otherwise
                    listed.put(name, false);
                    withChildInfo.add(name);
                }
            }
        }
        List<Entry> entries = new ArrayList<>(listed.size());
        listed.forEach((name, meets) -> entries.add(new Entry(name, attributes(args, tree, name),
                withChildInfo.contains(name), meets && tree.exists(name))));
        return entries;
    }

    private static boolean anyMatches(List<MailboxPattern> patterns, String name) {
        for (MailboxPattern p : patterns) {
            if (p.matches(name)) {
                return true;
            }
        }
        return false;
    }

    /** Selectability first, then \Subscribed, children, special use (RFC 9051 section 7.3.1). */
    private static List<String> attributes(Args args, MailboxTree tree, String name) {
        List<String> attributes = new ArrayList<>();
        boolean exists = tree.exists(name);
        if (!exists) {
            attributes.add(args.markNonExistent() ? "\\NonExistent" : "\\Noselect");
        }
        if (args.wantsSubscriptions() && tree.subscribed(name)) {
            attributes.add("\\Subscribed");
        }
        attributes.add(tree.hasChildren(name) ? "\\HasChildren" : "\\HasNoChildren");
        attributes.addAll(new TreeSet<>(tree.specialUse(name)));
        return attributes;
    }

    /**
     * Writes {@code * LIST (attributes) "/" name [SP extended]} (or LSUB), the name in modified
     * UTF-7 or UTF-8 as the session requires (RFC 9051 section 7.3.1).
     */
    static void writeEntry(ResponseWriter out, String kind, List<String> attributes, String name, String extended)
            throws IOException {
        out.untagged().raw(kind).raw(" (").raw(String.join(" ", attributes)).raw(") \"").raw(String.valueOf(MailboxName.DELIMITER)).raw("\" ")
                .mailbox(name);
        if (extended != null) {
            out.sp().raw(extended);
        }
        out.crlf();
    }
}
