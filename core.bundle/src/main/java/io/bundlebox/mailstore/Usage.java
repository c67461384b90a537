package io.bundlebox.mailstore;

/**
 * What a user's mail occupies, for the QUOTA resources STORAGE, MESSAGE and MAILBOX (RFC 9208
 * sections 5.1 to 5.3). All figures are exact counts of what the store holds now.
 *
 * @param messages number of messages in all of the user's mailboxes
 * @param octets sum of their sizes (RFC822.SIZE) in octets; divide by 1024, rounding up, for
 *     the STORAGE resource's units of 1,024 octets
 * @param mailboxes number of the user's mailboxes, INBOX included
 */
public record Usage(long messages, long octets, long mailboxes) {

    /** STORAGE usage (RFC 9208 section 5.1): {@code octets} in units of 1,024 octets, rounded up. */
    public long kibibytes() {
        return (octets + 1023) / 1024;
    }
}
