package io.bundlebox.itest;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * A real Bundlebox server for end-to-end tests: an Apache Felix framework running SCR, the core,
 * the Maildir store and (optionally) extension bundles from the test class path, with its home in
 * a temporary folder and its listener on a free loopback port.
 */
public final class ImapTestServer implements AutoCloseable {

    /** Artifact name fragments of the bundles every test server runs, in start order. */
    private static final List<String> BASE = List.of("org.osgi.util.function", "org.osgi.util.promise",
            "org.osgi.service.component-", "org.apache.felix.scr", "org.apache.felix.configadmin", "commons-io", "apache-mime4j-core",
            "apache-mime4j-dom", "bcprov", "icu4j", "io.bundlebox.core", "io.bundlebox.store.maildir");

    private final Framework framework;
    private final Path home;
    private final int port;

    private ImapTestServer(Framework framework, Path home, int port) {
        this.framework = framework;
        this.home = home;
        this.port = port;
    }

    /** The extensions of the full distribution, as {@link #start(Path)} installs them. */
    public static final List<String> FULL = List.of("io.bundlebox.ext.idle", "io.bundlebox.ext.condstore", "io.bundlebox.ext.quota",
            "io.bundlebox.ext.sort-thread");

    /** Starts a server with the base bundles plus the full distribution's extensions ({@link #FULL}). */
    public static ImapTestServer start(Path home) throws Exception {
        return start(home, FULL, Map.of());
    }

    /**
     * Starts a server.
     *
     * @param home the installation home (conf/, var/mail/ are created in it)
     * @param extensions artifact names of extension bundles to install from the class path
     * @param properties extra framework properties
     */
    public static ImapTestServer start(Path home, List<String> extensions, Map<String, String> properties)
            throws Exception {
        return start(home, extensions, properties, Map.of());
    }

    /**
     * Starts a server with a configuration for PID {@code io.bundlebox.server} in ConfigAdmin,
     * set before the core starts (as {@code conf/io.bundlebox.server.cfg} would be).
     *
     * @param serverConfig configuration keys, e.g. {@code limit.connections.per.ip=2}
     */
    public static ImapTestServer start(Path home, List<String> extensions, Map<String, String> properties,
            Map<String, String> serverConfig) throws Exception {
        io.bundlebox.launcher.SocketPolling.chooseDirectWakeUp(); // as bin/bundlebox runs the server
        Files.createDirectories(home.resolve("conf"));
        int port = freePort();
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, home.resolve("var/felix-cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put("bundlebox.home", home.toString());
        config.put("bundlebox.imap", "127.0.0.1:" + port);
        // no default special-use mailboxes, so that tests see only the mailboxes they made;
        // SpecialUseMailboxesTest sets its own
        config.put("bundlebox.mailboxes.special", "");
        config.putAll(properties);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        Framework fw = factory.newFramework(config);
        fw.init();
        List<Bundle> bundles = new ArrayList<>();
        List<String> names = new ArrayList<>(BASE);
        names.addAll(extensions);
        for (String name : names) {
            bundles.add(fw.getBundleContext().installBundle(jar(name).toUri().toString()));
        }
        fw.start();
        for (Bundle b : bundles) {
            if (!serverConfig.isEmpty() && b.getSymbolicName().equals("io.bundlebox.core")) {
                configure(fw, serverConfig);
            }
            b.start();
        }
        ImapTestServer server = new ImapTestServer(fw, home, port);
        server.awaitListening();
        return server;
    }

    /** Sets the io.bundlebox.server configuration through the framework's ConfigurationAdmin service. */
    private static void configure(Framework fw, Map<String, String> serverConfig) throws Exception {
        // the test class path has no org.osgi.service.cm: reach the service through the framework's class
        // ConfigAdmin may register its service a moment after its bundle started
        org.osgi.util.tracker.ServiceTracker<Object, Object> tracker = new org.osgi.util.tracker.ServiceTracker<>(
                fw.getBundleContext(), "org.osgi.service.cm.ConfigurationAdmin", null);
        tracker.open(true);
        if (tracker.waitForService(20_000) == null) {
            throw new IllegalStateException("no ConfigurationAdmin service within 20 s");
        }
        org.osgi.framework.ServiceReference<?> ref = tracker.getServiceReference();
        tracker.close();
        Object admin = fw.getBundleContext().getService(ref);
        Class<?> adminType = ref.getBundle().loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Object configuration = adminType.getMethod("getConfiguration", String.class, String.class)
                .invoke(admin, "io.bundlebox.server", "?");
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>(serverConfig);
        configuration.getClass().getMethod("update", java.util.Dictionary.class).invoke(configuration, props);
    }

    /** A free TCP port on the loopback interface (for a second listener such as {@code bundlebox.imaps}). */
    public static int freeLoopbackPort() throws IOException {
        return freePort();
    }

    /** The jar of an artifact on the test class path (reactor builds put packaged bundles there). */
    public static Path jar(String artifactFragment) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String file = p.getFileName().toString();
            if (file.endsWith(".jar") && file.startsWith(artifactFragment)) {
                return p;
            }
            if (!file.endsWith(".jar") && entry.contains(artifactFragment)) {
                throw new IllegalStateException(artifactFragment + " is on the class path as classes, not as a bundle jar: run 'mvn verify', not 'mvn test'");
            }
        }
        throw new IllegalStateException("no jar for " + artifactFragment + " on the test class path");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            String fatal = System.getProperty("bundlebox.fatal");
            if (fatal != null) {
                throw new IllegalStateException("server could not start: " + fatal);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("server did not listen on port " + port + " within 20 s");
    }

