package io.bundlebox.mailstore;

import java.util.List;

/**
 * One durable change in a mailbox, as published to {@link MailboxListener}s.
 *
 * <p>Mailbox-level kinds carry what a watcher needs to report them without asking the store
 * again (RFC 5465 sections 5.4 and 5.5): a rename names the old and the new mailbox, a create
 * made parents on the way publishes one CREATED per parent before the mailbox's own, and a
 * subscription change says whether the mailbox is now subscribed.
 *
 * @param user the owner of the mailbox
 * @param mailbox the mailbox name ({@code /}-delimited); for RENAMED the new name
 * @param kind what happened
 * @param records for ADDED and FLAGS: the new state of the messages concerned; else empty
 * @param uids for EXPUNGED: the UIDs removed, ascending; for ADDED and FLAGS: the UIDs of
 *     {@code records}; else empty
 * @param modSeq the mailbox's HIGHESTMODSEQ after the change (0 for mailbox-level kinds)
 * @param oldName for RENAMED: the name before the rename; else null
 * @param subscribed for SUBSCRIPTIONS: whether {@code mailbox} is subscribed after the change;
 *     else false
 * @param origin the connection id of the session whose command made the change
 *     ({@link ChangeOrigin}), or null when it was made from outside (a delivery agent, another
 *     program) or the store does not know
 */
public record MailboxChange(String user, String mailbox, Kind kind, List<MessageRecord> records,
        long[] uids, long modSeq, String oldName, boolean subscribed, String origin) {

    /** What a change did. */
    public enum Kind {
        /** New messages (APPEND, COPY, MOVE, delivery). */
        ADDED,
        /** Flags of existing messages changed. */
        FLAGS,
        /** Messages were expunged (EXPUNGE, MOVE, or files removed from outside). */
        EXPUNGED,
        /**
         * A mailbox was created; parents created on the way each publish their own CREATED first,
         * outermost first.
         */
        CREATED,
        /** A mailbox was deleted. */
        DELETED,
        /**
         * A mailbox was renamed from {@code oldName} to {@code mailbox}, its inferiors with it
         * (one change for the whole subtree: see {@link MailboxChange#renamedName}). Renaming
         * INBOX moves its messages to {@code mailbox} and leaves an empty INBOX in place (RFC 9051
         * section 6.3.6), so INBOX itself keeps its name.
         */
        RENAMED,
        /** A mailbox was subscribed or unsubscribed ({@code subscribed} says which). */
        SUBSCRIPTIONS
    }

    public MailboxChange {
        records = List.copyOf(records);
    }

    /** A change without origin (as before {@link ChangeOrigin}). */
    public MailboxChange(String user, String mailbox, Kind kind, List<MessageRecord> records, long[] uids,
            long modSeq, String oldName, boolean subscribed) {
        this(user, mailbox, kind, records, uids, modSeq, oldName, subscribed, null);
    }

    /** This change as made by {@code origin} (a connection id, or null: see {@link ChangeOrigin}). */
    public MailboxChange withOrigin(String origin) {
        return new MailboxChange(user, mailbox, kind, records, uids, modSeq, oldName, subscribed, origin);
    }

    /** A change without the mailbox-level details (message-level kinds, DELETED). */
    public MailboxChange(String user, String mailbox, Kind kind, List<MessageRecord> records, long[] uids,
            long modSeq) {
        this(user, mailbox, kind, records, uids, modSeq, null, false);
    }

    /** A mailbox-level change of {@code kind} (CREATED, DELETED) for {@code mailbox}. */
    public static MailboxChange of(String user, String mailbox, Kind kind) {
        return new MailboxChange(user, mailbox, kind, List.of(), new long[0], 0);
    }

    /** {@code oldName} and its inferiors were renamed to {@code newName}. */
    public static MailboxChange renamed(String user, String oldName, String newName) {
        return new MailboxChange(user, newName, Kind.RENAMED, List.of(), new long[0], 0, oldName, false);
    }

    /** {@code mailbox} was subscribed ({@code subscribed} true) or unsubscribed. */
    public static MailboxChange subscription(String user, String mailbox, boolean subscribed) {
        return new MailboxChange(user, mailbox, Kind.SUBSCRIPTIONS, List.of(), new long[0], 0, null, subscribed);
    }

    /**
     * For RENAMED: the new name of {@code name} if this rename moved it ({@code name} is the old
     * mailbox or one of its inferiors), else null. Always null for INBOX, which a rename leaves
     * in place, and for other kinds.
     */
    public String renamedName(String name) {
        if (kind != Kind.RENAMED || oldName == null || name.equals("INBOX")) {
            return null;
        }
        if (name.equals(oldName)) {
            return mailbox;
        }
        return name.startsWith(oldName + "/") ? mailbox + name.substring(oldName.length()) : null;
    }

    /**
     * Whether a watcher of the one mailbox {@code name} is concerned by this change: it names
     * that mailbox, or it renamed it away.
     */
    public boolean concerns(String name) {
        return name.equals(mailbox) || renamedName(name) != null;
    }
}
