package io.bundlebox.ext.notify;

import io.bundlebox.imap.spi.FetchItems;
import java.util.List;
import java.util.Set;

/**
 * A parsed {@code NOTIFY} command (RFC 5465 section 8): {@code NONE}, or {@code SET} with the
 * STATUS indicator, the selected-mailbox group and the other groups.
 *
 * @param none true for {@code NOTIFY NONE}
 * @param status whether {@code STATUS} was given (section 3.1)
 * @param selected the SELECTED / SELECTED-DELAYED group, or null (same as {@code SELECTED NONE})
 * @param groups the other groups, in command order
 */
record NotifyRequest(boolean none, boolean status, Selected selected, List<Group> groups) {

    /** Mailbox filters other than the selected ones (section 6). */
    enum Filter { INBOXES, PERSONAL, SUBSCRIBED, SUBTREE, MAILBOXES }

    /**
     * @param delayed SELECTED-DELAYED (expunges wait for a command that allows them, section 6.1.2)
     * @param events the message events, empty for NONE
     * @param fetch the fetch attributes of MessageNew, or null
     */
    record Selected(boolean delayed, Set<Event> events, FetchItems fetch) {
    }

    /** @param names the mailboxes of SUBTREE and MAILBOXES, else empty @param events empty for NONE */
    record Group(Filter filter, List<String> names, Set<Event> events) {
    }
}
