package io.bundlebox.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The tenants of a home as {@code bin/bundlebox} sees them without a running server: the files
 * {@code conf/tenant-ID.cfg} (the keys the core reads, see the README's tenants section). Used to
 * pick the users file of a login name ({@code user add alice@a.example}) and for {@code tenant list}.
 */
final class TenantFiles {

    /**
     * One tenant file.
     *
     * @param id ID of {@code tenant-ID.cfg}
     * @param name the {@code name} key, or "" for the server's
     * @param domains lower-case login domains
     * @param extensions the {@code extensions} key ({@code *} when absent)
     * @param storeType {@code store.type}
     * @param mailRoot the mail root, absolute
     * @param usersFile the users file, absolute
     */
    record Tenant(String id, String name, List<String> domains, String extensions, String storeType, Path mailRoot,
            Path usersFile) {
    }

    private final Home home;

    TenantFiles(Home home) {
        this.home = home;
    }

    /** Every tenant file, by id. */
    List<Tenant> all() throws IOException {
        List<Tenant> out = new ArrayList<>();
        if (!Files.isDirectory(home.conf())) {
            return out;
        }
        try (Stream<Path> files = Files.list(home.conf())) {
            for (Path f : files.sorted().toList()) {
                String file = f.getFileName().toString();
                if (file.startsWith("tenant-") && file.endsWith(".cfg")) {
                    out.add(read(file.substring("tenant-".length(), file.length() - ".cfg".length()), f));
                }
            }
        }
        return out;
    }

    private Tenant read(String id, Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        List<String> domains = new ArrayList<>();
        for (String d : p.getProperty("domains", "").split(",")) {
            if (!d.isBlank()) {
                domains.add(d.strip().toLowerCase(Locale.ROOT));
            }
        }
        return new Tenant(id, p.getProperty("name", "").strip(), domains, p.getProperty("extensions", "*").strip(),
                blankOr(p.getProperty("store.type"), "maildir"), path(p.getProperty("mail.root"), "var/mail-" + id),
                path(p.getProperty("users.file"), "conf/users-" + id));
    }

    private static String blankOr(String v, String dflt) {
        return v == null || v.isBlank() ? dflt : v.strip();
    }

    private Path path(String v, String dflt) {
        return home.dir().resolve(blankOr(v, dflt)).toAbsolutePath().normalize();
    }

    /** The tenant whose domains list the domain of {@code user} (after its last {@code @}), or null for the default tenant. */
    Tenant forLogin(String user) throws IOException {
        int at = user.lastIndexOf('@');
        if (at < 0) {
            return null;
        }
        String domain = user.substring(at + 1).toLowerCase(Locale.ROOT);
        for (Tenant t : all()) {
            if (t.domains().contains(domain)) {
                return t;
            }
        }
        return null;
    }

    /** The users file {@code user} is kept in: its tenant's, or {@code conf/users}. */
    Path usersFileFor(String user) throws IOException {
        Tenant t = forLogin(user);
        return t == null ? home.usersFile() : t.usersFile();
    }

    /** Octets of the files under {@code root} (0 when it does not exist). */
    static long storage(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // removed while walking
                }
            }).sum();
        }
    }

    /** The text of {@code tenant list}: one line per tenant (the default one first). */
    String list() throws IOException {
        StringBuilder out = new StringBuilder(String.format("%-16s %-28s %-30s %6s %12s  %s%n", "TENANT", "DOMAINS", "EXTENSIONS",
                "USERS", "STORAGE", "MAIL ROOT"));
        out.append(line("default", "(bare names)", "*", home.usersFile(), home.dir().resolve("var/mail")));
        for (Tenant t : all()) {
            out.append(line(t.id(), String.join(",", t.domains()), t.extensions(), t.usersFile(), t.mailRoot()));
        }
        return out.toString();
    }

    private static String line(String id, String domains, String extensions, Path users, Path root) throws IOException {
        return String.format("%-16s %-28s %-30s %6d %12s  %s%n", id, domains, extensions, new UsersFile(users).names().size(),
                human(storage(root)), root);
    }

    private static String human(long octets) {
        if (octets < 1024) {
            return octets + " B";
        }
        if (octets < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", octets / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", octets / (1024.0 * 1024));
    }
}
