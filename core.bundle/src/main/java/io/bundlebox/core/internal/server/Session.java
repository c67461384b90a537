package io.bundlebox.core.internal.server;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandFlag;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.Key;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MessageRecord;
import io.bundlebox.mailstore.UserMailboxes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One IMAP connection: reads commands, checks each against its descriptor's states, runs it and
 * writes the tagged completion (RFC 9051 sections 2.2 and 5.5). Runs on its own virtual thread.
 * Errors are mapped here, in one place: {@link ImapException} to NO/BAD/BYE with its code, a
 * {@link MailStoreException} to NO with its code, anything unexpected to {@code NO [SERVERBUG]}
 * after logging it with the tag (the connection survives).
 */
public final class Session implements SessionContext, Runnable {

    private static final Logger LOG = Logger.getLogger(Session.class.getName());
    private static final java.time.Duration BYE_WRITE_TIMEOUT = java.time.Duration.ofSeconds(2);
    /** Held for the connection's lifetime (also while it idles); literal bodies are read past it. */
    private static final int INPUT_BUFFER_OCTETS = 4096;

    private final ServerRuntime server;
    private final String id;
    private final InetAddress remoteAddress;
    /** Replaced, with the reader and writer, when STARTTLS succeeds. */
    private volatile Socket socket;
    private volatile ImapReader in;
    private volatile ResponseWriter out;
    private boolean startTlsRequested;
    private final Map<Key<?>, Object> attributes = new ConcurrentHashMap<>();
    private final Set<String> enabled = ConcurrentHashMap.newKeySet();
    /** Bundles whose commands or capabilities this session has used: it ends if they go away. */
    private final Set<Long> usedBundles = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set by {@link #bye}: it closes the connection itself once the BYE is written. */
    private volatile boolean byeInCharge;
    private volatile SessionState state = SessionState.NOT_AUTHENTICATED;
    private volatile String user;
    private volatile String runningCommandName;
    /** Whether the current command's arguments were read completely (so no skipping is needed). */
    private boolean parsed;
    /** Tag of the command being run, for responses that quote it (ESEARCH's TAG correlator). */
    private volatile String commandTag;
    private UserMailboxes mailboxes;
    private SelectedView selected;

    Session(ServerRuntime server, Socket socket, String id) throws IOException {
        this.server = server;
        this.socket = socket;
        this.id = id;
        this.remoteAddress = socket.getInetAddress();
        bindStreams(false);
    }

    /** (Re)creates the reader and writer on the current socket's streams. */
    private void bindStreams(boolean utf8) throws IOException {
        this.out = new ResponseWriter(socket.getOutputStream());
        this.in = new ImapReader(new BufferedInputStream(socket.getInputStream(), INPUT_BUFFER_OCTETS),
                server.limits().wire(), this::acceptLiteral);
        out.utf8(utf8);
        in.utf8MailboxNames(utf8);
    }

    /**
     * Asks for the TLS handshake to begin right after the current command's tagged response has
     * been sent (STARTTLS, RFC 9051 section 6.2.1).
     */
    public void startTlsAfterResponse() {
        startTlsRequested = true;
    }

    /**
     * Runs the server side of the TLS handshake on the connection and rebinds reader and writer to
     * the TLS streams. Whatever the client pipelined after STARTTLS lies in the old reader's buffer
     * and is dropped with it, never executed (the command-injection attack of CVE-2011-0411).
     */
    private void startTls() throws IOException {
        javax.net.ssl.SSLSocket tls = server.tls().wrap(socket);
        socket = tls;
        tls.startHandshake();
        bindStreams(out.utf8());
        LOG.fine(() -> logPrefix() + "TLS started: " + tls.getSession().getProtocol() + " " + tls.getSession().getCipherSuite());
    }

    private void acceptLiteral(long size, boolean synchronizing) throws IOException {
        if (synchronizing) {
            out.continuation("Ready for literal data");
        }
    }

    /** A log prefix naming the connection and, once known, the user. */
    public String logPrefix() {
        return user == null ? "[" + id + "] " : "[" + id + " " + user + "] ";
    }

    @Override
    public void run() {
        try {
            socket.setSoTimeout(server.limits().preAuthTimeoutMillis());
            if (!server.admit(this)) {
                bye(ResponseCode.UNAVAILABLE, "Too many connections");
                return;
            }
            out.status(null, "OK", ResponseCode.of("CAPABILITY", String.join(" ", server.capabilities(this))),
                    server.greeting());
            out.flush();
            while (state != SessionState.LOGOUT && !closed.get()) {
                commandCycle();
            }
        } catch (ImapReader.ClosedException e) {
            LOG.fine(() -> logPrefix() + "client closed the connection");
        } catch (SocketTimeoutException e) {
            bye(null, state == SessionState.NOT_AUTHENTICATED ? "Timed out before authentication" : "Autologout: idle too long");
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.fine(() -> logPrefix() + "connection ended: " + e.getMessage());
            }
        } finally {
            if (!byeInCharge) {
                closeQuietly(); // else bye() closes, after its BYE is written: closing here would race it
            }
            server.ended(this);
        }
    }

