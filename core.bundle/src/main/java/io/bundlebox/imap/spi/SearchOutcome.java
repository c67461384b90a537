package io.bundlebox.imap.spi;

import io.bundlebox.mailstore.MailboxSnapshot;
import java.util.Set;

/**
 * The result of a search, as {@link CommandObserver#searched} sees it.
 *
 * @param command the command name, upper case, e.g. {@code UID SEARCH}
 * @param extensionKeys names (upper case) of the extension search keys ({@link SearchKeyParser})
 *     the criteria used, e.g. {@code MODSEQ}
 * @param uids the UIDs of the matching messages, in the order of the answer (ascending for SEARCH)
 * @param snapshot the mailbox state that was searched
 */
public record SearchOutcome(String command, Set<String> extensionKeys, long[] uids, MailboxSnapshot snapshot) {

    public SearchOutcome {
        extensionKeys = Set.copyOf(extensionKeys);
    }
}
