package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.Flag;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.spi.StatusItem;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * STATUS (RFC 9051 section 6.3.11): {@code STATUS SP mailbox SP "(" status-att *(SP status-att) ")"},
 * answered with {@code * STATUS mailbox (MESSAGES 3 UIDNEXT 7 ...)} in the order asked. Every
 * value comes from the store's index snapshot; no message is opened. Works on the selected
 * mailbox too. Extensions add items as {@link StatusItem} services
 * (e.g. HIGHESTMODSEQ). Errors: {@code NO [NONEXISTENT]} for a missing mailbox, BAD for an
 * unknown item. The LIST STATUS return option (RFC 5819) uses the same items and
 * response through {@link #readItems} and {@link #status}.
 */
final class StatusCommand extends CoreCommand<StatusCommand.Args> {

    /** A STATUS data item: one of the core's or an extension's. */
    sealed interface Attribute permits Item, ExtensionItem {
        /** The item name as written in the response. */
        String name();

        /** The item's value for a mailbox in the state {@code snap}. */
        long value(SessionContext session, MailboxSnapshot snap);
    }

    /** The core's STATUS data items (RFC 9051 section 9, {@code status-att}; SIZE from STATUS=SIZE). */
    enum Item implements Attribute {
        MESSAGES, UIDNEXT, UIDVALIDITY, UNSEEN, DELETED, SIZE,
        /**
         * RFC 3501 only (IMAP4rev2 has no \Recent): the messages no session has taken as recent
         * yet; filled in by {@link #status} from the mailbox, 0 from a snapshot alone.
         */
        RECENT;

        @Override
        public long value(SessionContext session, MailboxSnapshot snap) {
            return switch (this) {
                case MESSAGES -> snap.size();
                case UIDNEXT -> snap.uidNext();
                case UIDVALIDITY -> snap.uidValidity();
                // figures the store keeps with every change: no walk over the messages
                case UNSEEN -> snap.unseen();
                case DELETED -> snap.count(Flag.DELETED);
                case SIZE -> snap.octets();
                case RECENT -> 0;
            };
        }
    }

    /** An item contributed by an extension's {@link StatusItem} service. */
    record ExtensionItem(StatusItem item) implements Attribute {
        @Override
        public String name() {
            return item.name().toUpperCase(Locale.ROOT);
        }

        @Override
        public long value(SessionContext session, MailboxSnapshot snap) {
            return item.value(session, snap);
        }
    }

    /** @param mailbox the mailbox name @param items the items asked for, without repeats, in order */
    record Args(String mailbox, List<Attribute> items) {
        Args {
            items = List.copyOf(items);
        }
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return parse(in, session.isEnabled("IMAP4REV2"), MailboxExtensions.of((Session) session));
    }

    /** Parses the arguments; {@code rev2} refuses the IMAP4rev1-only RECENT item. */
    static Args parse(ImapReader in, boolean rev2, MailboxExtensions extensions) throws IOException, ImapException {
        String mailbox = in.sp().mailbox();
        in.sp();
        List<Attribute> items = readItems(in, rev2, extensions);
        in.crlf();
        return new Args(mailbox, items);
    }

    /** {@code "(" status-att *(SP status-att) ")"}, repeats dropped. */
    static List<Attribute> readItems(ImapReader in, boolean rev2, MailboxExtensions extensions)
            throws IOException, ImapException {
        in.expect('(');
        List<Attribute> items = new ArrayList<>();
        do {
            Attribute item = item(in.keyword(), rev2, extensions);
            if (!items.contains(item)) {
                items.add(item);
            }
        } while (in.skipIf(' '));
        in.expect(')');
        return items;
    }

    private static Attribute item(String word, boolean rev2, MailboxExtensions extensions) throws ImapException {
        try {
            Item item = Item.valueOf(word);
            if (item == Item.RECENT && rev2) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "RECENT is not a STATUS item in IMAP4rev2");
            }
            return item;
        } catch (IllegalArgumentException notCore) {
            StatusItem extension = extensions.statusItem(word);
            if (extension == null) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected a STATUS item (MESSAGES, UIDNEXT, "
                        + "UIDVALIDITY, UNSEEN, DELETED or SIZE), found " + word);
            }
            return new ExtensionItem(extension);
        }
    }

    @Override
    Completion run(Args args, Session session) throws IOException, ImapException, MailStoreException {
        long[] values = status(session, args.mailbox(), args.items());
        writeStatus(session.out(), args.mailbox(), args.items(), values);
        return Completion.ok("STATUS completed");
    }

    /**
     * The values of {@code items} for {@code mailbox}, position by position, from one snapshot.
     *
     * @throws MailStoreException NONEXISTENT when there is no such mailbox
     */
    static long[] status(Session session, String mailbox, List<Attribute> items) throws MailStoreException, ImapException {
        // A fresh handle even for the selected mailbox (handles share the store's index): the
        // selected handle would still answer after another session deleted the mailbox.
        try (Mailbox box = session.mailboxes().open(mailbox)) {
            MailboxSnapshot snap = box.snapshot();
            long[] values = values(session, snap, items);
            int recent = items.indexOf(Item.RECENT);
            if (recent >= 0) {
                values[recent] = countFrom(snap, box.firstUnclaimedRecent());
            }
            return values;
        }
    }

    /** The values of {@code items} in a snapshot (RFC 9051 section 6.3.11), position by position. */
    static long[] values(SessionContext session, MailboxSnapshot snap, List<Attribute> items) {
        long[] values = new long[items.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = items.get(i).value(session, snap);
        }
        return values;
    }

    /** Messages whose UID is at least {@code uid}. */
    private static int countFrom(MailboxSnapshot snap, long uid) {
        int i = snap.indexOf(uid);
        return snap.size() - (i >= 0 ? i : -i - 1);
    }

    /** Writes {@code * STATUS mailbox (ITEM value ...)}. */
    static void writeStatus(ResponseWriter out, String mailbox, List<Attribute> items, long[] values) throws IOException {
        out.untagged().raw("STATUS ").mailbox(mailbox).raw(" (");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.sp();
            }
            out.atom(items.get(i).name()).sp().number(values[i]);
        }
        out.raw(")").crlf();
    }
}
