package io.bundlebox.mailstore;

import java.util.List;

/**
 * One durable change in a mailbox, as published to {@link MailboxListener}s.
 *
 * @param user the owner of the mailbox
 * @param mailbox the mailbox name ({@code /}-delimited)
 * @param kind what happened
 * @param records for ADDED and FLAGS: the new state of the messages concerned; else empty
 * @param uids for EXPUNGED: the UIDs removed, ascending; for ADDED and FLAGS: the UIDs of
 *     {@code records}; else empty
 * @param modSeq the mailbox's HIGHESTMODSEQ after the change (0 for mailbox-level kinds)
 */
public record MailboxChange(String user, String mailbox, Kind kind, List<MessageRecord> records,
        long[] uids, long modSeq) {

    /** What a change did. */
    public enum Kind {
        /** New messages (APPEND, COPY, MOVE, delivery). */
        ADDED,
        /** Flags of existing messages changed. */
        FLAGS,
        /** Messages were expunged (EXPUNGE, MOVE, or files removed from outside). */
        EXPUNGED,
        /** A mailbox was created. */
        CREATED,
        /** A mailbox was deleted. */
        DELETED,
        /** A mailbox was renamed; {@code mailbox} is the new name. */
        RENAMED,
        /** Subscriptions changed. */
        SUBSCRIPTIONS
    }

    public MailboxChange {
        records = List.copyOf(records);
    }
}
