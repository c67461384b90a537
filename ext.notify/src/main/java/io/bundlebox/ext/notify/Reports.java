package io.bundlebox.ext.notify;

import io.bundlebox.imap.api.Flag;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxInfo;
import io.bundlebox.mailstore.MailboxSnapshot;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The untagged responses NOTIFY sends for mailboxes other than the selected one:
 * {@code STATUS} (RFC 5465 sections 5.1 to 5.3) and extended {@code LIST} (sections 5.4, 5.5,
 * with {@code OLDNAME}).
 */
final class Reports {

    /** STATUS items, in the order they are written. */
    enum Item { MESSAGES, UIDNEXT, UIDVALIDITY, UNSEEN, HIGHESTMODSEQ }

    private Reports() {
    }

    /**
     * Writes {@code * STATUS name (items)} from the store's current state; nothing when the
     * mailbox is gone (its LIST says so) or {@code items} is empty.
     */
    static void status(SessionContext session, ResponseWriter out, String name, Set<Item> items) throws IOException {
        if (items.isEmpty()) {
            return;
        }
        MailboxSnapshot snap;
        try (Mailbox box = session.mailboxes().open(name)) {
            snap = box.snapshot();
        } catch (MailStoreException | ImapException e) {
            return;
        }
        out.untagged().raw("STATUS ").mailbox(name).raw(" (");
        boolean first = true;
        for (Item item : items) {
            out.raw(first ? "" : " ").raw(item.name()).sp();
            first = false;
            switch (item) {
                case MESSAGES -> out.number(snap.size());
                case UIDNEXT -> out.number(snap.uidNext());
                case UIDVALIDITY -> out.number(snap.uidValidity());
                case UNSEEN -> out.number(unseen(snap));
                case HIGHESTMODSEQ -> out.number(snap.highestModSeq());
            }
        }
        out.raw(")").crlf();
    }

    private static int unseen(MailboxSnapshot snap) {
        int n = 0;
        for (int i = 0; i < snap.size(); i++) {
            if (!snap.get(i).has(Flag.SEEN)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Writes {@code * LIST (attrs) "/" name} (attributes from {@link #attributes}); with
     * {@code ("OLDNAME" (old))} after a rename (section 5.4).
     */
    static void list(ResponseWriter out, String name, String attrs, String oldName) throws IOException {
        out.untagged().raw("LIST (").raw(attrs).raw(") \"/\" ").mailbox(name);
        if (oldName != null) {
            out.raw(" (\"OLDNAME\" (").mailbox(oldName).raw("))");
        }
        out.crlf();
    }

    /**
     * The LIST attributes of {@code name} computed now (section 5.5: accurately):
     * {@code \NonExistent} when gone, else {@code \HasChildren} or {@code \HasNoChildren}, and
     * {@code \Subscribed} when subscribed; null when the store cannot say.
     */
    static String attributes(SessionContext session, String name) {
        List<MailboxInfo> all;
        Set<String> subscribed;
        try {
            all = session.mailboxes().list();
            subscribed = session.mailboxes().subscriptions();
        } catch (MailStoreException | ImapException e) {
            return null;
        }
        boolean exists = all.stream().anyMatch(i -> i.name().equals(name));
        boolean children = all.stream().anyMatch(i -> i.name().startsWith(name + "/"));
        StringBuilder attrs = new StringBuilder();
        if (!exists) {
            attrs.append("\\NonExistent");
        } else {
            attrs.append(children ? "\\HasChildren" : "\\HasNoChildren");
        }
        if (subscribed.contains(name)) {
            attrs.append(" \\Subscribed");
        }
        return attrs.toString();
    }
}
