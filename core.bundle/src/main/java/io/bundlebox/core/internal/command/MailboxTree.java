package io.bundlebox.core.internal.command;

import io.bundlebox.imap.api.MailboxName;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.MailboxInfo;
import io.bundlebox.mailstore.UserMailboxes;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * One user's mailbox hierarchy as LIST and LSUB see it (RFC 9051 section 6.3.9): the existing
 * mailboxes with their special-use attributes, the subscribed names, and the hierarchy levels
 * implied by them. Taken once per command from the store, so a LIST answers from one consistent
 * picture.
 */
final class MailboxTree {

    /**
     * The order names are listed in: INBOX first, then level by level so that a parent comes
     * right before its children ({@code a}, {@code a/b}, {@code a-c}).
     */
    static final Comparator<String> LISTING_ORDER = Comparator
            .comparing((String name) -> !name.equals(MailboxName.INBOX))
            .thenComparing(name -> name.replace(MailboxName.DELIMITER, '\0'));

    private final Map<String, MailboxInfo> existing = new HashMap<>();
    /** Existing names in code-point order, for prefix ranges. */
    private final NavigableSet<String> existingSorted = new TreeSet<>();
    private final NavigableSet<String> subscribed = new TreeSet<>();

    MailboxTree(Collection<MailboxInfo> mailboxes, Collection<String> subscriptions) {
        for (MailboxInfo info : mailboxes) {
            String name = MailboxName.normalize(info.name());
            existing.put(name, info);
            existingSorted.add(name);
        }
        for (String name : subscriptions) {
            subscribed.add(MailboxName.normalize(name));
        }
    }

    /** Reads the hierarchy of {@code mailboxes}; subscriptions only when {@code withSubscriptions}. */
    static MailboxTree load(UserMailboxes mailboxes, boolean withSubscriptions) throws MailStoreException {
        return new MailboxTree(mailboxes.list(), withSubscriptions ? mailboxes.subscriptions() : Set.of());
    }

    /** Whether {@code name} is an existing mailbox. */
    boolean exists(String name) {
        return existing.containsKey(name);
    }

    /** The special-use attributes of an existing mailbox (RFC 6154), empty otherwise. */
    Set<String> specialUse(String name) {
        MailboxInfo info = existing.get(name);
        return info == null ? Set.of() : info.specialUse();
    }

    /** Whether {@code name} is subscribed. */
    boolean subscribed(String name) {
        return subscribed.contains(name);
    }

    /** Whether some existing mailbox lies below {@code name} (\HasChildren, RFC 9051 section 6.3.9.5). */
    boolean hasChildren(String name) {
        return !descendants(existingSorted, name).isEmpty();
    }

    /** The existing mailbox names. */
    Set<String> existing() {
        return existingSorted;
    }

    /** The subscribed names, existing or not. */
    NavigableSet<String> subscriptions() {
        return subscribed;
    }

    /** The names strictly below {@code name} in a code-point-ordered set. */
    static NavigableSet<String> descendants(NavigableSet<String> names, String name) {
        // every name below "a" starts with "a/" and sorts before "a0" ('0' follows '/')
        return names.subSet(name + MailboxName.DELIMITER, false, name + (char) (MailboxName.DELIMITER + 1), false);
    }

    /** Every proper ancestor level of {@code names} ({@code a} and {@code a/b} for {@code a/b/c}). */
    static Set<String> levelsAbove(Collection<String> names) {
        Set<String> levels = new TreeSet<>();
        for (String name : names) {
            for (int i = name.indexOf(MailboxName.DELIMITER); i > 0; i = name.indexOf(MailboxName.DELIMITER, i + 1)) {
                levels.add(name.substring(0, i));
            }
        }
        return levels;
    }
}
