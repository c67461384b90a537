package io.bundlebox.itest;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds OSGi bundles at test time from packages of the test classes, with bnd (so Declarative
 * Services annotations become component descriptions exactly as in the product build).
 */
public final class TestBundles {

    private TestBundles() {
    }

    /**
     * Builds a bundle holding {@code pkg} of the test classes.
     *
     * @param symbolicName the Bundle-SymbolicName
     * @param version the Bundle-Version (a new version makes FileInstall update the bundle)
     * @param pkg the package to include, e.g. {@code io.bundlebox.itest.probe}
     * @param target where to write the jar
     * @return {@code target}
     */
    public static Path build(String symbolicName, String version, String pkg, Path target) throws Exception {
        return build(symbolicName, version, pkg, target, java.util.Map.of());
    }

    /**
     * Like {@link #build(String, String, String, Path)}, with extra manifest headers (e.g. one the
     * bundle's component reads, so that two builds of one bundle behave differently).
     */
    public static Path build(String symbolicName, String version, String pkg, Path target,
            java.util.Map<String, String> headers) throws Exception {
        try (Builder b = new Builder()) {
            headers.forEach(b::setProperty);
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (new File(entry).exists()) {
                    b.addClasspath(new File(entry));
                }
            }
            b.setProperty("Bundle-SymbolicName", symbolicName);
            b.setProperty("Bundle-Version", version);
            b.setProperty("Private-Package", pkg);
            b.setProperty("Export-Package", "");
            b.setProperty("-noimportjava", "true");
            b.setProperty("-dsannotations", "*");
            try (Jar jar = b.build()) {
                if (!b.isOk()) {
                    throw new IllegalStateException("bnd could not build " + symbolicName + ": " + b.getErrors());
                }
                Files.createDirectories(target.getParent());
                jar.write(target.toFile());
            }
        }
        return target;
    }
}
