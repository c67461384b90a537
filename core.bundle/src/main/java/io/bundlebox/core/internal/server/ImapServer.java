package io.bundlebox.core.internal.server;

import io.bundlebox.core.internal.auth.PasswordFile;
import io.bundlebox.core.internal.command.CoreCommands;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.AppendGuard;
import io.bundlebox.imap.spi.CapabilityProvider;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.Enableable;
import io.bundlebox.imap.spi.FetchAttribute;
import io.bundlebox.imap.spi.FetchModifier;
import io.bundlebox.imap.spi.ListReturnOption;
import io.bundlebox.imap.spi.SearchKeyParser;
import io.bundlebox.imap.spi.SearchReturnOption;
import io.bundlebox.imap.spi.SelectParameter;
import io.bundlebox.imap.spi.StatusItem;
import io.bundlebox.imap.spi.StoreModifier;
import io.bundlebox.imap.wire.WireLimits;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.MailStoreProvider;
import io.bundlebox.mailstore.StoreConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The IMAP server component: opens the listeners, accepts connections (one virtual thread per
 * connection), tracks extension services, and says {@code * BYE} to every session when it stops.
 *
 * <p>Configuration (ConfigAdmin PID {@code io.bundlebox.server}, file {@code conf/io.bundlebox.server.cfg}),
 * each with a framework-property fallback for the launcher's command line:
 * <ul>
 * <li>{@code imap} — listen addresses {@code HOST:PORT[,HOST:PORT]} (fallback {@code bundlebox.imap},
 * default {@code 127.0.0.1:1143});
 * <li>{@code name} — server name for the greeting and ID (fallback {@code bundlebox.brand}, default Bundlebox);
 * <li>{@code mail.root}, {@code users.file} — default {@code HOME/var/mail} and {@code HOME/conf/users},
 * where HOME is the framework property {@code bundlebox.home};
 * <li>{@code limit.line}, {@code limit.literal}, {@code limit.append}, {@code timeout.preauth.seconds},
 * {@code timeout.autologout.seconds}, {@code limit.bad.preauth}.
 * </ul>
 * A configuration that cannot be applied (bad address, bad number) is rejected with one log line
 * and the last good one stays in force.
 */
@Component(immediate = true, configurationPid = "io.bundlebox.server", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {})
public final class ImapServer implements ServerRuntime {

    private static final Logger LOG = Logger.getLogger(ImapServer.class.getName());

    /** System property the launcher reads: set when the server cannot run, with the reason. */
    public static final String FATAL_PROPERTY = "bundlebox.fatal";

    private final Extensions extensions = new Extensions();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionCounter = new AtomicLong();
    private final Map<String, AtomicInteger> badCounts = new ConcurrentHashMap<>();
    private final List<ServerSocket> listeners = new ArrayList<>();

    private volatile Limits limits = Limits.DEFAULT;
    private volatile String name = "Bundlebox";
    private volatile PasswordFile passwords;
    private volatile MailStore store;
    private volatile String listenSpec;
    private BundleContext context;

    @Reference
    private MailStoreProvider storeProvider;

