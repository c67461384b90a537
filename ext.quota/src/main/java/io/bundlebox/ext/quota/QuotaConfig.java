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

    /**
     * A configuration with the properties it was parsed from (a tenant's keys are laid over them,
     * see {@link TenantQuotaConfigs}). Replaced, never changed, when the configuration changes.
     *
     * @param properties the configuration properties, unmodifiable
     * @param config those properties parsed
     */
    record Source(Map<String, Object> properties, QuotaConfig config) {

        /** Nothing configured. */
        static final Source EMPTY = new Source(Map.of(), QuotaConfig.EMPTY);

        /**
         * Parses {@code properties}.
         *
         * @throws IllegalArgumentException as {@link QuotaConfig#parse}
         */
        static Source of(Map<String, ?> properties) {
            Map<String, Object> copy = new HashMap<>(properties);
            return new Source(java.util.Collections.unmodifiableMap(copy), parse(copy));
        }
    }

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
                String user = userOf(key, r);
                if (key.equals(r.key())) {
                    defaults.put(r, number(key, e.getValue()));
                } else if (user != null) {
                    users.computeIfAbsent(user, u -> new EnumMap<>(Resource.class)).put(r, number(key, e.getValue()));
                }
            }
        }
        return new QuotaConfig(defaults, Map.copyOf(users), Set.copyOf(admins));
    }

    /**
     * Whether {@code key} is one of this configuration's keys ({@code admins}, a default limit or a
     * {@code user.NAME.} override), as a tenant's file may carry them.
     */
    static boolean isQuotaKey(String key) {
        if (key.equals(ADMINS)) {
            return true;
        }
        for (Resource r : Resource.values()) {
            if (key.equals(r.key()) || userOf(key, r) != null) {
                return true;
            }
        }
        return false;
    }

    /** NAME of a key {@code user.NAME.} + {@code r}'s key, else null. */
    private static String userOf(String key, Resource r) {
        if (key.startsWith(USER) && key.endsWith("." + r.key()) && key.length() > USER.length() + r.key().length() + 1) {
            return key.substring(USER.length(), key.length() - r.key().length() - 1);
        }
        return null;
    }

    /** Whether {@code keys} set a limit of {@code user} by a {@code user.NAME.} override. */
    static boolean overridesUser(Map<String, String> keys, String user) {
        for (Resource r : Resource.values()) {
            if (keys.containsKey(USER + user + "." + r.key())) {
                return true;
            }
        }
        return false;
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
