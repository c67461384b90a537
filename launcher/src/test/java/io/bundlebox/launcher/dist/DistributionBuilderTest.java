package io.bundlebox.launcher.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A vendor build is one more file in cnf/profiles/: the builder picks it up as it is. */
class DistributionBuilderTest {

    @TempDir
    Path work;
    Path cnf;
    Path jars;
    Path out;

    @BeforeEach
    void workspace() throws IOException {
        cnf = Files.createDirectories(work.resolve("cnf/profiles")).getParent();
        Files.writeString(cnf.resolve("runtime.properties"), "bundles = org.apache.felix.scr\n");
        Files.createDirectories(cnf.resolve("conf"));
        Files.writeString(cnf.resolve("conf/io.bundlebox.server.cfg"), "#imap = 127.0.0.1:1143\n");
        Files.writeString(cnf.resolve("conf/logging.properties"), ".level = INFO\n");
        Files.createDirectories(cnf.resolve("acme-conf"));
        Files.writeString(cnf.resolve("acme-conf/io.bundlebox.server.cfg"), "imap = 0.0.0.0:143\n");
        jars = Files.createDirectories(work.resolve("jars"));
        for (String bsn : List.of("org.apache.felix.framework", "org.osgi.service.log", "org.apache.felix.scr",
                "io.bundlebox.core", "io.bundlebox.ext.idle")) {
            bundle(jars.resolve(bsn + "-1.0.jar"), bsn);
        }
        Path bin = Files.createDirectories(work.resolve("dist-files/bin"));
        Files.writeString(bin.resolve("bundlebox"), "#!/bin/sh\n");
        Files.writeString(work.resolve("launcher.jar"), "launcher");
        out = Files.createDirectories(work.resolve("out"));
    }

    @Test
    void aVendorProfileBecomesABrandedFolderAndArchive() throws Exception {
        Files.writeString(cnf.resolve("profiles/acme.properties"), """
                folder = acme-mail
                brand = ACME Mail
                bundles = io.bundlebox.core
                extensions = io.bundlebox.ext.idle
                conf = acme-conf
                """);
        Path dist = builder().build(cnf.resolve("profiles/acme.properties"));

        assertEquals(out.resolve("acme-mail"), dist);
        assertTrue(Files.isExecutable(dist.resolve("bin/bundlebox")));
        assertEquals(List.of("org.apache.felix.scr-1.0.jar", "io.bundlebox.core-1.0.jar").stream().sorted().toList(),
                names(dist.resolve("bundles")));
        assertEquals(List.of("io.bundlebox.ext.idle-1.0.jar"), names(dist.resolve("extensions")));
        assertEquals(List.of("bundlebox-launcher.jar", "distribution.properties", "org.apache.felix.framework-1.0.jar",
                "org.osgi.service.log-1.0.jar"), names(dist.resolve("lib")));
        Properties about = new Properties();
        try (InputStream in = Files.newInputStream(dist.resolve("lib/distribution.properties"))) {
            about.load(in);
        }
        assertEquals("ACME Mail", about.getProperty("brand"));
        assertEquals("imap = 0.0.0.0:143\n", Files.readString(dist.resolve("conf/io.bundlebox.server.cfg")), "vendor overlay");
        assertTrue(Files.exists(dist.resolve("conf/logging.properties")), "shared defaults");

        List<String> entries = new ArrayList<>();
        boolean scriptExecutable = false;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(Files.newInputStream(out.resolve("acme-mail.tar.gz"))))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                entries.add(e.getName());
                scriptExecutable |= e.getName().equals("acme-mail/bin/bundlebox") && (e.getMode() & 0100) != 0;
            }
        }
        assertTrue(entries.contains("acme-mail/bundles/io.bundlebox.core-1.0.jar"), entries::toString);
        assertTrue(scriptExecutable, "bin/bundlebox keeps its executable bit in the archive");
    }

    @Test
    void aProfileNamingAnUnknownBundleFailsTheBuildSayingWhich() throws Exception {
        Files.writeString(cnf.resolve("profiles/broken.properties"), "bundles = io.bundlebox.nosuch\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> builder().build(cnf.resolve("profiles/broken.properties")));
        assertTrue(e.getMessage().startsWith("broken.properties names bundle io.bundlebox.nosuch"), e.getMessage());
    }

    private DistributionBuilder builder() throws IOException {
        return new DistributionBuilder(cnf, jars, work.resolve("launcher.jar"), work.resolve("dist-files"), out, "1.0");
    }

    private static void bundle(Path jar, String bsn) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-SymbolicName", bsn + ";singleton:=true");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
            // a manifest is all the builder reads
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
