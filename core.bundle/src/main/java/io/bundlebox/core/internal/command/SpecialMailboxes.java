package io.bundlebox.core.internal.command;

import io.bundlebox.imap.api.MailboxName;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.MailboxInfo;
import io.bundlebox.mailstore.UserMailboxes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The special-use mailboxes (RFC 6154 section 2) a user finds at the first login, as Thunderbird,
 * Apple Mail and K-9 expect: by default Drafts ({@code \Drafts}), Sent ({@code \Sent}), Trash
 * ({@code \Trash}) and Junk ({@code \Junk}), created and subscribed. A user whose Maildir already
 * has such folders (moved from another server) gets them marked, not a second one: a mailbox that
 * already carries the attribute is left alone, one with the configured name (any case) gets the
 * attribute. Configured by {@code mailboxes.special} in {@code io.bundlebox.server}, a comma list
 * of {@code Name=\Attribute}; empty for none.
 */
public final class SpecialMailboxes {

    private static final Logger LOG = Logger.getLogger(SpecialMailboxes.class.getName());

    /** The default of {@code mailboxes.special}. */
    public static final String DEFAULT = "Drafts=\\Drafts,Sent=\\Sent,Trash=\\Trash,Junk=\\Junk";

    /** One wanted mailbox: its name and its attribute. */
    public record Wanted(String name, String use) {
    }

    private SpecialMailboxes() {
    }

    /**
     * Reads {@code mailboxes.special}: {@code Name=\Attribute[,Name=\Attribute...]}, blank for none.
     *
     * @throws IllegalArgumentException for an entry without {@code =}, an empty or invalid name,
     *     INBOX, or an attribute RFC 6154 does not define
     */
    public static List<Wanted> parse(String value) {
        List<Wanted> wanted = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return wanted;
        }
        for (String entry : value.split(",")) {
            int eq = entry.lastIndexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).strip();
            String use = eq < 0 ? null : CreateCommand.SPECIAL_USES.get(entry.substring(eq + 1).strip().toLowerCase(Locale.ROOT));
            if (name.isEmpty() || use == null || name.equalsIgnoreCase(MailboxName.INBOX)) {
                throw new IllegalArgumentException("mailboxes.special entry '" + entry.strip()
                        + "' is not Name=\\Attribute with a special use a mailbox can hold (\\Drafts, \\Sent, \\Trash, \\Junk, \\Archive)");
            }
            wanted.add(new Wanted(name, use));
        }
        return wanted;
    }

    /**
     * At a login: on the user's first one ({@link UserMailboxes#firstLogin}), creates, marks and
     * subscribes the wanted mailboxes. A failure is logged and the login goes on.
     */
    public static void atLogin(UserMailboxes boxes, List<Wanted> wanted) {
        if (wanted.isEmpty()) {
            return;
        }
        try {
            if (!boxes.firstLogin()) {
                return;
            }
            List<MailboxInfo> existing = boxes.list();
            for (Wanted w : wanted) {
                setUp(boxes, existing, w);
            }
        } catch (MailStoreException e) {
            LOG.warning("cannot set up the special-use mailboxes of " + boxes.user() + ": " + e.getMessage());
        }
    }

    private static void setUp(UserMailboxes boxes, List<MailboxInfo> existing, Wanted w) throws MailStoreException {
        for (MailboxInfo m : existing) {
            if (m.specialUse().contains(w.use())) {
                return; // the user has one already, under whatever name
            }
        }
        for (MailboxInfo m : existing) {
            if (m.name().equalsIgnoreCase(w.name())) {
                Set<String> uses = new LinkedHashSet<>(m.specialUse());
                uses.add(w.use());
                boxes.setSpecialUse(m.name(), uses);
                subscribe(boxes, m.name());
                return;
            }
        }
        boxes.create(w.name(), Set.of(w.use()));
        subscribe(boxes, w.name());
    }

    private static void subscribe(UserMailboxes boxes, String name) throws MailStoreException {
        if (!boxes.subscriptions().contains(name)) {
            boxes.subscribe(name);
        }
    }
}
