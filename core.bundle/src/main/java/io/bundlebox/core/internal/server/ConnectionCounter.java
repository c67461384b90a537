package io.bundlebox.core.internal.server;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts open connections in total and per client address, and logged-in sessions per user, for
 * {@code limit.connections}, {@code limit.connections.per.ip} and {@code limit.connections.per.user}.
 */
final class ConnectionCounter {

    private int total;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private final Map<String, Integer> perUser = new HashMap<>();

    /** Counts a new connection unless that would exceed a limit; returns whether it was counted. */
    synchronized boolean open(InetAddress address, Limits limits) {
        if (total >= limits.maxConnections() || perAddress.getOrDefault(address, 0) >= limits.maxConnectionsPerIp()) {
            return false;
        }
        total++;
        perAddress.merge(address, 1, Integer::sum);
        return true;
    }

    /** Uncounts a connection that {@link #open} counted. */
    synchronized void close(InetAddress address) {
        total--;
        perAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
    }

    /** Counts a login of {@code user} unless that would exceed its limit; returns whether it was counted. */
    synchronized boolean login(String user, Limits limits) {
        if (perUser.getOrDefault(user, 0) >= limits.maxConnectionsPerUser()) {
            return false;
        }
        perUser.merge(user, 1, Integer::sum);
        return true;
    }

    /** Uncounts a login that {@link #login} counted. */
    synchronized void logout(String user) {
        perUser.computeIfPresent(user, (u, n) -> n == 1 ? null : n - 1);
    }
}
