package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.Flag;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * STATUS (RFC 9051 section 6.3.11): {@code STATUS SP mailbox SP "(" status-att *(SP status-att) ")"},
 * answered with {@code * STATUS mailbox (MESSAGES 3 UIDNEXT 7 ...)} in the order asked. Every
 * value comes from the store's index snapshot; no message is opened. Works on the selected
 * mailbox too (its own handle is used). Errors: {@code NO [NONEXISTENT]} for a missing mailbox,
 * BAD for an unknown item. The LIST STATUS return option (RFC 5819) uses the same items and
 * response through {@link #readItems} and {@link #status}.
 */
final class StatusCommand extends CoreCommand<StatusCommand.Args> {

    /** The STATUS data items (RFC 9051 section 9, {@code status-att}; SIZE from STATUS=SIZE). */
    enum Item {
        MESSAGES, UIDNEXT, UIDVALIDITY, UNSEEN, DELETED, SIZE,
        /** RFC 3501 only: IMAP4rev2 has no \Recent; always 0 here. */
        RECENT
    }

    /** @param mailbox the mailbox name @param items the items asked for, without repeats, in order */
    record Args(String mailbox, List<Item> items) {
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return parse(in, session.isEnabled("IMAP4REV2"));
    }

    /** Parses the arguments; {@code rev2} refuses the IMAP4rev1-only RECENT item. */
    static Args parse(ImapReader in, boolean rev2) throws IOException, ImapException {
        String mailbox = in.sp().mailbox();
        in.sp();
        List<Item> items = readItems(in, rev2);
        in.crlf();
        return new Args(mailbox, items);
    }

    /** {@code "(" status-att *(SP status-att) ")"}, repeats dropped. */
    static List<Item> readItems(ImapReader in, boolean rev2) throws IOException, ImapException {
        in.expect('(');
        List<Item> items = new ArrayList<>();
        do {
            String word = in.keyword();
            Item item;
            try {
                item = Item.valueOf(word);
            } catch (IllegalArgumentException e) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected a STATUS item (MESSAGES, UIDNEXT, "
                        + "UIDVALIDITY, UNSEEN, DELETED or SIZE), found " + word);
            }
            if (item == Item.RECENT && rev2) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "RECENT is not a STATUS item in IMAP4rev2");
            }
            if (!items.contains(item)) {
                items.add(item);
            }
        } while (in.skipIf(' '));
        in.expect(')');
        return items;
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
    static long[] status(Session session, String mailbox, List<Item> items) throws MailStoreException, ImapException {
        Mailbox selected = session.selectedMailbox();
        if (selected != null && selected.name().equals(mailbox)) {
            return values(selected.snapshot(), items);
        }
        try (Mailbox box = session.mailboxes().open(mailbox)) {
            return values(box.snapshot(), items);
        }
    }

    /** The values of {@code items} in a snapshot (RFC 9051 section 6.3.11). */
    static long[] values(MailboxSnapshot snap, List<Item> items) {
        long[] values = new long[items.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (items.get(i)) {
                case MESSAGES -> snap.size();
                case UIDNEXT -> snap.uidNext();
                case UIDVALIDITY -> snap.uidValidity();
                case UNSEEN -> countWithout(snap, Flag.SEEN);
                case DELETED -> snap.size() - countWithout(snap, Flag.DELETED);
                case SIZE -> totalSize(snap);
                case RECENT -> 0;
            };
        }
        return values;
    }

    private static int countWithout(MailboxSnapshot snap, String flag) {
        int n = 0;
        for (int i = 0; i < snap.size(); i++) {
            if (!snap.get(i).has(flag)) {
                n++;
            }
        }
        return n;
    }

    private static long totalSize(MailboxSnapshot snap) {
        long sum = 0;
        for (int i = 0; i < snap.size(); i++) {
            MessageRecord r = snap.get(i);
            sum += r.size();
        }
        return sum;
    }

    /** Writes {@code * STATUS mailbox (ITEM value ...)}. */
    static void writeStatus(ResponseWriter out, String mailbox, List<Item> items, long[] values) throws IOException {
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
