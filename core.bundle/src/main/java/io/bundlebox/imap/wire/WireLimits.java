package io.bundlebox.imap.wire;

/**
 * Size limits the reader enforces (RFC 9051 section 4: servers may limit command length).
 *
 * @param maxLineOctets most octets of one command outside its literals, across all its lines, in
 *     octets (default 64 KiB); more is BAD [TOOBIG]
 * @param maxLiteralOctets most literal octets one command may hold in memory, all its literals
 *     together, in octets; a streamed literal (APPEND's message) has its own limit
 * @param maxNesting deepest nesting of parenthesized lists (and other recursive grammar, see
 *     {@link ImapReader#enterNesting()}) accepted
 */
public record WireLimits(int maxLineOctets, long maxLiteralOctets, int maxNesting) {

    /** 64 KiB lines, 1 MiB literals, 64 levels of nesting. */
    public static final WireLimits DEFAULT = new WireLimits(64 * 1024, 1024 * 1024, 64);
}
