package io.bundlebox.store.maildir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * The packaged bundle in Felix with SCR: it resolves against the core bundle alone, exports
 * nothing, and registers a {@code MailStoreProvider} with {@code store.type=maildir} that opens
 * a working store.
 */
class OsgiRegistrationIT {

    @TempDir
    Path dir;

    @Test
    void bundleRegistersTheMaildirProviderService() throws Exception {
        Path storeJar = Path.of(System.getProperty("bundlebox.bundle", "missing"));
        assertTrue(Files.exists(storeJar), "the bundle jar is built before this test: " + storeJar);
        Framework framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, dir.resolve("felix").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        try {
            BundleContext context = framework.getBundleContext();
            List<Bundle> bundles = new ArrayList<>();
            for (String jar : List.of(jarOf(org.osgi.util.function.Function.class),
                    jarOf(org.osgi.util.promise.Promise.class),
                    jarOf(org.osgi.service.component.ComponentContext.class),
                    jarOf(org.apache.felix.scr.info.ScrInfo.class),
                    jarOf(io.bundlebox.mailstore.MailStore.class), storeJar.toString())) {
                bundles.add(context.installBundle(Path.of(jar).toUri().toString()));
            }
            for (Bundle b : bundles) {
                b.start();
            }
            Bundle store = bundles.getLast();
            assertEquals(Bundle.ACTIVE, store.getState());
            assertEquals(null, store.getHeaders().get(Constants.EXPORT_PACKAGE), "the store exports nothing");

            String type = "io.bundlebox.mailstore.MailStoreProvider";
            ServiceReference<?>[] refs = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (refs == null && System.nanoTime() < deadline) {
                // "All": the test's own copy of the SPI classes differs from the framework's.
                refs = context.getAllServiceReferences(type, "(store.type=maildir)");
                Thread.sleep(10);
            }
            assertNotNull(refs, "a MailStoreProvider with store.type=maildir is registered");
            Object provider = context.getService(refs[0]);
            // Use it through the framework's class space: open a store and create a user's INBOX.
            ClassLoader spi = provider.getClass().getClassLoader();
            Class<?> configType = spi.loadClass("io.bundlebox.mailstore.StoreConfig");
            Object config = configType.getConstructor(Path.class, Map.class).newInstance(dir.resolve("mail"), Map.of());
            Object mailStore = spi.loadClass(type).getMethod("open", configType).invoke(provider, config);
            Object user = spi.loadClass("io.bundlebox.mailstore.MailStore").getMethod("user", String.class)
                    .invoke(mailStore, "osgi");
            assertNotNull(user);
            ((AutoCloseable) mailStore).close();
            assertTrue(Files.isDirectory(dir.resolve("mail/osgi/cur")));
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    private static String jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
