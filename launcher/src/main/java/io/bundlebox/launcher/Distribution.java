package io.bundlebox.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The installed distribution: the folder holding {@code bin/}, {@code lib/}, {@code bundles/},
 * {@code extensions/} and {@code conf/}, and what {@code lib/distribution.properties} says
 * about it (profile, brand, version).
 *
 * @param folder the distribution folder
 * @param brand server name for the greeting and ID, from the profile
 * @param version the Bundlebox version
 */
record Distribution(Path folder, String brand, String version) {

    /**
     * Finds the distribution from the system property {@code bundlebox.dist} (set by
     * {@code bin/bundlebox}), else from the location of the launcher jar ({@code DIST/lib/}).
     */
    static Distribution locate() throws LauncherException {
        String property = System.getProperty("bundlebox.dist");
        Path folder;
        if (property != null) {
            folder = Path.of(property);
        } else {
            try {
                Path jar = Path.of(Distribution.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                folder = jar.getParent().getParent();
            } catch (URISyntaxException | RuntimeException e) {
                throw new LauncherException("cannot tell where the distribution is; run bin/bundlebox");
            }
        }
        folder = folder.toAbsolutePath().normalize();
        Properties about = new Properties();
        Path aboutFile = folder.resolve("lib/distribution.properties");
        try (InputStream in = Files.newInputStream(aboutFile)) {
            about.load(in);
        } catch (IOException e) {
            throw new LauncherException(folder + " is not a complete Bundlebox distribution (cannot read " + aboutFile + ")");
        }
        return new Distribution(folder, about.getProperty("brand", "Bundlebox"), about.getProperty("version", "unknown"));
    }

    /** The fixed bundles: the OSGi runtime, the core and the store. */
    Path bundles() {
        return folder.resolve("bundles");
    }

    /** The extension jars a new home is seeded with. */
    Path extensions() {
        return folder.resolve("extensions");
    }

    /** The default configuration a new home is seeded with. */
    Path conf() {
        return folder.resolve("conf");
    }
}