    private void commandCycle() throws IOException {
        in.beginCommand();
        String tag = null;
        CommandEntry entry = null;
        parsed = false;
        try {
            tag = in.tag();
            commandTag = tag;
            in.sp();
            String name = in.keyword();
            if (name.equals("UID")) {
                in.sp();
                name = "UID " + in.keyword();
            }
            entry = server.extensions().command(name);
            if (entry == null || !server.allowed(this, entry)) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Unknown command " + name);
            }
            if (!entry.states().contains(state)) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Command " + name + " is not valid in the "
                        + state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " state");
            }
            if (entry.bundleId() >= 0) {
                usedBundles.add(entry.bundleId());
            }
            runningCommandName = name;
            Completion done = run(entry.handler(), tag);
            if (state == SessionState.SELECTED && !entry.has(CommandFlag.LONG_RUNNING)) {
                reportChanges(!entry.has(CommandFlag.USES_SEQS));
            }
            synchronized (out) { // a whole line: bye() may write from another thread (see SessionContext#out)
                out.status(tag, done.condition().name(), done.code(), done.text());
            }
        } catch (ImapException e) {
            if (!parsed) {
                in.skipCommand(); // the rest of a refused command must not be read as the next one
            }
            answer(tag, e, entry);
        } catch (ImapReader.LineTooLongException e) {
            in.skipCommand();
            out.status(tag == null ? "*" : tag, "BAD", ResponseCode.of("TOOBIG"), "Command line too long");
        } catch (ImapReader.ClosedException | SocketTimeoutException | java.net.SocketException e) {
            // the connection ended or broke (reset by the client): not a server error
            throw e;
        } catch (IOException e) {
            if (closed.get() || socket.isClosed()) {
                throw e;
            }
            serverBug(tag, e);
        } catch (RuntimeException e) {
            serverBug(tag, e);
        } finally {
            runningCommandName = null;
        }
        out.flush();
        if (startTlsRequested) {
            startTlsRequested = false;
            startTls();
        }
    }

    @SuppressWarnings("unchecked")
    private <A> Completion run(CommandHandler<A> handler, String tag) throws IOException, ImapException {
        A args = handler.parse(in, this);
        parsed = true;
        return handler.handle(args, this);
    }

    private void answer(String tag, ImapException e, CommandEntry entry) throws IOException {
        switch (e.kind()) {
            case BYE -> {
                bye(e.code(), e.getMessage());
                state = SessionState.LOGOUT;
            }
            case NO -> out.status(tag, "NO", e.code(), e.getMessage());
            case BAD -> {
                server.countBad(this, entry == null);
                out.status(tag == null ? "*" : tag, "BAD", e.code(), e.getMessage());
            }
        }
    }

    private void serverBug(String tag, Exception e) throws IOException {
        LOG.log(Level.SEVERE, logPrefix() + "command " + tag + " " + runningCommandName + " failed unexpectedly", e);
        in.skipCommand();
        out.status(tag == null ? "*" : tag, "NO", ResponseCode.SERVERBUG, "Internal error; the incident was logged");
    }

    // ---- state transitions used by core commands -------------------------------------------

    /** Moves to the authenticated state as {@code user} with the tenant's mailboxes. */
    public void authenticated(String user, UserMailboxes mailboxes) throws IOException {
        this.user = user;
        this.mailboxes = mailboxes;
        this.state = SessionState.AUTHENTICATED;
        socket.setSoTimeout(server.limits().autologoutMillis());
        LOG.info(() -> logPrefix() + "logged in");
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
        return commandTag;
    }

    /** The server this session belongs to. */
    public ServerRuntime server() {
        return server;
    }

    /** Marks {@code capability} enabled and applies the core's own ones (IMAP4rev2, UTF8=ACCEPT). */
    public void enable(String capability) {
        enabled.add(capability);
        if (capability.equals("IMAP4REV2") || capability.equals("UTF8=ACCEPT")) {
            in.utf8MailboxNames(true);
            out.utf8(true);
        }
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
        return remoteAddress;
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
        return "default";
    }

    @Override
    public boolean secure() {
        return socket instanceof javax.net.ssl.SSLSocket;
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
        return out;
    }

    @Override
    public ImapReader in() {
        return in;
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
            selected.sync(expungesAllowed, new SelectedView.Reporter() {
                @Override
                public void expunge(int seq, long uid) throws IOException {
                    out.untagged().number(seq).raw(" EXPUNGE").crlf();
                }

                @Override
                public void exists(int count) throws IOException {
                    out.untagged().number(count).raw(" EXISTS").crlf();
                }

                @Override
                public void flags(int seq, MessageRecord r) throws IOException {
                    out.untagged().number(seq).raw(" FETCH (");
                    if (isEnabled("CONDSTORE")) {
                        out.raw("UID ").number(r.uid()).raw(" MODSEQ (").number(r.modSeq()).raw(") ");
                    }
                    writeFlags(out, r.flags());
                    out.raw(")").crlf();
                }
            });
        } catch (MailStoreException e) {
            if (e.code() == ResponseCode.NONEXISTENT) {
                // another session deleted or renamed it: the client's view cannot be kept (as Dovecot does)
                bye(ResponseCode.CLOSED, "Selected mailbox was deleted, have to disconnect");
                return;
            }
            LOG.warning(logPrefix() + "cannot check the selected mailbox for changes: " + e.getMessage());
        }
    }

    /** Writes {@code FLAGS (...)} for a message. */
    public static void writeFlags(ResponseWriter out, Set<String> flags) throws IOException {
        out.raw("FLAGS (");
        boolean first = true;
        for (String f : flags) {
            if (!first) {
                out.sp();
            }
            first = false;
            out.atom(f);
        }
        out.raw(")");
    }

    @Override
    public int sequenceOf(long uid) {
        return selected == null ? 0 : selected.seqOf(uid);
    }

    @Override
    public void bye(ResponseCode code, String text) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        byeInCharge = true;
        // A long-running command (IDLE) writes from its own thread holding the writer's monitor, and may
        // be stuck in a write to a client that stopped reading: write the BYE on a helper thread, wait a
        // bounded time, then close the socket regardless, which also unblocks such a writer.
        ResponseWriter w = out;
        Runnable writeBye = () -> {
            try {
                synchronized (w) {
                    w.status(null, "BYE", code, text);
                    w.flush();
                }
            } catch (IOException e) {
                LOG.fine(() -> logPrefix() + "BYE not delivered: " + e.getMessage());
            }
        };
        if (Thread.holdsLock(w)) { // called while writing (reportChanges inside IDLE): a helper would wait for us
            writeBye.run();
            closeQuietly();
            return;
        }
        Thread writer = Thread.ofVirtual().name("imap-" + id + "-bye").start(writeBye);
        try {
            if (!writer.join(BYE_WRITE_TIMEOUT)) {
                LOG.fine(() -> logPrefix() + "BYE not delivered within " + BYE_WRITE_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
    }

    private void closeQuietly() {
        closed.set(true);
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
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
