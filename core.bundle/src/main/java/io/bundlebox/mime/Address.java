package io.bundlebox.mime;

/**
 * One address of an address list, shaped like an ENVELOPE address (RFC 9051 section 7.5.2,
 * {@code (addr-name addr-adl addr-mailbox addr-host)}): strings as sent, encoded words not
 * decoded ({@link #displayName()} decodes them).
 *
 * <p>Group syntax (RFC 5322 section 3.4) appears as markers, as in ENVELOPE: the start of a
 * group has {@code mailbox} = the group name and {@code host} null; its end has every field null.
 *
 * @param name the display name (phrase), or null
 * @param route the obsolete source route ({@code @a,@b}), or null
 * @param mailbox the local part; "" when missing; the group name for a group start; null at a group end
 * @param host the domain; "" when missing; null for group markers
 */
public record Address(String name, String route, String mailbox, String host) {

    /** Whether this is a group start or end marker rather than a mailbox. */
    public boolean isGroupMarker() {
        return host == null;
    }

    /** The display name with RFC 2047 encoded words decoded, or null when there is none. */
    public String displayName() {
        return EncodedWords.decode(name);
    }

    /** {@code mailbox@host}, or the local part alone when the host is empty. */
    public String addrSpec() {
        return host == null || host.isEmpty() ? mailbox : mailbox + "@" + host;
    }
}
