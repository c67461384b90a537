package io.bundlebox.core.internal.server;

import io.bundlebox.core.internal.tenant.Tenant;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandObserver;
import io.bundlebox.imap.spi.Enableable;
import io.bundlebox.core.internal.command.FetchRequests;
import io.bundlebox.imap.spi.FetchItems;
import io.bundlebox.imap.spi.InputWait;
import io.bundlebox.imap.spi.Key;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.spi.Unsolicited;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MessageRecord;
import io.bundlebox.mailstore.UserMailboxes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One IMAP session (RFC 9051 section 3): its state, user, selection, enabled capabilities and
 * extension attributes, as the {@link SessionContext} commands see. Runs on its own virtual
 * thread. The jobs around it live in their own classes: {@link Connection} (socket, streams,
 * TLS), {@link CommandDispatcher} (command cycle, state checks, error mapping),
 * {@link UnsolicitedReporter} (other sessions' changes to the selected mailbox) and
 * {@link Outbox} (writing from other threads, BYE).
 */
public final class Session implements SessionContext, Runnable {

    private static final Logger LOG = Logger.getLogger(Session.class.getName());

    private final ServerRuntime server;
    private final String id;
    private final Connection connection;
    private final Outbox outbox;
    /** {@code FLAGS (...)} per store flag set, by identity ({@link #writeFlags}); used under the outbox's writer lock. */
    private final java.util.Map<Set<String>, byte[]> renderedFlags = new java.util.IdentityHashMap<>();
    private static final int RENDERED_FLAGS_MAX = 64;
    private final CommandDispatcher dispatcher;
    private final UnsolicitedReporter reporter;
    private final Map<Key<?>, Object> attributes = new ConcurrentHashMap<>();
    private final Set<String> enabled = ConcurrentHashMap.newKeySet();
    /** Bundles whose commands or capabilities this session has used: it ends if they go away. */
    private final Set<Long> usedBundles = ConcurrentHashMap.newKeySet();
    /** Set once the mailbox and other resources have been let go (by the BYE's writer or the session thread). */
    private final AtomicBoolean released = new AtomicBoolean();
    /** Run once by {@link #release}; guarded by itself. */
    private final java.util.List<Runnable> closeActions = new java.util.ArrayList<>();
    private volatile SessionState state = SessionState.NOT_AUTHENTICATED;
    private volatile String user;
    private UserMailboxes mailboxes;
    private SelectedView selected;
    /** What the running command did, as the store told it (for {@link CommandObserver}s), or null. */
    private volatile Object outcome;
    /** Ends the session if it has not logged in in time; cancelled at login and at the end. */
    private volatile java.util.concurrent.Future<?> preAuthDeadline = java.util.concurrent.CompletableFuture.completedFuture(null);
    /**
     * The session's tenant (the default one before login): its filter is the session's, so every
     * lookup of a command, item, key, parameter or guard goes through it.
     */
    private volatile Tenant tenant;

    Session(ServerRuntime server, Socket socket, String id) throws IOException {
        this.server = server;
        this.id = id;
        this.tenant = server.tenants().defaultTenant();
        this.connection = new Connection(server, socket);
        this.outbox = new Outbox(connection, id, server.limits().outboxItems());
        connection.literalWaiting(wait -> outbox.awaitLiteral(() -> {
            wait.run();
            return null;
        }));
        this.dispatcher = new CommandDispatcher(this, server, connection, outbox);
        this.reporter = new UnsolicitedReporter(this);
    }

    /**
     * Asks for the TLS handshake to begin right after the current command's tagged response has
     * been sent (STARTTLS, RFC 9051 section 6.2.1).
     */
    public void startTlsAfterResponse() {
        dispatcher.startTlsAfterResponse();
    }

    /** A log prefix naming the connection and, once known, the user. */
    public String logPrefix() {
        if (user == null) {
            return "[" + id + "] ";
        }
        Tenant t = tenant;
        return t.settings().isDefault() ? "[" + id + " " + user + "] " : "[" + id + " " + t.id() + ":" + user + "] ";
    }

    @Override
    public void run() {
        try {
            int preAuthMillis = server.limits().preAuthTimeoutMillis();
            // the whole time before login, whatever the client sends (a client dripping one octet
            // every few seconds must not hold its slot); the BYE runs on its own thread
            preAuthDeadline = server.timer().schedule(() -> Thread.ofVirtual().name("imap-" + id + "-preauth")
                    .start(this::preAuthExpired), preAuthMillis, TimeUnit.MILLISECONDS);
            // a refused literal before login is not read if a login could not hold it: BYE instead
            connection.discardLimit(server.limits().wire().maxLiteralOctets());
            if (!server.admit(this)) {
                bye(ResponseCode.UNAVAILABLE, "Too many connections");
                return;
            }
            outbox.beginCommand();
            try {
                connection.out().status(null, "OK",
                        ResponseCode.of("CAPABILITY", String.join(" ", server.capabilities(this))), server.greeting());
            } finally {
                outbox.endCommand(true);
            }
            while (state != SessionState.LOGOUT && !ending()) {
                dispatcher.commandCycle();
            }
        } catch (ImapReader.LiteralTooLargeException e) {
            // also from skipping a refused command: no answer of a command can follow it
            LOG.info(logPrefix() + "ended: " + e.getMessage());
            bye(ResponseCode.of("TOOBIG"), "Literal too large");
        } catch (ImapReader.ClosedException e) {
            LOG.fine(() -> logPrefix() + "client closed the connection");
        } catch (IOException e) {
            if (!ending()) {
                LOG.fine(() -> logPrefix() + "connection ended: " + e.getMessage());
            }
        } finally {
            preAuthDeadline.cancel(false);
            // a BYE being written keeps the socket: its writer closes it once the BYE is out
            if (outbox.close() || outbox.life() == Outbox.Life.CLOSED) {
                release();
            }
            server.ended(this);
        }
    }

    // ---- state transitions used by core commands -------------------------------------------

    /** Moves to the authenticated state as {@code user} of {@code tenant}, with its mailboxes in the tenant's store. */
    public void authenticated(String user, Tenant tenant, UserMailboxes mailboxes) throws IOException {
        this.user = user;
        this.tenant = tenant;
        this.mailboxes = mailboxes;
        this.state = SessionState.AUTHENTICATED;
        preAuthDeadline.cancel(false);
        connection.discardLimit(Long.MAX_VALUE);
        LOG.info(() -> logPrefix() + "logged in");
    }

    /** At {@code timeout.preauth.seconds} after connecting: BYE unless logged in by now. */
    private void preAuthExpired() {
        if (state == SessionState.NOT_AUTHENTICATED) {
            LOG.fine(() -> logPrefix() + "not authenticated within " + server.limits().preAuthTimeoutMillis() / 1000 + " s");
            bye(null, "Timed out before authentication");
        }
    }

    /** Moves to the selected state with {@code view}, closing any previous selection. */
    public void select(SelectedView view) {
        deselect();
        this.selected = view;
        this.state = SessionState.SELECTED;
    }

    /** Leaves the selected state (CLOSE, UNSELECT, failed SELECT). */
    public void deselect() {
        if (selected != null) {
            selected.mailbox().close();
            selected = null;
        }
        if (state == SessionState.SELECTED) {
            state = SessionState.AUTHENTICATED;
        }
    }

    /** Enters the logout state; the loop ends after the current command. */
    public void logout() {
        state = SessionState.LOGOUT;
    }

    /** The selected view, or null. */
    public SelectedView view() {
        return selected;
    }

    /** The tag of the command being run (e.g. for {@code * ESEARCH (TAG "a1")}, RFC 9051 section 7.3.4). */
    public String commandTag() {
        return dispatcher.commandTag();
    }

    /**
     * The commands and extension services this session may use: its tenant's filter over the
     * server's registry (DESIGN.md section 4.1). A lookup that is not allowed finds nothing, so the
     * client gets exactly what a server without that extension would say.
     */
    public Extensions.View extensions() {
        return tenant.view();
    }

    /** The version of the tenant this session runs under (the default tenant before login). */
    Tenant tenantVersion() {
        return tenant;
    }

    /** Moves the session to a new version of its tenant (same store; the extension set may differ). */
    void tenantChanged(Tenant now) {
        tenant = now;
    }

    /**
     * Whether a bundle this session used offers something {@code before} allowed and {@code after}
     * does not (the tenant's permission for that extension was removed).
     */
    boolean usesAnyNoLongerAllowed(Extensions.View before, Extensions.View after) {
        for (long b : usedBundles) {
            if (server.extensions().narrowed(b, before, after)) {
                return true;
            }
        }
        return false;
    }

    /** The server name shown to this session: its tenant's {@code name} (ID, RFC 2971). */
    public String serverName() {
        return tenant.settings().name();
    }

    /** The server this session belongs to. */
    public ServerRuntime server() {
        return server;
    }

    /** Capabilities the core switches on itself (RFC 9051 section 6.3.1, RFC 6855). */
    public static final Set<String> CORE_ENABLEABLE = Set.of("IMAP4REV2", "UTF8=ACCEPT");

    @Override
    public List<String> enable(String capability) throws IOException, ImapException {
        List<String> done = new ArrayList<>();
        enable(capability.toUpperCase(java.util.Locale.ROOT), done, new HashSet<>());
        return done;
    }

    private void enable(String cap, List<String> done, Set<String> visiting) throws IOException, ImapException {
        if (enabled.contains(cap) || !visiting.add(cap)) {
            return;
        }
        if (CORE_ENABLEABLE.contains(cap)) {
            enabled.add(cap);
            connection.utf8();
            done.add(cap);
            return;
        }
        Extensions.Tracked<Enableable> ext = extensions().enableable(cap);
        if (ext == null) {
            return;
        }
        for (String implied : ext.service().implies()) {
            enable(implied.toUpperCase(java.util.Locale.ROOT), done, visiting);
        }
        used(ext.bundleId());
        try {
            ext.service().enable(this);
        } catch (ImapException e) {
            return; // refused: left off and not listed in * ENABLED (Enableable#enable)
        } catch (RuntimeException e) {
            // an extension's bug must not cut the ENABLE short: this one stays off, the others of
            // the same command are switched on and listed as usual
            LOG.log(Level.SEVERE, logPrefix() + "ENABLE " + cap + " failed in bundle " + ext.bundleId(), e);
            return;
        }
        enabled.add(cap);
        done.add(cap);
    }

    /** Records what the running command did, for the {@link CommandObserver}s (see there for the types). */
    public void outcome(Object what) {
        this.outcome = what;
    }

    /** What the running command recorded with {@link #outcome(Object)}, or null. */
    Object outcome() {
        return outcome;
    }

    /** Writes the change reports of this session (expunges, EXISTS, unsolicited FETCH responses). */
    public UnsolicitedReporter reports() {
        return reporter;
    }

    /** Remembers that this session used an extension bundle. */
    public void used(long bundleId) {
        if (bundleId >= 0) {
            usedBundles.add(bundleId);
        }
    }

    /** Whether this session used the extension bundle {@code bundleId}. */
    boolean uses(long bundleId) {
        return usedBundles.contains(bundleId);
    }

    // ---- SessionContext ------------------------------------------------------------------------

    /** The client's address. */
    public InetAddress remoteAddress() {
        return connection.remoteAddress();
    }

    /**
     * How long the connection has been waiting for the client's next octet, for the autologout.
     *
     * @param now a {@link System#nanoTime()} reading
     * @return nanoseconds, 0 while no read is blocked
     */
    long inputWaitNanos(long now) {
        return connection.inputWaitNanos(now);
    }

    @Override
    public String connectionId() {
        return id;
    }

    @Override
    public SessionState state() {
        return state;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String tenant() {
        return tenant.id();
    }

    @Override
    public Map<String, String> tenantSettings() {
        return tenant.settings().keys();
    }

    @Override
    public boolean secure() {
        return connection.secure();
    }

    @Override
    public boolean isEnabled(String capability) {
        return enabled.contains(capability.toUpperCase(java.util.Locale.ROOT));
    }

    /** The capabilities enabled so far, upper case. */
    public Set<String> enabledCapabilities() {
        return Collections.unmodifiableSet(new HashSet<>(enabled));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attribute(Key<T> key) {
        return (T) attributes.get(key);
    }

    @Override
    public <T> void attribute(Key<T> key, T value) {
        if (value == null) {
            attributes.remove(key);
        } else {
            attributes.put(key, value);
        }
    }

    @Override
    public ResponseWriter out() {
        return connection.out();
    }

    @Override
    public ImapReader in() {
        return connection.in();
    }

    @Override
    public UserMailboxes mailboxes() throws ImapException {
        if (mailboxes == null) {
            throw ImapException.no("Not authenticated");
        }
        return mailboxes;
    }

    @Override
    public Mailbox selectedMailbox() {
        return selected == null ? null : selected.mailbox();
    }

    @Override
    public boolean selectedReadOnly() {
        return selected != null && selected.readOnly();
    }

    @Override
    public void reportChanges(boolean expungesAllowed) throws IOException {
        if (selected == null) {
            return;
        }
        try {
            selected.sync(expungesAllowed, reporter);
        } catch (MailStoreException e) {
            if (e.code() == ResponseCode.NONEXISTENT) {
                // deleted by another session or from outside (a rename is followed by the handle): the client's view cannot be kept (as Dovecot does)
                bye(ResponseCode.CLOSED, "Selected mailbox was deleted, have to disconnect");
                return;
            }
            LOG.warning(logPrefix() + "cannot check the selected mailbox for changes: " + e.getMessage());
        }
    }

    /**
     * To be called before a response that names {@code flags}: sends FLAGS and PERMANENTFLAGS
     * first when they hold a keyword the client was not told of (RFC 9051 section 7.3.5).
     */
    public void announceKeywords(Set<String> flags) throws IOException {
        if (selected != null) {
            selected.announceKeywords(out(), flags);
        }
    }

    /**
     * Writes {@code FLAGS (...)} as this session shows a message's flags: the store's, plus
     * {@code \Recent} where the message is recent in this session (IMAP4rev1 only, RFC 3501
     * section 2.3.2). The store shares one immutable flag set between the messages carrying the
     * same flags, so each set is rendered once (FETCH 1:* FLAGS over 100,000 messages).
     */
    public void writeFlags(ResponseWriter out, MessageRecord record) throws IOException {
        Set<String> flags = record.flags();
        if (selected != null && selected.isRecent(record.uid())) {
            Set<String> shown = new java.util.LinkedHashSet<>(flags);
            shown.add(io.bundlebox.imap.api.Flag.RECENT);
            out.raw(renderFlags(shown));
            return;
        }
        byte[] rendered = renderedFlags.get(flags);
        if (rendered == null) {
            if (renderedFlags.size() == RENDERED_FLAGS_MAX) {
                renderedFlags.clear(); // only a shortcut
            }
            rendered = renderFlags(flags);
            renderedFlags.put(flags, rendered);
        }
        out.raw(rendered);
    }

    private static byte[] renderFlags(Set<String> flags) {
        return ("FLAGS (" + String.join(" ", flags) + ")").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public int viewSize() {
        return selected == null ? 0 : selected.size();
    }

    @Override
    public int sequenceOf(long uid) {
        return selected == null ? 0 : selected.seqOf(uid);
    }

    @Override
    public void bye(ResponseCode code, String text) {
        outbox.bye(code, text, logPrefix(), this::release);
    }

    @Override
    public boolean post(Unsolicited item, Unsolicited overflow) {
        return outbox.post(item, overflow);
    }

    @Override
    public <T> T awaitInput(InputWait<T> wait) throws IOException, ImapException {
        return outbox.<T, ImapException>awaitInput(() -> wait.read(connection.in()));
    }

    @Override
    public FetchItems parseFetchItems(ImapReader in) throws IOException, ImapException {
        return FetchRequests.parse(in, this);
    }

    @Override
    public void writeFetch(long uid, FetchItems items) throws IOException {
        try {
            FetchRequests.write(this, uid, items);
        } catch (MailStoreException e) {
            LOG.fine(() -> logPrefix() + "FETCH data of new message " + uid + " not written: " + e.getMessage());
        }
    }

    /** The session's outbox (for tests in this package). */
    Outbox outbox() {
        return outbox;
    }

    @Override
    public boolean ending() {
        return outbox.life() != Outbox.Life.OPEN;
    }

    @Override
    public void onClose(Runnable action) {
        synchronized (closeActions) {
            if (!released.get()) {
                closeActions.add(action);
                return;
            }
        }
        action.run();
    }

    /** Lets go of the selected mailbox and runs the close actions once the connection is closed; the first call wins. */
    private void release() {
        synchronized (closeActions) {
            if (!released.compareAndSet(false, true)) {
                return;
            }
        }
        for (Runnable action : closeActions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, logPrefix() + "a close action failed", e);
            }
        }
        if (selected != null) {
            try {
                selected.mailbox().close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, logPrefix() + "closing mailbox", e);
            }
        }
    }
}
