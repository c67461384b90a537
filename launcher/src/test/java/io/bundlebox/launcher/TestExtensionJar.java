package io.bundlebox.launcher;

import io.bundlebox.launcher.testext.HotCapability;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Builds a minimal extension bundle by hand: a manifest, one Declarative Services component
 * description and {@link HotCapability}, which registers an
 * {@link io.bundlebox.imap.spi.CapabilityProvider} advertising {@code capability}.
 */
final class TestExtensionJar {

    private static final String CLASS_ENTRY = HotCapability.class.getName().replace('.', '/') + ".class";

    private TestExtensionJar() {
    }

    /**
     * Writes the bundle to {@code target} atomically (a temporary file moved into place), as an
     * operator's deployment tool would, so the watcher never sees half a jar.
     */
    static void drop(Path target, String capability) throws IOException {
        Path tmp = Files.createTempFile(target.getParent().getParent(), "ext", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp);
             JarOutputStream jar = new JarOutputStream(out, manifest())) {
            jar.putNextEntry(new JarEntry("OSGI-INF/hot-capability.xml"));
            jar.write(componentXml(capability).getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry(CLASS_ENTRY));
            try (InputStream in = HotCapability.class.getClassLoader().getResourceAsStream(CLASS_ENTRY)) {
                in.transferTo(jar);
            }
            jar.closeEntry();
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Manifest manifest() {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "io.bundlebox.test.hotcapability");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Import-Package", "io.bundlebox.imap.spi;version=\"[1.0,2)\"");
        a.putValue("Service-Component", "OSGI-INF/hot-capability.xml");
        return m;
    }

    private static String componentXml(String capability) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="hot-capability"
                    immediate="true" activate="activate">
                  <implementation class="%s"/>
                  <service><provide interface="io.bundlebox.imap.spi.CapabilityProvider"/></service>
                  <property name="capability" type="String" value="%s"/>
                </scr:component>
                """.formatted(HotCapability.class.getName(), capability);
    }
}
