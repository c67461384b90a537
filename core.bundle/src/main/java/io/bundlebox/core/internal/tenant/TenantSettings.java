package io.bundlebox.core.internal.tenant;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One tenant's configuration: a ConfigAdmin factory configuration of PID {@value #FACTORY_PID},
 * the file {@code conf/tenant-ID.cfg} (DESIGN.md section 6). Keys:
 * <ul>
 * <li>{@code domains} — comma-separated login domains: {@code alice@a.example} logs in to the
 * tenant listing {@code a.example} (case-insensitive); a domain belongs to one tenant only;
 * <li>{@code extensions} — comma-separated capability names or bundle symbolic names the tenant's
 * sessions may use, {@code *} for every installed one (default {@code *});
 * <li>{@code mail.root} — the tenant's mail root (default {@code HOME/var/mail-ID}); must not
 * overlap another tenant's;
 * <li>{@code store.type} — which store bundle serves it (default {@code maildir});
 * <li>{@code users.file} — the tenant's users file, entries by full login name (default {@code HOME/conf/users-ID});
 * <li>{@code name} — the name ID answers (RFC 2971) to the tenant's sessions (default: the server's name);
 * <li>any other key (e.g. the quota defaults {@code storage.kib}, {@code messages}, {@code mailboxes},
 * {@code user.NAME.storage.kib}, {@code admins}) is handed to extensions as
 * {@code SessionContext.tenantSettings()}; keys {@code store.X} (other than {@code store.type})
 * are the store's option {@code X} (e.g. {@code store.index.compactAfter}).
 * </ul>
 *
 * @param id the tenant's id: ID of the file name {@code tenant-ID.cfg}
 * @param name the server name shown to the tenant's sessions
 * @param domains lower-case login domains
 * @param extensions allowed capability names and bundle symbolic names, as written
 * @param mailRoot absolute mail root
 * @param storeType {@code store.type}
 * @param usersFile absolute users file
 * @param keys every configuration key with its value as a string, ConfigAdmin's own keys left out
 */
public record TenantSettings(String id, String name, Set<String> domains, List<String> extensions, Path mailRoot,
        String storeType, Path usersFile, Map<String, String> keys) {

    /** The factory PID: FileInstall maps {@code conf/tenant-ID.cfg} to it. */
    public static final String FACTORY_PID = "tenant";
    /** The id of the tenant of bare login names, whose settings are the server's. */
    public static final String DEFAULT_ID = "default";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

    public TenantSettings {
        domains = Set.copyOf(domains);
        extensions = List.copyOf(extensions);
        keys = Map.copyOf(keys);
    }

    /** The default tenant: today's single-tenant settings from {@code io.bundlebox.server}. */
    public static TenantSettings defaults(String name, Path mailRoot, Path usersFile, String storeType) {
        return new TenantSettings(DEFAULT_ID, name, Set.of(), List.of("*"), mailRoot, storeType, usersFile, Map.of());
    }

    /**
     * Reads a tenant's factory configuration.
     *
     * @param config the configuration properties (with ConfigAdmin's and FileInstall's own keys)
     * @param home the installation home, against which relative paths resolve
     * @param serverName the default for {@code name}
     * @throws IllegalArgumentException saying what is wrong, in one line
     */
    public static TenantSettings from(Map<String, ?> config, Path home, String serverName) {
        String id = id(config);
        if (!ID.matcher(id).matches() || id.equalsIgnoreCase(DEFAULT_ID)) {
            throw new IllegalArgumentException("tenant id '" + id + "' (from the file name tenant-ID.cfg) must be letters, digits, '.', '_' or '-', and not 'default'");
        }
        Map<String, String> keys = new TreeMap<>();
        config.forEach((k, v) -> {
            if (!k.startsWith("service.") && !k.startsWith("felix.fileinstall.") && !k.startsWith("component.")
                    && !k.startsWith("osgi.") && !k.equals("objectClass")) {
                keys.put(k, v instanceof String[] a ? String.join(",", a) : String.valueOf(v));
            }
        });
        Set<String> domains = new LinkedHashSet<>();
        for (String d : list(keys.get("domains"))) {
            String lower = d.toLowerCase(Locale.ROOT);
            if (!DOMAIN.matcher(lower).matches()) {
                throw new IllegalArgumentException("domains: '" + d + "' is not a domain name");
            }
            domains.add(lower);
        }
        List<String> extensions = keys.containsKey("extensions") ? list(keys.get("extensions")) : List.of("*");
        String storeType = keys.getOrDefault("store.type", "").strip();
        String name = keys.getOrDefault("name", "").strip();
        return new TenantSettings(id, name.isEmpty() ? serverName : name, domains, extensions,
                path(home, keys.get("mail.root"), "var/mail-" + id), storeType.isEmpty() ? "maildir" : storeType,
                path(home, keys.get("users.file"), "conf/users-" + id), keys);
    }

    /** The id: ID of {@code tenant-ID.cfg} (FileInstall's file name), else the name of a named factory configuration. */
    private static String id(Map<String, ?> config) {
        Object file = config.get("felix.fileinstall.filename");
        if (file != null) {
            String f = file.toString();
            f = f.substring(f.lastIndexOf('/') + 1);
            int dot = f.lastIndexOf('.');
            f = dot > 0 ? f.substring(0, dot) : f;
            if (f.startsWith(FACTORY_PID + "-")) {
                return f.substring(FACTORY_PID.length() + 1);
            }
        }
        String pid = String.valueOf(config.get("service.pid"));
        int tilde = pid.indexOf('~');
        return tilde >= 0 ? pid.substring(tilde + 1) : pid;
    }

    private static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private static Path path(Path home, String value, String dflt) {
        return home.resolve(value == null || value.isBlank() ? dflt : value.strip()).toAbsolutePath().normalize();
    }

    /** The store's options: the keys {@code store.X} as {@code X}, without {@code store.type}. */
    public Map<String, Object> storeOptions() {
        Map<String, Object> out = new TreeMap<>();
        keys.forEach((k, v) -> {
            if (k.startsWith("store.") && !k.equals("store.type")) {
                out.put(k.substring("store.".length()), v);
            }
        });
        return out;
    }

    /** Whether the store settings (type, root, options) are those of {@code other}: then one store serves both. */
    public boolean sameStore(TenantSettings other) {
        return storeType.equals(other.storeType) && mailRoot.equals(other.mailRoot) && storeOptions().equals(other.storeOptions());
    }

    /** Whether this is the default tenant. */
    public boolean isDefault() {
        return id.equals(DEFAULT_ID);
    }
}
