package io.bundlebox.mailstore;

import java.util.Set;

/**
 * A mailbox as LIST sees it.
 *
 * @param name {@code /}-delimited name; {@code INBOX} for the inbox
 * @param specialUse special-use attributes (RFC 6154), e.g. {@code \Sent}; immutable
 */
public record MailboxInfo(String name, Set<String> specialUse) {

    public MailboxInfo {
        specialUse = Set.copyOf(specialUse);
    }
}