    /** Creates the server; the core's own commands are registered at once. */
    public ImapServer() {
        CoreCommands.register(extensions);
        extensions.onWithdraw(this::extensionWithdrawn);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCommand(CommandHandler<?> handler, Map<String, Object> props) {
        extensions.addService(handler, props);
    }

    void removeCommand(CommandHandler<?> handler) {
        extensions.removeService(handler);
    }

    // Extension services: each SPI type is tracked dynamically, so installs and uninstalls take effect at once.

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCapabilityProvider(CapabilityProvider service, Map<String, Object> props) {
        extensions.add(CapabilityProvider.class, service, props);
    }

    void removeCapabilityProvider(CapabilityProvider service) {
        extensions.remove(CapabilityProvider.class, service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEnableable(Enableable service, Map<String, Object> props) {
        extensions.add(Enableable.class, service, props);
    }

    void removeEnableable(Enableable service) {
        extensions.remove(Enableable.class, service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addFetchAttribute(FetchAttribute service, Map<String, Object> props) {
        extensions.add(FetchAttribute.class, service, props);
    }

    void removeFetchAttribute(FetchAttribute service) {
        extensions.remove(FetchAttribute.class, service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addFetchModifier(FetchModifier service, Map<String, Object> props) {
        extensions.add(FetchModifier.class, service, props);
    }

    void removeFetchModifier(FetchModifier service) {
        extensions.remove(FetchModifier.class, service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStoreModifier(StoreModifier service, Map<String, Object> props) {
        extensions.add(StoreModifier.class, service, props);
    }

    void removeStoreModifier(StoreModifier service) {
        extensions.remove(StoreModifier.class, service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSelectParameter(SelectParameter service, Map<String, Object> props) {
        extensions.add(SelectParameter.class, service, props);
    }

    void removeSelectParameter(SelectParameter service) {
        extensions.remove(SelectParameter.class, service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSearchKey(SearchKeyParser service, Map<String, Object> props) {
        extensions.add(SearchKeyParser.class, service, props);
    }

    void removeSearchKey(SearchKeyParser service) {
        extensions.remove(SearchKeyParser.class, service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSearchReturnOption(SearchReturnOption service, Map<String, Object> props) {
        extensions.add(SearchReturnOption.class, service, props);
    }

    void removeSearchReturnOption(SearchReturnOption service) {
        extensions.remove(SearchReturnOption.class, service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStatusItem(StatusItem service, Map<String, Object> props) {
        extensions.add(StatusItem.class, service, props);
    }

    void removeStatusItem(StatusItem service) {
        extensions.remove(StatusItem.class, service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListReturnOption(ListReturnOption service, Map<String, Object> props) {
        extensions.add(ListReturnOption.class, service, props);
    }

    void removeListReturnOption(ListReturnOption service) {
        extensions.remove(ListReturnOption.class, service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAppendGuard(AppendGuard service, Map<String, Object> props) {
        extensions.add(AppendGuard.class, service, props);
    }

    void removeAppendGuard(AppendGuard service) {
        extensions.remove(AppendGuard.class, service);
    }

    @Activate
    void activate(BundleContext context, Map<String, Object> config) throws IOException {
        this.context = context;
        Settings s;
        try {
            s = Settings.from(config, context::getProperty);
        } catch (IllegalArgumentException e) {
            fatal("configuration io.bundlebox.server rejected: " + e.getMessage());
            return;
        }
        try {
            store = storeProvider.open(new StoreConfig(s.mailRoot(), Map.of()));
        } catch (MailStoreException e) {
            fatal("cannot open the mail store at " + s.mailRoot() + ": " + e.getMessage());
            return;
        }
        apply(s);
        try {
            bind(s.listen());
        } catch (IOException e) {
            fatal(e.getMessage());
            return;
        }
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        LOG.info(name + " listening on " + s.listen() + " (" + sinceStart + " ms after start); mail in "
                + s.mailRoot() + ", users in " + s.usersFile());
    }

    @Modified
    void modified(Map<String, Object> config) {
        Settings s;
        try {
            s = Settings.from(config, context::getProperty);
        } catch (IllegalArgumentException e) {
            LOG.severe("configuration io.bundlebox.server rejected, the previous one stays in force: " + e.getMessage());
            return;
        }
        if (!s.listen().equals(listenSpec)) {
            List<ServerSocket> old = new ArrayList<>(listeners);
            try {
                bind(s.listen());
            } catch (IOException e) {
                LOG.severe("configuration io.bundlebox.server rejected, the previous one stays in force: " + e.getMessage());
                return;
            }
            old.forEach(ImapServer::closeQuietly);
            listeners.removeAll(old);
        }
        apply(s);
        LOG.info("configuration io.bundlebox.server applied");
    }

    private void apply(Settings s) {
        limits = s.limits();
        name = s.name();
        if (passwords == null || !passwords.file().equals(s.usersFile())) {
            passwords = new PasswordFile(s.usersFile());
        }
    }

    private void bind(String spec) throws IOException {
        List<ServerSocket> bound = new ArrayList<>();
        for (String hostPort : spec.split(",")) {
            InetSocketAddress addr = Settings.parseAddress(hostPort.strip());
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            try {
                ss.bind(addr, 512);
            } catch (IOException e) {
                closeQuietly(ss);
                bound.forEach(ImapServer::closeQuietly);
                throw new IOException("cannot listen on " + hostPort.strip() + ": " + e.getMessage(), e);
            }
            bound.add(ss);
        }
        for (ServerSocket ss : bound) {
            Thread.ofPlatform().daemon().name("imap-accept-" + ss.getLocalPort()).start(() -> acceptLoop(ss));
        }
        listeners.addAll(bound);
        listenSpec = spec;
    }

    private void acceptLoop(ServerSocket ss) {
        while (!ss.isClosed()) {
            try {
                Socket socket = ss.accept();
                socket.setTcpNoDelay(true);
                String id = "c" + connectionCounter.incrementAndGet();
                Session session = new Session(this, socket, id);
                sessions.add(session);
                LOG.fine(() -> "[" + id + "] connection from " + socket.getRemoteSocketAddress());
                Thread.ofVirtual().name("imap-" + id).start(session);
            } catch (IOException e) {
                if (!ss.isClosed()) {
                    LOG.log(Level.WARNING, "accept failed on " + ss.getLocalSocketAddress() + ": " + e.getMessage());
                }
            }
        }
    }

    private void fatal(String reason) {
        LOG.severe(reason);
        System.setProperty(FATAL_PROPERTY, reason);
        BundleContext ctx = context;
        // stop the framework from another thread: SCR must not be blocked by its own component
        Thread.ofPlatform().name("bundlebox-fatal").start(() -> {
            try {
                ctx.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                LOG.log(Level.FINE, "framework stop", e);
            }
        });
    }

    @Deactivate
    void deactivate() {
        listeners.forEach(ImapServer::closeQuietly);
        listeners.clear();
        for (Session s : sessions) {
            s.bye(null, name + " is shutting down");
        }
        if (store != null) {
            store.close();
        }
    }

    private void extensionWithdrawn(long bundleId) {
        for (Session s : sessions) {
            if (s.uses(bundleId)) {
                s.bye(ResponseCode.UNAVAILABLE, "An extension this session used was removed; please reconnect");
            }
        }
    }

    private static void closeQuietly(ServerSocket ss) {
        try {
            ss.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    // ---- ServerRuntime -------------------------------------------------------------------------

    @Override
    public Limits limits() {
        return limits;
    }

    @Override
    public Extensions extensions() {
        return extensions;
    }

    @Override
    public List<String> capabilities(Session session) {
        Set<String> caps = new LinkedHashSet<>();
        caps.add("IMAP4rev1");
        if (extensions.command("IDLE") != null) {
            caps.add("IMAP4rev2");
        }
        caps.addAll(CoreCommands.capabilities(session.state(), limits));
        for (Extensions.Tracked<CapabilityProvider> p : extensions.all(CapabilityProvider.class)) {
            try {
                caps.addAll(p.service().capabilities(session));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "capability provider of bundle " + p.bundleId() + " failed", e);
            }
        }
        return new ArrayList<>(caps);
    }

    @Override
    public String greeting() {
        return name + " ready";
    }

    @Override
    public String serverName() {
        return name;
    }

    @Override
    public boolean allowed(Session session, CommandEntry entry) {
        return true;
    }

    @Override
    public void countBad(Session session, boolean unknownCommand) {
        if (unknownCommand && session.state() == SessionState.NOT_AUTHENTICATED) {
            int n = badCounts.computeIfAbsent(session.connectionId(), k -> new AtomicInteger()).incrementAndGet();
            if (n >= limits.maxBadBeforeAuth()) {
                session.bye(null, "Too many unknown commands");
            }
        }
    }

    @Override
    public PasswordFile passwords() {
        return passwords;
    }

    @Override
    public MailStore store() {
        return store;
    }

    @Override
    public void ended(Session session) {
        sessions.remove(session);
        badCounts.remove(session.connectionId());
    }

    /** Typed view of the configuration with framework-property fallbacks. */
    record Settings(String listen, String name, Path mailRoot, Path usersFile, Limits limits) {

        static Settings from(Map<String, Object> c, java.util.function.Function<String, String> fw) {
            String home = fw.apply("bundlebox.home");
            Path homeDir = Path.of(home == null ? "." : home).toAbsolutePath();
            String listen = str(c, "imap", fw.apply("bundlebox.imap"), "127.0.0.1:1143");
            for (String hp : listen.split(",")) {
                parseAddress(hp.strip());
            }
            String name = str(c, "name", fw.apply("bundlebox.brand"), "Bundlebox");
            Path mail = homeDir.resolve(str(c, "mail.root", null, "var/mail"));
            Path users = homeDir.resolve(str(c, "users.file", null, "conf/users"));
            WireLimits wire = new WireLimits(
                    (int) num(c, "limit.line", WireLimits.DEFAULT.maxLineOctets(), 1024, 16 << 20),
                    num(c, "limit.literal", WireLimits.DEFAULT.maxLiteralOctets(), 1024, 1L << 30),
                    WireLimits.DEFAULT.maxNesting());
            Limits limits = new Limits(wire,
                    (int) num(c, "timeout.preauth.seconds", Limits.DEFAULT.preAuthTimeoutMillis() / 1000, 1, 3600) * 1000,
                    (int) num(c, "timeout.autologout.seconds", Limits.DEFAULT.autologoutMillis() / 1000, 1800, 86400) * 1000,
                    num(c, "limit.append", Limits.DEFAULT.appendLimit(), 1024, 1L << 40),
                    (int) num(c, "limit.bad.preauth", Limits.DEFAULT.maxBadBeforeAuth(), 1, 1000));
            return new Settings(listen, name, mail, users, limits);
        }

        private static String str(Map<String, Object> c, String key, String fallback, String dflt) {
            Object v = c.get(key);
            if (v != null && !v.toString().isBlank()) {
                return v.toString().strip();
            }
            return fallback != null && !fallback.isBlank() ? fallback.strip() : dflt;
        }

        private static long num(Map<String, Object> c, String key, long dflt, long min, long max) {
            Object v = c.get(key);
            if (v == null) {
                return dflt;
            }
            long n;
            try {
                n = v instanceof Number x ? x.longValue() : Long.parseLong(v.toString().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " = '" + v + "' is not a number");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(key + " = " + n + " is outside " + min + ".." + max);
            }
            return n;
        }

        static InetSocketAddress parseAddress(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("listen address '" + hostPort + "' is not HOST:PORT");
            }
            String host = hostPort.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("listen address '" + hostPort + "' has no numeric port");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is out of range");
            }
            try {
                return new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("unknown host '" + host + "'");
            }
        }
    }
}
