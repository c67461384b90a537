package io.bundlebox.launcher.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Build-time tool (run by exec-maven-plugin in the launcher's package phase): makes one
 * self-contained distribution folder and one {@code .tar.gz} for every profile file in
 * {@code cnf/profiles/}. The profile format is documented in {@code cnf/README.md}.
 *
 * <p>Layout of a distribution: {@code bin/bundlebox}, {@code lib/} (launcher jar, Felix framework,
 * {@code distribution.properties}), {@code bundles/} (runtime + profile bundles),
 * {@code extensions/} (the profile's extensions), {@code conf/} (default configuration).
 *
 * <p>Arguments: {@code --cnf DIR --jars DIR --launcher JAR --dist-files DIR --out DIR --version V}.
 */
public final class DistributionBuilder {

    /** The launcher's own class path besides its jar (see its manifest's Class-Path), copied to lib/. */
    private static final List<String> LAUNCHER_CLASS_PATH = List.of("org.apache.felix.framework", "org.osgi.service.log");

    private final Path cnf;
    private final Path distFiles;
    private final Path launcherJar;
    private final Path out;
    private final String version;
    /** Bundle-SymbolicName to jar, for every jar gathered by maven-dependency-plugin. */
    private final Map<String, Path> jarsByBsn;

    DistributionBuilder(Path cnf, Path jars, Path launcherJar, Path distFiles, Path out, String version) throws IOException {
        this.cnf = cnf;
        this.launcherJar = launcherJar;
        this.distFiles = distFiles;
        this.out = out;
        this.version = version;
        this.jarsByBsn = indexBySymbolicName(jars);
    }

    /** Entry point; see the class comment for the arguments. Fails the build with one message on a bad profile. */
    public static void main(String[] args) throws IOException {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        DistributionBuilder builder = new DistributionBuilder(Path.of(a.get("--cnf")), Path.of(a.get("--jars")),
                Path.of(a.get("--launcher")), Path.of(a.get("--dist-files")), Path.of(a.get("--out")), a.get("--version"));
        List<Path> profiles;
        try (Stream<Path> s = Files.list(builder.cnf.resolve("profiles"))) {
            profiles = s.filter(p -> p.getFileName().toString().endsWith(".properties")).sorted().toList();
        }
        if (profiles.isEmpty()) {
            throw new IllegalStateException("no profile in " + builder.cnf.resolve("profiles"));
        }
        for (Path profile : profiles) {
            Path folder = builder.build(profile);
            System.out.println("[bundlebox] distribution " + folder + " (+ .tar.gz) from " + profile.getFileName());
        }
    }

    /**
     * Builds the distribution of one profile.
     *
     * @return the distribution folder
     */
    Path build(Path profileFile) throws IOException {
        String profileName = profileFile.getFileName().toString().replaceFirst("\\.properties$", "");
        Properties profile = load(profileFile);
        String folderName = profile.getProperty("folder", "bundlebox-" + profileName).strip();
        String brand = profile.getProperty("brand", "Bundlebox").strip();
        Path dist = out.resolve(folderName);
        deleteTree(dist);

        copyTree(distFiles, dist);
        Path script = dist.resolve("bin/bundlebox");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        Path lib = Files.createDirectories(dist.resolve("lib"));
        Files.copy(launcherJar, lib.resolve("bundlebox-launcher.jar"));
        for (String bsn : LAUNCHER_CLASS_PATH) {
            copyJar(bsn, lib, profileFile);
        }
        Properties about = new Properties();
        about.setProperty("profile", profileName);
        about.setProperty("brand", brand);
        about.setProperty("version", version);
        try (OutputStream o = Files.newOutputStream(lib.resolve("distribution.properties"))) {
            about.store(o, "Bundlebox distribution, read by the launcher");
        }

        Path bundles = Files.createDirectories(dist.resolve("bundles"));
        for (String bsn : list(load(cnf.resolve("runtime.properties")), "bundles")) {
            copyJar(bsn, bundles, cnf.resolve("runtime.properties"));
        }
        for (String bsn : list(profile, "bundles")) {
            copyJar(bsn, bundles, profileFile);
        }
        Path extensions = Files.createDirectories(dist.resolve("extensions"));
        for (String bsn : list(profile, "extensions")) {
            copyJar(bsn, extensions, profileFile);
        }

        // shared defaults, then the profile's own overlay
        copyTree(cnf.resolve("conf"), dist.resolve("conf"));
        String overlay = profile.getProperty("conf", "").strip();
        if (!overlay.isEmpty()) {
            copyTree(cnf.resolve(overlay), dist.resolve("conf"));
        }

        writeTarGz(dist, out.resolve(folderName + ".tar.gz"));
        return dist;
    }

    private void copyJar(String bsn, Path dir, Path namedIn) throws IOException {
        Path jar = jarsByBsn.get(bsn);
        if (jar == null) {
            throw new IllegalStateException(namedIn.getFileName() + " names bundle " + bsn
                    + ", which is not a dependency of the launcher module (known: " + jarsByBsn.keySet() + ")");
        }
        Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Map<String, Path> indexBySymbolicName(Path jars) throws IOException {
        Map<String, Path> index = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(jars)) {
            for (Path jar : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                try (JarFile jf = new JarFile(jar.toFile())) {
                    String bsn = jf.getManifest() == null ? null
                            : jf.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
                    if (bsn != null) {
                        index.put(bsn.split(";")[0].strip(), jar);
                    }
                }
            }
        }
        return index;
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }

    private static List<String> list(Properties p, String key) {
        return Arrays.stream(p.getProperty(key, "").split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Writes {@code dist} as {@code folder/...} entries, keeping the executable bit of bin/. */
    private static void writeTarGz(Path dist, Path tarGz) throws IOException {
        Path base = dist.getParent();
        try (OutputStream file = Files.newOutputStream(tarGz);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file));
             Stream<Path> s = Files.walk(dist)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path p : s.sorted().toList()) {
                String name = base.relativize(p).toString() + (Files.isDirectory(p) ? "/" : "");
                TarArchiveEntry entry = new TarArchiveEntry(p, name);
                entry.setMode(Files.isDirectory(p) || Files.isExecutable(p) ? 0755 : 0644);
                tar.putArchiveEntry(entry);
                if (Files.isRegularFile(p)) {
                    Files.copy(p, tar);
                }
                tar.closeArchiveEntry();
            }
        }
    }
}
