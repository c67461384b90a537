package io.bundlebox.mailstore;

/**
 * What a user's mail occupies, for the QUOTA resources MESSAGE and STORAGE (RFC 9208
 * sections 5.1 and 5.2).
 *
 * @param messages number of messages in all of the user's mailboxes
 * @param octets sum of their sizes (RFC822.SIZE) in octets; divide by 1024, rounding up, for
 *     the STORAGE resource's kibibytes
 */
public record Usage(long messages, long octets) {
}
