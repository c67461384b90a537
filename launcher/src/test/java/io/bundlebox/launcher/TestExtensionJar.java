package io.bundlebox.launcher;

import io.bundlebox.itest.TestBundles;
import io.bundlebox.launcher.testext.HotCapability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Builds the hot-folder test extension: package {@code io.bundlebox.launcher.testext}, whose
 * {@link HotCapability} component registers an {@link io.bundlebox.imap.spi.CapabilityProvider}
 * advertising the capability named at build time.
 */
final class TestExtensionJar {

    private TestExtensionJar() {
    }

    /**
     * Writes the bundle to {@code target} atomically (a temporary file moved into place), as an
     * operator's deployment tool would, so the watcher never sees half a jar.
     */
    static void drop(Path target, String capability) throws Exception {
        Path tmp = Files.createTempFile(target.getParent().getParent(), "ext", ".tmp");
        TestBundles.build("io.bundlebox.test.hotcapability", "1.0.0", HotCapability.class.getPackageName(), tmp,
                Map.of(HotCapability.HEADER, capability));
        // bnd stamps the jar with its newest entry's time; a deployed file carries the time it was written
        Files.setLastModifiedTime(tmp, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
