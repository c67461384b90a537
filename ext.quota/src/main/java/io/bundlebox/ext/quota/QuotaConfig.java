package io.bundlebox.ext.quota;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The configuration of PID {@value #PID} ({@code conf/io.bundlebox.ext.quota.cfg}), parsed:
 * <ul>
 * <li>{@code storage.kib}, {@code messages}, {@code mailboxes} — the default limits of every
 * user's quota root (RFC 9208 sections 5.1 to 5.3; STORAGE in units of 1,024 octets); absent or 0
 * means unlimited;
 * <li>{@code user.NAME.storage.kib}, {@code user.NAME.messages}, {@code user.NAME.mailboxes} —
 * one user's overrides (NAME may contain dots); 0 means unlimited for that user;
 * <li>{@code admins} — comma-separated user names allowed to use SETQUOTA.
 * </ul>
 * Other keys (FileInstall's {@code felix.fileinstall.filename}, {@code service.pid}, ...) are
 * ignored. Immutable.
 */
final class QuotaConfig {

    /** The ConfigAdmin PID. */
    static final String PID = "io.bundlebox.ext.quota";
    static final String ADMINS = "admins";
    private static final String USER = "user.";

    /** No configuration: nothing limited, no administrator. */
    static final QuotaConfig EMPTY = new QuotaConfig(new EnumMap<>(Resource.class), Map.of(), Set.of());

    /** Default limits; 0 = unlimited. */
    private final EnumMap<Resource, Long> defaults;
    /** Per user, the resources overridden (0 = unlimited). */
    private final Map<String, EnumMap<Resource, Long>> users;
    private final Set<String> admins;

    private QuotaConfig(EnumMap<Resource, Long> defaults, Map<String, EnumMap<Resource, Long>> users, Set<String> admins) {
        this.defaults = defaults;
        this.users = users;
        this.admins = admins;
    }

    /**
     * Parses configuration properties.
     *
     * @throws IllegalArgumentException naming the first key whose value is not a number from 0 to 2^63-1
     */
    static QuotaConfig parse(Map<String, ?> properties) {
        EnumMap<Resource, Long> defaults = new EnumMap<>(Resource.class);
        Map<String, EnumMap<Resource, Long>> users = new HashMap<>();
        Set<String> admins = new LinkedHashSet<>();
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            String key = e.getKey();
            if (key.equals(ADMINS)) {
                for (String name : String.valueOf(e.getValue()).split(",")) {
                    if (!name.isBlank()) {
                        admins.add(name.strip());
                    }
                }
                continue;
            }
            for (Resource r : Resource.values()) {
                if (key.equals(r.key())) {
                    defaults.put(r, number(key, e.getValue()));
                } else if (key.startsWith(USER) && key.endsWith("." + r.key())
                        && key.length() > USER.length() + r.key().length() + 1) {
                    String user = key.substring(USER.length(), key.length() - r.key().length() - 1);
                    users.computeIfAbsent(user, u -> new EnumMap<>(Resource.class)).put(r, number(key, e.getValue()));
                }
            }
        }
        return new QuotaConfig(defaults, Map.copyOf(users), Set.copyOf(admins));
    }

    private static long number(String key, Object value) {
        String text = String.valueOf(value).strip();
        try {
            long n = Long.parseLong(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " = " + text + " is not a number from 0 (unlimited) to 9223372036854775807");
    }

    /** The limits of {@code user}'s quota root: overrides, else defaults; 0 = unlimited either way. */
    Limits limitsOf(String user) {
        Map<Resource, Long> own = users.getOrDefault(user, new EnumMap<>(Resource.class));
        Map<Resource, Long> effective = new EnumMap<>(Resource.class);
        for (Resource r : Resource.values()) {
            long limit = own.getOrDefault(r, defaults.getOrDefault(r, 0L));
            if (limit > 0) {
                effective.put(r, limit);
            }
        }
        return Limits.of(effective);
    }

    /** Whether {@code user} may use SETQUOTA. */
    boolean isAdmin(String user) {
        return admins.contains(user);
    }

    /**
     * The configuration keys that make {@code user}'s limits exactly {@code limits} (SETQUOTA,
     * RFC 9208 section 4.1.3: resources not named are no longer limited, so each resource gets a
     * key, 0 for unlimited).
     */
    static Map<String, String> userKeys(String user, Limits limits) {
        Map<String, String> keys = new HashMap<>();
        for (Resource r : Resource.values()) {
            keys.put(USER + user + "." + r.key(), Long.toString(limits.of(r)));
        }
        return keys;
    }
}
