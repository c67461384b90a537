package io.bundlebox.imap.spi;

import java.util.Objects;

/**
 * What a command is about to add to the authenticated user's mail, as an {@link AppendGuard} is
 * asked to reserve room for it before anything is written.
 *
 * <p>Shapes by kind:
 * <ul>
 * <li>{@link Kind#APPEND} (RFC 9051 section 6.3.12): {@code source} null, {@code messages} 1,
 * {@code octets} the literal's announced size, {@code mailboxes} 0;
 * <li>{@link Kind#COPY} and {@link Kind#MOVE} (sections 6.4.7, 6.4.8): {@code source} the selected
 * mailbox, {@code messages} and {@code octets} what the chosen messages hold now (RFC822.SIZE
 * summed), {@code mailboxes} 0. A MOVE removes the messages from {@code source} in the same
 * operation: a guard whose accounting covers both mailboxes needs no new room for it;
 * <li>{@link Kind#CREATE} (section 6.3.4): {@code source} null, {@code target} the new mailbox,
 * {@code messages} and {@code octets} 0, {@code mailboxes} how many mailboxes come into being
 * (the target and any missing superior level);
 * <li>{@link Kind#RENAME} (section 6.3.6): {@code source} the old name, {@code target} the new,
 * {@code mailboxes} the mailboxes it adds: missing superior levels of the new name, plus one when
 * INBOX is renamed (INBOX stays, empty, and its messages move to the new mailbox, within one user).
 * </ul>
 *
 * @param kind the command's kind
 * @param source the mailbox messages come from, or null
 * @param target the mailbox that grows or comes into being; never null
 * @param messages how many messages are added, at least 0
 * @param octets their total size in octets, at least 0
 * @param mailboxes how many mailboxes are created, at least 0
 */
public record Addition(Kind kind, String source, String target, int messages, long octets, int mailboxes) {

    /** The command that adds. */
    public enum Kind { APPEND, COPY, MOVE, CREATE, RENAME }

    public Addition {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        if (messages < 0 || octets < 0 || mailboxes < 0) {
            throw new IllegalArgumentException("negative addition: " + messages + " messages, " + octets
                    + " octets, " + mailboxes + " mailboxes");
        }
    }

    /** An APPEND of one message of {@code octets} into {@code target}. */
    public static Addition append(String target, long octets) {
        return new Addition(Kind.APPEND, null, target, 1, octets, 0);
    }
}