    /** The listener's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The installation home. */
    public Path home() {
        return home;
    }

    /** The running framework. */
    public Framework framework() {
        return framework;
    }

    /** Installs and starts an extension bundle from the test class path into the running server. */
    public Bundle installExtension(String artifact) throws BundleException {
        Bundle b = framework.getBundleContext().installBundle(jar(artifact).toUri().toString());
        b.start();
        return b;
    }

    /**
     * Live subscriptions of the core's mailbox event service (each idling session holds one):
     * lets tests prove that sessions ending mid-IDLE leave nothing behind.
     */
    public int mailboxEventSubscriptions() throws Exception {
        var ctx = framework.getBundleContext();
        var ref = anyService("io.bundlebox.imap.spi.MailboxEvents");
        Object hub = ctx.getService(ref);
        try {
            return (Integer) hub.getClass().getMethod("subscriptionCount").invoke(hub);
        } finally {
            ctx.ungetService(ref);
        }
    }

    /** Waits (10 s at most) until {@link #mailboxEventSubscriptions()} is {@code expected}; returns the last count. */
    public int awaitMailboxEventSubscriptions(int expected) throws Exception {
        try {
            return Await.until(java.time.Duration.ofSeconds(10), expected + " subscriptions",
                    this::mailboxEventSubscriptions, n -> n == expected);
        } catch (AssertionError e) {
            return mailboxEventSubscriptions(); // the caller compares and reports
        }
    }

    /**
     * A service by interface name, whatever class space it comes from: this test's class path
     * holds its own copies of the API classes, which plain lookups would filter out.
     */
    private org.osgi.framework.ServiceReference<?> anyService(String type) throws Exception {
        var refs = framework.getBundleContext().getAllServiceReferences(type, null);
        if (refs == null) {
            throw new IllegalStateException("no " + type + " service in the test framework");
        }
        return refs[0];
    }

