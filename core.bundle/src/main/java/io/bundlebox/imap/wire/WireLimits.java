package io.bundlebox.imap.wire;

/**
 * Size limits the reader enforces (RFC 9051 section 4: servers may limit command length).
 *
 * @param maxLineOctets longest command line without its literals, in octets (default 64 KiB)
 * @param maxLiteralOctets largest literal inside a command other than APPEND's message, in octets
 * @param maxNesting deepest nesting of parenthesized lists accepted
 */
public record WireLimits(int maxLineOctets, long maxLiteralOctets, int maxNesting) {

    /** 64 KiB lines, 1 MiB literals, 64 levels of nesting. */
    public static final WireLimits DEFAULT = new WireLimits(64 * 1024, 1024 * 1024, 64);
}
