package io.bundlebox.core.internal.server;

import io.bundlebox.imap.wire.WireLimits;

/**
 * Per-connection limits, from configuration.
 *
 * @param wire command line, literal and nesting limits
 * @param preAuthTimeoutMillis idle time allowed before authentication (default 60 s)
 * @param autologoutMillis idle time allowed after authentication (at least 30 min, RFC 9051 section 5.4)
 * @param appendLimit largest message APPEND accepts, in octets (advertised as APPENDLIMIT, RFC 7889)
 * @param maxBadBeforeAuth BAD responses to unknown commands tolerated before authentication
 */
public record Limits(WireLimits wire, int preAuthTimeoutMillis, int autologoutMillis, long appendLimit,
        int maxBadBeforeAuth) {

    /** The defaults: 64 KiB lines, 60 s before login, 30 min after, 64 MiB messages, 10 bad commands. */
    public static final Limits DEFAULT = new Limits(WireLimits.DEFAULT, 60_000, 30 * 60_000, 64L * 1024 * 1024, 10);
}
