package io.bundlebox.core.internal.server;

import io.bundlebox.imap.wire.WireLimits;

/**
 * Per-connection and per-server limits, from configuration.
 *
 * @param wire command line, literal and nesting limits
 * @param preAuthTimeoutMillis time from connecting to authentication, whatever the client sends meanwhile (default 60 s)
 * @param autologoutMillis how long a logged-in session may wait for the client's next octet (at
 *     least 30 min, RFC 9051 section 5.4); checked every tenth of it, see {@link AutologoutSweep}
 * @param appendLimit largest message APPEND accepts, in octets (advertised as APPENDLIMIT, RFC 7889)
 * @param maxBadBeforeAuth BAD responses to unknown commands tolerated before authentication
 * @param maxConnections open connections in total; more get {@code * BYE [UNAVAILABLE]} as greeting
 * @param maxConnectionsPerIp open connections from one client address
 * @param maxConnectionsPerUser sessions logged in as one user; more get {@code NO [LIMIT]} at login
 * @param authDelayInitialMillis delay before answering the first failed authentication of an address or user
 * @param authDelayMaxMillis the delay doubles with each failure up to this
 * @param outboxItems untagged items (NOTIFY events, IDLE updates) that may wait in a session's
 *     outbox for a client that does not read; beyond that they are dropped for their poster's
 *     overflow item ({@code * OK [NOTIFICATIONOVERFLOW]} for NOTIFY)
 */
public record Limits(WireLimits wire, int preAuthTimeoutMillis, int autologoutMillis, long appendLimit,
        int maxBadBeforeAuth, int maxConnections, int maxConnectionsPerIp, int maxConnectionsPerUser,
        long authDelayInitialMillis, long authDelayMaxMillis, int outboxItems) {

    /**
     * The defaults: 64 KiB lines, 60 s before login, 30 min after, 64 MiB messages, 10 bad commands,
     * 10,000 connections (100 per address, 50 per user), failed-auth delay 0.5 s doubling to 15 s,
     * 256 outbox items.
     */
    public static final Limits DEFAULT = new Limits(WireLimits.DEFAULT, 60_000, 30 * 60_000, 64L * 1024 * 1024, 10,
            10_000, 100, 50, 500, 15_000, Outbox.DEFAULT_CAPACITY);
}
