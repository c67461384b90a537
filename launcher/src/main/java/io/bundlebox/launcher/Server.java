package io.bundlebox.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.log.LoggerFactory;

/**
 * The embedded Felix framework running the server: installs and starts every jar of the
 * distribution's {@code bundles/}, and points Felix FileInstall at the home's {@code conf/}
 * (configuration) and, through {@code conf/org.apache.felix.fileinstall-extensions.cfg}, at
 * {@code extensions/} (hot folder). Extensions come last: their watcher only scans from
 * framework start level 2, which is set once every bundle of {@code bundles/} has started.
 */
final class Server {

    /** Framework property the core reads when it cannot run; see the core's ImapServer. */
    static final String FATAL_PROPERTY = "bundlebox.fatal";
    static final String DEFAULT_IMAP = "127.0.0.1:1143";

    private static final Logger LOG = Logger.getLogger(Server.class.getName());
    /**
     * Started before the rest, in this order, so that FileInstall has put conf/*.cfg into
     * ConfigAdmin before any component activates: the server then binds the configured
     * address at once instead of the default first.
     */
    private static final List<String> START_FIRST = List.of("org.apache.felix.configadmin", "org.apache.felix.fileinstall");
    private static final long STOP_TIMEOUT_MILLIS = 20_000;
    /** Raised to once bundles/ has started; see conf/org.apache.felix.fileinstall-extensions.cfg. */
    private static final int EXTENSIONS_START_LEVEL = 2;

    private final Home home;
    private final Distribution dist;
    private final String imap;
    /** Implicit-TLS listen addresses from the command line, or null. */
    private final String imaps;
    private volatile Framework framework;

    Server(Home home, Distribution dist, String imap, String imaps) {
        this.imaps = imaps;
        this.home = home;
        this.dist = dist;
        this.imap = imap == null ? DEFAULT_IMAP : imap;
    }

    /** The listen addresses the server is told to use when conf/ does not say otherwise. */
    String imap() {
        return imap;
    }

    /**
     * Starts the framework and every bundle of {@code bundles/}. Returns early, without error,
     * when the framework is stopped meanwhile (the core gave up, or SIGTERM).
     *
     * @throws LauncherException when a bundle of the distribution cannot be installed or started
     */
    void start() throws LauncherException {
        @SuppressWarnings({"unchecked", "rawtypes"}) // Felix takes objects, e.g. felix.log.logger
        Framework fw = new FrameworkFactory().newFramework((Map) frameworkProperties());
        framework = fw;
        Thread.setDefaultUncaughtExceptionHandler(this::uncaught);
        List<Bundle> installed = new ArrayList<>();
        try {
            fw.start();
            fw.getBundleContext().registerService(LoggerFactory.class, new JulLoggerFactory(), null);
            for (Path jar : bundleJars()) {
                // by reference: bundles/ is fixed, so Felix need not copy megabytes into its cache
                installed.add(fw.getBundleContext().installBundle("reference:" + jar.toUri()));
            }
            installed.sort(Comparator.comparingInt(b -> {
                int i = START_FIRST.indexOf(b.getSymbolicName());
                return i < 0 ? START_FIRST.size() : i;
            }));
            for (Bundle b : installed) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    b.start();
                }
            }
            // the extensions watcher is active from this level on (felix.fileinstall.active.level)
            fw.adapt(FrameworkStartLevel.class).setStartLevel(EXTENSIONS_START_LEVEL);
        } catch (BundleException | IllegalStateException e) {
            if (fw.getState() != Bundle.ACTIVE) {
                return; // stopping already: awaitStop() reports why
            }
            stopQuietly();
            throw new LauncherException("cannot start the distribution's bundles: " + e.getMessage());
        } catch (IOException e) {
            throw new LauncherException("cannot read " + dist.bundles() + ": " + Home.describe(e));
        }
        LOG.fine(() -> installed.size() + " bundles started from " + dist.bundles());
    }

    /**
     * Waits until the framework has stopped.
     *
     * @return the reason the core gave for not running ({@code bundlebox.fatal}), or null
     */
    String awaitStop() throws InterruptedException {
        framework.waitForStop(0);
        return System.getProperty(FATAL_PROPERTY);
    }

    /** Stops the framework (every session gets {@code * BYE}) and waits for it, for SIGTERM. */
    void stopQuietly() {
        Framework fw = framework;
        if (fw == null) {
            return;
        }
        try {
            fw.stop();
            fw.waitForStop(STOP_TIMEOUT_MILLIS);
        } catch (BundleException | InterruptedException e) {
            LOG.log(Level.WARNING, "framework did not stop cleanly: " + e.getMessage());
        }
    }

    /**
     * A bundle's thread died of an exception: log it rather than let the JVM print a stack trace
     * on standard error. While the framework stops this is expected noise (FileInstall's watcher
     * threads outlive their bundle context), so it is logged at FINE only.
     */
    private void uncaught(Thread thread, Throwable e) {
        boolean stopping = (framework.getState() & (Bundle.STOPPING | Bundle.RESOLVED)) != 0;
        LOG.log(stopping ? Level.FINE : Level.SEVERE, "thread " + thread.getName() + " ended by " + e, e);
    }

    private List<Path> bundleJars() throws IOException {
        try (Stream<Path> s = Files.list(dist.bundles())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    private Map<String, Object> frameworkProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, home.felixCache().toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put("felix.log.logger", new FelixLogBridge());
        p.put("felix.log.level", "3");
        p.put("ds.loglevel", "warn");
        // the Log API comes from the launcher's class path, so its LoggerFactory reaches SCR
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.osgi.service.log;version=1.5.0");

        p.put("bundlebox.home", home.dir().toString());
        p.put("bundlebox.imap", imap);
        if (imaps != null) {
            p.put("bundlebox.imaps", imaps);
        }
        p.put("bundlebox.brand", dist.brand());

        // FileInstall's default watcher: conf/ into ConfigAdmin. The initial scan runs inside
        // FileInstall's start, so configuration is in place before the server component starts.
        // Polling (not NIO2) keeps the process's inotify instances for the mail store.
        p.put("felix.fileinstall.dir", home.conf().toString());
        p.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
        p.put("felix.fileinstall.poll", "500");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.disableNio2", "true");
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put("felix.fileinstall.log.default", "jul");
        p.put("felix.fileinstall.log.level", "3");

        // operators may override any of these with -D in BUNDLEBOX_JAVA_OPTS
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("felix.") || key.startsWith("org.osgi.") || key.startsWith("ds.")) {
                p.put(key, System.getProperty(key));
            }
        }
        return p;
    }
}
