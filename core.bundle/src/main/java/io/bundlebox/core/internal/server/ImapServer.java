package io.bundlebox.core.internal.server;

import io.bundlebox.core.internal.auth.AuthThrottle;
import io.bundlebox.core.internal.auth.LoginMechanism;
import io.bundlebox.core.internal.auth.Networks;
import io.bundlebox.core.internal.auth.OAuthBearerMechanism;
import io.bundlebox.core.internal.auth.Credentials;
import io.bundlebox.core.internal.auth.PlainMechanism;
import io.bundlebox.core.internal.auth.SaslMechanism;
import io.bundlebox.core.internal.auth.ScramSha256Mechanism;
import io.bundlebox.core.internal.tls.TlsCertificates;
import io.bundlebox.core.internal.command.CoreCommands;
import io.bundlebox.core.internal.command.Searches;
import io.bundlebox.core.internal.command.SpecialMailboxes;
import io.bundlebox.core.internal.events.MailboxEventHub;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.AppendGuard;
import io.bundlebox.imap.spi.CapabilityProvider;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.ChangeReporter;
import io.bundlebox.imap.spi.CommandObserver;
import io.bundlebox.imap.spi.Enableable;
import io.bundlebox.imap.spi.FetchAttribute;
import io.bundlebox.imap.spi.FetchModifier;
import io.bundlebox.imap.spi.ListReturnOption;
import io.bundlebox.imap.spi.SearchKeyParser;
import io.bundlebox.imap.spi.SearchReturnOption;
import io.bundlebox.imap.spi.SearchService;
import io.bundlebox.imap.spi.SelectParameter;
import io.bundlebox.imap.spi.StatusItem;
import io.bundlebox.imap.spi.StoreModifier;
import io.bundlebox.imap.spi.TokenValidator;
import io.bundlebox.imap.wire.WireLimits;
import io.bundlebox.core.internal.tenant.Tenant;
import io.bundlebox.core.internal.tenant.TenantConfiguration;
import io.bundlebox.core.internal.tenant.TenantRegistry;
import io.bundlebox.core.internal.tenant.TenantSettings;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.MailStoreProvider;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * default {@code 127.0.0.1:1143}); cleartext, with STARTTLS (RFC 9051 section 6.2.1);
 * <li>{@code imaps} — implicit-TLS listen addresses (RFC 8314 section 3.3; fallback {@code bundlebox.imaps},
 * e.g. {@code 0.0.0.0:993}); none when unset;
 * <li>{@code tls.cert}, {@code tls.key} — PEM files, default {@code HOME/conf/tls/cert.pem} and {@code key.pem};
 * when neither exists a self-signed pair is generated; replaced files are used without restart;
 * <li>{@code auth.allow.plaintext} (default false) — accept passwords on cleartext connections from anywhere;
 * <li>{@code auth.trusted.networks} (default {@code 127.0.0.0/8,::1}) — networks that may send passwords
 * without TLS;
 * <li>{@code name} — server name for the greeting and ID (fallback {@code bundlebox.brand}, default Bundlebox);
 * <li>{@code mail.root}, {@code users.file} — default {@code HOME/var/mail} and {@code HOME/conf/users},
 * where HOME is the framework property {@code bundlebox.home}; {@code store.type} (default {@code maildir})
 * — these make the default tenant, that of bare login names; a changed mail root applies to new
 * sessions (sessions of the old one are asked to reconnect);
 * <li>{@code limit.line}, {@code limit.literal}, {@code limit.append}, {@code timeout.preauth.seconds},
 * {@code timeout.autologout.seconds}, {@code limit.bad.preauth}, {@code limit.connections},
 * {@code limit.connections.per.ip}, {@code limit.connections.per.user}, {@code auth.delay.initial.ms},
 * {@code auth.delay.max.ms}, {@code limit.outbox} (see {@link Limits}); {@code timeout.autologout.allow.short=true} lets the
 * autologout go below RFC 9051's 30 minutes (for tests; logged as a warning);
 * <li>{@code mailboxes.special} — the special-use mailboxes a user's first login sets up (see
 * {@link SpecialMailboxes}), fallback framework property {@code bundlebox.mailboxes.special},
 * default {@value SpecialMailboxes#DEFAULT}; blank for none.
 * </ul>
 * A configuration that cannot be applied (bad address, bad number) is rejected with one log line
 * and the last good one stays in force.
 *
 * <p>Tenants: each {@code conf/tenant-ID.cfg} (factory PID {@code tenant}, see {@link TenantSettings})
 * adds a tenant with its login domains, extensions, store and users file, applied to new sessions
 * without restart; sessions of a removed tenant get {@code BYE [UNAVAILABLE]}.
 */
@Component(immediate = true, configurationPid = "io.bundlebox.server", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {})
public final class ImapServer implements ServerRuntime {

    private static final Logger LOG = Logger.getLogger(ImapServer.class.getName());

    /** How long a shutdown or an extension's withdrawal waits for all its BYEs together. */
    private static final java.time.Duration BYE_ALL_WAIT = java.time.Duration.ofSeconds(3);

    /** System property the launcher reads: set when the server cannot run, with the reason. */
    public static final String FATAL_PROPERTY = "bundlebox.fatal";

    private final Extensions extensions = new Extensions(ImapServer::bundleName);
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionCounter = new AtomicLong();
    private final Map<String, AtomicInteger> badCounts = new ConcurrentHashMap<>();
    private final Listeners cleartextListeners = new Listeners(false);
    private final Listeners tlsListeners = new Listeners(true);
    private final List<TokenValidator> tokenValidators = new CopyOnWriteArrayList<>();
    private final ConnectionCounter connections = new ConnectionCounter();
    /** Sessions counted by {@link #connections}, and the user each has logged in as, if any. */
    private final Map<Session, String> admitted = new ConcurrentHashMap<>();
    private final AuthThrottle authThrottle = new AuthThrottle(Limits.DEFAULT.authDelayInitialMillis(),
            Limits.DEFAULT.authDelayMaxMillis());

    /** Session deadlines; one daemon thread, cancelled tasks removed at once (a login cancels one). */
    private final java.util.concurrent.ScheduledThreadPoolExecutor timer = newTimer();

    private volatile Limits limits = Limits.DEFAULT;
    private volatile String name = "Bundlebox";
    private final MailboxEventHub events = new MailboxEventHub();
    /** Installed store bundles by {@code store.type}. */
    private final Map<String, MailStoreProvider> storeProviders = new ConcurrentHashMap<>();
    private final TenantRegistry tenants = new TenantRegistry(extensions, storeProviders::get, events);
    /** Tenant configurations SCR bound, by service; applied once the server is active. */
    private final Map<TenantConfiguration, Map<String, Object>> tenantConfigs = new ConcurrentHashMap<>();
    private volatile boolean active;
    /** The {@link SearchService} for extensions (DESIGN.md section 4.1). */
    private volatile org.osgi.framework.ServiceRegistration<SearchService> searchService;
    private volatile TlsCertificates tls;
    private volatile Settings settings;
    private BundleContext context;

    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policy = ReferencePolicy.DYNAMIC)
    void addStoreProvider(MailStoreProvider provider, Map<String, Object> props) {
        storeProviders.put(provider.type(), provider);
    }

    void removeStoreProvider(MailStoreProvider provider) {
        if (storeProviders.remove(provider.type(), provider)) {
            // the provider's stores die with its bundle: end the sessions that use them
            for (Tenant t : tenants.all()) {
                if (t != null && t.settings().storeType().equals(provider.type())) {
                    byeTenant(t.id(), "The mail store was removed; please reconnect");
                }
            }
            tenants.closeStores(provider.type());
        }
    }

    /** Tenants ({@code conf/tenant-ID.cfg}): added, changed and removed without restart. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTenant(TenantConfiguration tenant, Map<String, Object> props) {
        tenantConfigs.put(tenant, props);
        if (active) {
            applyTenant(props);
        }
    }

    void updatedTenant(TenantConfiguration tenant, Map<String, Object> props) {
        addTenant(tenant, props);
    }

    void removeTenant(TenantConfiguration tenant, Map<String, Object> props) {
        tenantConfigs.remove(tenant);
        if (!active) {
            return;
        }
        String id;
        try {
            id = TenantSettings.from(props, home(), name).id();
        } catch (IllegalArgumentException e) {
            return; // it was never applied
        }
        TenantRegistry.Change change = tenants.remove(id);
        if (change.old() != null) {
            byeTenant(id, "This account's service was removed");
            tenants.retire(change);
            LOG.info("tenant " + id + " removed");
        }
    }

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

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addChangeReporter(ChangeReporter service, Map<String, Object> props) {
        extensions.add(ChangeReporter.class, service, props);
    }

    void removeChangeReporter(ChangeReporter service) {
        extensions.remove(ChangeReporter.class, service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCommandObserver(CommandObserver service, Map<String, Object> props) {
        extensions.add(CommandObserver.class, service, props);
    }

    void removeCommandObserver(CommandObserver service) {
        extensions.remove(CommandObserver.class, service);
    }

    /** Token validators for OAUTHBEARER (RFC 7628); kept in service-ranking order by SCR's add order. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTokenValidator(TokenValidator validator) {
        tokenValidators.add(validator);
    }

    void removeTokenValidator(TokenValidator validator) {
        tokenValidators.remove(validator);
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
        tenants.putDefault(defaultTenant(s));
        try {
            tenants.defaultTenant().store();
        } catch (MailStoreException e) {
            fatal("cannot open the mail store at " + s.mailRoot() + ": " + e.getMessage());
            return;
        }
        events.register(context);
        searchService = context.registerService(SearchService.class, Searches.INSTANCE, null);
        try {
            tls = loadTls(s, null);
        } catch (IOException | GeneralSecurityException e) {
            fatal("TLS certificate " + s.tlsCert() + " cannot be used: " + e.getMessage());
            return;
        }
        apply(s);
        try {
            cleartextListeners.update(s.listen());
            tlsListeners.update(s.imaps());
        } catch (IOException e) {
            fatal(e.getMessage());
            return;
        }
        active = true;
        new AutologoutSweep(timer, sessions, this::limits).start();
        tenantConfigs.values().forEach(this::applyTenant);
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        LOG.info(name + " listening on " + s.listen() + (s.imaps().isEmpty() ? "" : ", TLS on " + s.imaps())
                + " (" + sinceStart + " ms after start); mail in " + s.mailRoot() + ", users in " + s.usersFile());
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
        TlsCertificates newTls;
        try {
            newTls = loadTls(s, tls);
            cleartextListeners.update(s.listen());
            tlsListeners.update(s.imaps());
        } catch (IOException | GeneralSecurityException e) {
            LOG.severe("configuration io.bundlebox.server rejected, the previous one stays in force: " + e.getMessage());
            return;
        }
        // the default tenant's store stays where it was opened (mail.root, store.type apply at start);
        // its users file and name apply to new sessions
        TenantSettings served = tenants.defaultTenant().settings();
        TenantSettings def = TenantSettings.defaults(s.name(), served.mailRoot(), s.usersFile(), served.storeType());
        TenantRegistry.Change change;
        try {
            change = tenants.putDefault(def);
        } catch (IllegalArgumentException e) {
            LOG.severe("configuration io.bundlebox.server rejected, the previous one stays in force: " + e.getMessage());
            return;
        }
        tls = newTls;
        apply(s);
        tenantChanged(change);
        if (!s.mailRoot().equals(served.mailRoot()) || !s.storeType().equals(served.storeType())) {
            // the store and every open session hold the root they started with: say so, do not pretend
            LOG.warning("configuration io.bundlebox.server applied except mail.root: " + s.mailRoot()
                    + " takes effect after a restart; mail is still served from " + served.mailRoot());
            return;
        }
        LOG.info("configuration io.bundlebox.server applied");
    }

    /**
     * The TLS certificates of {@code s}: the current ones when the files are the same, else loaded
     * now, generating a self-signed pair in an empty home. Without the implicit-TLS listener, a
     * certificate that cannot be used only disables STARTTLS (null).
     */
    private static TlsCertificates loadTls(Settings s, TlsCertificates current) throws IOException, GeneralSecurityException {
        if (current != null && current.certFile().equals(s.tlsCert()) && current.keyFile().equals(s.tlsKey())) {
            return current;
        }
        TlsCertificates t = new TlsCertificates(s.tlsCert(), s.tlsKey());
        try {
            t.ensureFiles();
            t.load();
            return t;
        } catch (IOException | GeneralSecurityException e) {
            if (!s.imaps().isEmpty()) {
                throw e;
            }
            LOG.warning("TLS certificate " + s.tlsCert() + " cannot be used, STARTTLS is not offered: " + e.getMessage());
            return null;
        }
    }

    private void apply(Settings s) {
        if (s.limits().autologoutMillis() < Limits.DEFAULT.autologoutMillis()) {
            LOG.warning("timeout.autologout.seconds is below the 30 minutes RFC 9051 section 5.4 requires");
        }
        settings = s;
        limits = s.limits();
        authThrottle.configure(limits.authDelayInitialMillis(), limits.authDelayMaxMillis());
        authThrottle.keys(s.throttleKeys().contains("user"), s.throttleKeys().contains("address"));
        name = s.name();
    }

    private static TenantSettings defaultTenant(Settings s) {
        return TenantSettings.defaults(s.name(), s.mailRoot(), s.usersFile(), s.storeType());
    }

    private java.nio.file.Path home() {
        String home = context == null ? null : context.getProperty("bundlebox.home");
        return java.nio.file.Path.of(home == null ? "." : home).toAbsolutePath();
    }

    /** Applies one tenant configuration; one that cannot be applied is refused in one line, the previous version stays. */
    private void applyTenant(Map<String, Object> props) {
        TenantRegistry.Change change;
        try {
            change = tenants.put(TenantSettings.from(props, home(), name));
        } catch (IllegalArgumentException e) {
            Object source = props.getOrDefault("felix.fileinstall.filename", props.get("service.pid"));
            LOG.severe("tenant configuration " + source + " rejected, the previous one stays in force: " + e.getMessage());
            return;
        }
        tenantChanged(change);
        TenantSettings t = change.now().settings();
        LOG.info("tenant " + t.id() + (change.old() == null ? " added" : " changed") + ": domains " + t.domains()
                + ", extensions " + t.extensions() + ", " + t.storeType() + " store at " + t.mailRoot() + ", users in " + t.usersFile());
    }

    /**
     * Moves the sessions of a changed tenant to its new version. They end with BYE [UNAVAILABLE]
     * when the tenant's store moved, or when they used an extension the tenant no longer allows;
     * the others see the new extension set at their next command.
     */
    private void tenantChanged(TenantRegistry.Change change) {
        if (change.old() == null) {
            return;
        }
        List<Session> moved = new ArrayList<>();
        List<Session> narrowed = new ArrayList<>();
        for (Session s : sessions) {
            if (s.tenantVersion() != change.old()) {
                continue;
            }
            if (change.storeMoved()) {
                moved.add(s);
            } else if (s.usesAnyNoLongerAllowed(change.old().view(), change.now().view())) {
                narrowed.add(s);
            } else {
                s.tenantChanged(change.now());
            }
        }
        byeAll(moved, ResponseCode.UNAVAILABLE, "This account's mail storage was moved; please reconnect");
        byeAll(narrowed, ResponseCode.UNAVAILABLE, "An extension this session used is no longer offered; please reconnect");
        tenants.retire(change);
    }

    /** Ends every session logged in to tenant {@code id} with BYE [UNAVAILABLE]. */
    private void byeTenant(String id, String text) {
        byeAll(sessions.stream().filter(s -> s.state() != SessionState.NOT_AUTHENTICATED && s.tenant().equals(id)).toList(), ResponseCode.UNAVAILABLE, text);
    }

    /** The listeners of one kind (cleartext or implicit TLS) and the address list they were bound for. */
    private final class Listeners {
        private final boolean implicitTls;
        private final List<ServerSocket> sockets = new CopyOnWriteArrayList<>();
        private String spec = "";

        Listeners(boolean implicitTls) {
            this.implicitTls = implicitTls;
        }

        /** Binds the addresses of {@code newSpec} (blank: none) and closes the old ones; on failure nothing changes. */
        synchronized void update(String newSpec) throws IOException {
            if (newSpec.equals(spec)) {
                return;
            }
            List<ServerSocket> bound = newSpec.isEmpty() ? List.of() : bind(newSpec, implicitTls);
            List<ServerSocket> old = List.copyOf(sockets);
            sockets.addAll(bound);
            old.forEach(ImapServer::closeQuietly);
            sockets.removeAll(old);
            spec = newSpec;
        }

        synchronized void close() {
            sockets.forEach(ImapServer::closeQuietly);
            sockets.clear();
            spec = "";
        }
    }

    private List<ServerSocket> bind(String spec, boolean implicitTls) throws IOException {
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
            Thread.ofPlatform().daemon().name("imap-accept-" + ss.getLocalPort()).start(() -> acceptLoop(ss, implicitTls));
        }
        return bound;
    }

    private void acceptLoop(ServerSocket ss, boolean implicitTls) {
        while (!ss.isClosed()) {
            try {
                Socket accepted = ss.accept();
                accepted.setTcpNoDelay(true);
                Socket socket;
                try {
                    // the TLS handshake itself runs on the session's thread, at its first write
                    socket = implicitTls ? tls.wrap(accepted) : accepted;
                } catch (IOException | RuntimeException e) {
                    LOG.warning("TLS connection refused: " + e.getMessage());
                    accepted.close();
                    continue;
                }
                String id = "c" + connectionCounter.incrementAndGet();
                Session session = new Session(this, socket, id);
                sessions.add(session);
                LOG.fine(() -> "[" + id + "] connection from " + accepted.getRemoteSocketAddress());
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

    private static java.util.concurrent.ScheduledThreadPoolExecutor newTimer() {
        var t = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("imap-timer").factory());
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        cleartextListeners.close();
        tlsListeners.close();
        byeAll(List.copyOf(sessions), null, name + " is shutting down");
        active = false;
        events.close();
        if (searchService != null) {
            try {
                searchService.unregister();
            } catch (IllegalStateException e) {
                // the framework withdrew it already (the core bundle is stopping)
            }
        }
        tenants.closeAll();
    }

    private void extensionWithdrawn(long bundleId) {
        byeAll(sessions.stream().filter(s -> s.uses(bundleId)).toList(), ResponseCode.UNAVAILABLE,
                "An extension this session used was removed; please reconnect");
    }

    /**
     * Says BYE to {@code targets} all at once, each on its own virtual thread, and waits for them
     * together at most {@link #BYE_ALL_WAIT}: a BYE may take its own bounded time (a client that
     * stopped reading), and one after the other they would stall SCR's thread for sessions times
     * that. A BYE still running after the wait closes its socket by itself.
     */
    private static void byeAll(List<Session> targets, ResponseCode code, String text) {
        List<Thread> running = new ArrayList<>();
        for (Session s : targets) {
            running.add(Thread.ofVirtual().name("imap-" + s.connectionId() + "-bye-all").start(() -> s.bye(code, text)));
        }
        long deadline = System.nanoTime() + BYE_ALL_WAIT.toNanos();
        try {
            for (Thread t : running) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.join(java.time.Duration.ofNanos(left))) {
                    LOG.fine("BYE to " + targets.size() + " sessions not complete within " + BYE_ALL_WAIT.toSeconds() + " s");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The symbolic name of an installed bundle, or null (the core's own bundle context finds every bundle). */
    private static String bundleName(long bundleId) {
        org.osgi.framework.Bundle self = org.osgi.framework.FrameworkUtil.getBundle(ImapServer.class);
        BundleContext ctx = self == null ? null : self.getBundleContext();
        org.osgi.framework.Bundle b = ctx == null ? null : ctx.getBundle(bundleId);
        return b == null ? null : b.getSymbolicName();
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
    public java.util.concurrent.ScheduledExecutorService timer() {
        return timer;
    }

    @Override
    public Limits limits() {
        return limits;
    }

    @Override
    public List<SpecialMailboxes.Wanted> specialMailboxes() {
        Settings s = settings;
        return s == null ? List.of() : s.specialMailboxes();
    }

    @Override
    public Extensions extensions() {
        return extensions;
    }

    @Override
    public List<String> capabilities(Session session) {
        Set<String> caps = new LinkedHashSet<>();
        caps.add("IMAP4rev1");
        Extensions.View view = session.extensions();
        // RFC 9051 section 1.1: every piece IMAP4rev2 requires must be there; IDLE (section 6.3.13)
        // is the one an extension bundle provides, and it must be one this tenant allows
        if (view.command("IDLE") != null) {
            caps.add("IMAP4rev2");
        }
        caps.addAll(CoreCommands.capabilities(session.state(), limits));
        if (session.state() == SessionState.NOT_AUTHENTICATED) {
            caps.addAll(securityCapabilities(session));
        }
        for (Extensions.Tracked<CapabilityProvider> p : view.all(CapabilityProvider.class)) {
            try {
                for (String atom : p.service().capabilities(session)) {
                    if (view.allowsAtom(p.origin(), atom)) {
                        caps.add(atom);
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "capability provider of bundle " + p.bundleId() + " failed", e);
            }
        }
        return new ArrayList<>(caps);
    }

    /** STARTTLS, the AUTH= mechanisms and LOGINDISABLED as the connection allows (RFC 9051 sections 6.2, 7.2.2). */
    private List<String> securityCapabilities(Session session) {
        List<String> caps = new ArrayList<>();
        if (!session.secure() && tls != null) {
            caps.add("STARTTLS");
        }
        boolean cleartextOk = cleartextAuthAllowed(session);
        for (SaslMechanism m : mechanisms()) {
            if (cleartextOk || !m.revealsSecret()) {
                caps.add("AUTH=" + m.name());
            }
        }
        if (!cleartextOk) {
            caps.add("LOGINDISABLED");
        }
        return caps;
    }

    @Override
    public TlsCertificates tls() {
        return tls;
    }

    @Override
    public boolean cleartextAuthAllowed(Session session) {
        Settings s = settings;
        return session.secure() || s.allowPlaintext() || s.trustedNetworks().contains(session.remoteAddress());
    }

    @Override
    public List<SaslMechanism> mechanisms() {
        Credentials p = tenants;
        List<SaslMechanism> list = new ArrayList<>(List.of(new ScramSha256Mechanism(p), new PlainMechanism(p), new LoginMechanism(p)));
        if (!tokenValidators.isEmpty()) {
            list.add(new OAuthBearerMechanism(List.copyOf(tokenValidators)));
        }
        return list;
    }

    @Override
    public AuthThrottle authThrottle() {
        return authThrottle;
    }

    @Override
    public boolean admit(Session session) {
        if (!connections.open(session.remoteAddress(), limits)) {
            return false;
        }
        admitted.put(session, "");
        return true;
    }

    @Override
    public boolean admitUser(Session session, String user) {
        if (!admitted.containsKey(session) || !connections.login(user, limits)) {
            return false;
        }
        admitted.put(session, user);
        return true;
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
    public void countBad(Session session, boolean unknownCommand) {
        if (unknownCommand && session.state() == SessionState.NOT_AUTHENTICATED) {
            int n = badCounts.computeIfAbsent(session.connectionId(), k -> new AtomicInteger()).incrementAndGet();
            if (n >= limits.maxBadBeforeAuth()) {
                session.bye(null, "Too many unknown commands");
            }
        }
    }

    @Override
    public TenantRegistry tenants() {
        return tenants;
    }

    @Override
    public void ended(Session session) {
        sessions.remove(session);
        badCounts.remove(session.connectionId());
        String user = admitted.remove(session);
        if (user != null) {
            connections.close(session.remoteAddress());
            if (!user.isEmpty()) {
                connections.logout(user);
            }
        }
    }

    /** Typed view of the configuration with framework-property fallbacks. */
    record Settings(String listen, String imaps, String name, Path mailRoot, Path usersFile, String storeType, Path tlsCert, Path tlsKey,
            boolean allowPlaintext, Networks trustedNetworks, Limits limits, Set<String> throttleKeys,
            List<SpecialMailboxes.Wanted> specialMailboxes) {

        static Settings from(Map<String, Object> c, java.util.function.Function<String, String> fw) {
            String home = fw.apply("bundlebox.home");
            Path homeDir = Path.of(home == null ? "." : home).toAbsolutePath();
            String listen = str(c, "imap", fw.apply("bundlebox.imap"), "127.0.0.1:1143");
            String imaps = str(c, "imaps", fw.apply("bundlebox.imaps"), "");
            for (String hp : (listen + "," + imaps).split(",")) {
                if (!hp.isBlank()) {
                    parseAddress(hp.strip());
                }
            }
            Path tlsCert = homeDir.resolve(str(c, "tls.cert", null, "conf/tls/cert.pem"));
            Path tlsKey = homeDir.resolve(str(c, "tls.key", null, "conf/tls/key.pem"));
            boolean allowPlaintext = bool(c, "auth.allow.plaintext");
            Networks trusted;
            try {
                trusted = Networks.parse(str(c, "auth.trusted.networks", null, "127.0.0.0/8,::1"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("auth.trusted.networks: " + e.getMessage());
            }
            // RFC 9051 section 5.4 wants at least 30 minutes; only an explicit switch allows less
            long minAutologout = bool(c, "timeout.autologout.allow.short") ? 1 : 1800;
            String name = str(c, "name", fw.apply("bundlebox.brand"), "Bundlebox");
            Path mail = homeDir.resolve(str(c, "mail.root", null, "var/mail"));
            Path users = homeDir.resolve(str(c, "users.file", null, "conf/users"));
            String storeType = str(c, "store.type", null, "maildir");
            WireLimits wire = new WireLimits(
                    (int) num(c, "limit.line", WireLimits.DEFAULT.maxLineOctets(), 1024, 16 << 20),
                    num(c, "limit.literal", WireLimits.DEFAULT.maxLiteralOctets(), 1024, 1L << 30),
                    WireLimits.DEFAULT.maxNesting());
            Limits limits = new Limits(wire,
                    (int) num(c, "timeout.preauth.seconds", Limits.DEFAULT.preAuthTimeoutMillis() / 1000, 1, 3600) * 1000,
                    (int) num(c, "timeout.autologout.seconds", Limits.DEFAULT.autologoutMillis() / 1000, minAutologout, 86400) * 1000,
                    num(c, "limit.append", Limits.DEFAULT.appendLimit(), 1024, 1L << 40),
                    (int) num(c, "limit.bad.preauth", Limits.DEFAULT.maxBadBeforeAuth(), 1, 1000),
                    (int) num(c, "limit.connections", Limits.DEFAULT.maxConnections(), 1, 1_000_000),
                    (int) num(c, "limit.connections.per.ip", Limits.DEFAULT.maxConnectionsPerIp(), 1, 1_000_000),
                    (int) num(c, "limit.connections.per.user", Limits.DEFAULT.maxConnectionsPerUser(), 1, 1_000_000),
                    num(c, "auth.delay.initial.ms", Limits.DEFAULT.authDelayInitialMillis(), 0, 60_000),
                    num(c, "auth.delay.max.ms", Limits.DEFAULT.authDelayMaxMillis(), 0, 600_000),
                    (int) num(c, "limit.outbox", Limits.DEFAULT.outboxItems(), 1, 1_000_000));
            Set<String> throttleKeys = new java.util.HashSet<>();
            for (String k : str(c, "auth.throttle", null, "user,address").split(",")) {
                String key = k.strip().toLowerCase(java.util.Locale.ROOT);
                if (key.equals("none")) {
                    continue;
                }
                if (!key.equals("user") && !key.equals("address")) {
                    throw new IllegalArgumentException("auth.throttle = '" + c.get("auth.throttle")
                            + "' is not a list of user, address (or none)");
                }
                throttleKeys.add(key);
            }
            List<SpecialMailboxes.Wanted> special = SpecialMailboxes.parse(c.containsKey("mailboxes.special") // blank: none
                    ? String.valueOf(c.get("mailboxes.special"))
                    : java.util.Objects.requireNonNullElse(fw.apply("bundlebox.mailboxes.special"), SpecialMailboxes.DEFAULT));
            return new Settings(listen, imaps, name, mail, users, storeType, tlsCert, tlsKey, allowPlaintext, trusted, limits,
                    Set.copyOf(throttleKeys), List.copyOf(special));
        }

        private static boolean bool(Map<String, Object> c, String key) {
            Object v = c.get(key);
            if (v == null || v instanceof Boolean b && !b) {
                return false;
            }
            String t = v.toString().strip();
            if (t.equalsIgnoreCase("true")) {
                return true;
            }
            if (t.equalsIgnoreCase("false") || t.isEmpty()) {
                return false;
            }
            throw new IllegalArgumentException(key + " = '" + v + "' is neither true nor false");
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