    /** The installed bundle with this symbolic name, or null. */
    public Bundle bundle(String symbolicName) {
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /**
     * Creates or updates the ConfigAdmin configuration {@code pid}, as an operator's
     * {@code conf/PID.cfg} would. The framework's ConfigurationAdmin class lives in another class
     * space than this test's, hence the reflective calls.
     */
    public void configure(String pid, Map<String, ?> properties) throws Exception {
        var ctx = framework.getBundleContext();
        var ref = anyService("org.osgi.service.cm.ConfigurationAdmin");
        Object admin = ctx.getService(ref);
        try {
            Class<?> adminType = ref.getBundle().loadClass("org.osgi.service.cm.ConfigurationAdmin");
            Class<?> configType = ref.getBundle().loadClass("org.osgi.service.cm.Configuration");
            Object config = adminType.getMethod("getConfiguration", String.class, String.class).invoke(admin, pid, "?");
            configType.getMethod("update", java.util.Dictionary.class).invoke(config, new java.util.Hashtable<>(properties));
        } finally {
            ctx.ungetService(ref);
        }
    }

    /**
     * Creates or updates tenant {@code id}, as an operator's {@code conf/tenant-ID.cfg} would (a named
     * factory configuration of PID {@code tenant}), and waits (20 s at most) until the server has it:
     * SCR registers one service per tenant configuration, carrying its keys, and the server takes it
     * from there synchronously.
     */
    public void configureTenant(String id, Map<String, String> keys) throws Exception {
        configureTenants(Map.of(id, keys));
    }

    /** Like {@link #configureTenant} for many tenants at once: creates them all, then waits until the server applied each. */
    public void configureTenants(Map<String, Map<String, String>> tenants) throws Exception {
        String ids = String.join("|", tenants.keySet().stream().map(java.util.regex.Pattern::quote).toList());
        awaitServerLog("tenant (" + ids + ") (added|changed)(:.*)?|tenant configuration .*tenant~(" + ids + ") rejected.*", tenants.size(), () -> {
            for (var t : tenants.entrySet()) {
                Object config = tenantConfiguration(t.getKey());
                config.getClass().getMethod("update", java.util.Dictionary.class).invoke(config, new java.util.Hashtable<>(t.getValue()));
            }
            return null;
        });
    }

    /** Deletes tenant {@code id}'s configuration (as deleting its file would) and waits until the server dropped it. */
    public void deleteTenant(String id) throws Exception {
        Object config = tenantConfiguration(id);
        awaitServerLog("tenant " + java.util.regex.Pattern.quote(id) + " removed", 1, () -> {
            config.getClass().getMethod("delete").invoke(config);
            return null;
        });
    }

    /**
     * Runs {@code action} and waits (20 s, plus 1 s per 10 lines, at most) for {@code count} log lines of
     * the server saying it took effect:
     * ConfigAdmin and SCR deliver configurations asynchronously, and the line is what an operator
     * watches for too.
     */
    private void awaitServerLog(String regex, int count, java.util.concurrent.Callable<Void> action) throws Exception {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.bundlebox.core.internal.server.ImapServer");
        java.util.regex.Pattern wanted = java.util.regex.Pattern.compile(regex);
        java.util.concurrent.CountDownLatch seen = new java.util.concurrent.CountDownLatch(count);
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getMessage() != null && wanted.matcher(r.getMessage()).matches()) {
                    seen.countDown();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(h);
        try {
            action.call();
            if (!seen.await(20 + count / 10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the server did not log '" + regex + "' within 20 s");
            }
        } finally {
            log.removeHandler(h);
        }
    }

    private Object tenantConfiguration(String id) throws Exception {
        var ctx = framework.getBundleContext();
        var ref = anyService("org.osgi.service.cm.ConfigurationAdmin");
        Object admin = ctx.getService(ref);
        try {
            Class<?> adminType = ref.getBundle().loadClass("org.osgi.service.cm.ConfigurationAdmin");
            return adminType.getMethod("getFactoryConfiguration", String.class, String.class, String.class)
                    .invoke(admin, "tenant", id, "?");
        } finally {
            ctx.ungetService(ref);
        }
    }

    /** Adds a user with a {PLAIN} password entry to {@code usersFile} (relative to the home). */
    public void addUser(String usersFile, String user, String password) throws IOException {
        Files.createDirectories(home.resolve(usersFile).getParent());
        Files.writeString(home.resolve(usersFile), user + ":{PLAIN}" + password + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Adds a user with a {PLAIN} password entry (tests only; operators use ARGON2ID). */
    public void addUser(String user, String password) throws IOException {
        Files.writeString(home.resolve("conf/users"), user + ":{PLAIN}" + password + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** A Maildir path of a user. */
    public Path maildir(String user) {
        return home.resolve("var/mail").resolve(user);
    }

    /** Opens a client connection and reads the greeting. */
    public ImapClient connect() throws IOException {
        return new ImapClient("127.0.0.1", port);
    }

    /** Opens a client, logs in as {@code user}/{@code password}. */
    public ImapClient login(String user, String password) throws IOException {
        ImapClient c = connect();
        c.ok("LOGIN " + user + " " + password);
        return c;
    }

    @Override
    public void close() throws Exception {
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } catch (BundleException e) {
            // stopping anyway
        }
    }
}
