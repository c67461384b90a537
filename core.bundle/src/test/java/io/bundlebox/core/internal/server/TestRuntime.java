package io.bundlebox.core.internal.server;

import io.bundlebox.core.internal.auth.AuthThrottle;
import io.bundlebox.core.internal.auth.SaslMechanism;
import io.bundlebox.core.internal.command.CoreCommands;
import io.bundlebox.core.internal.tls.TlsCertificates;
import io.bundlebox.core.internal.events.MailboxEventHub;
import io.bundlebox.core.internal.tenant.TenantRegistry;
import io.bundlebox.core.internal.tenant.TenantSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;

/**
 * A server runtime without listeners, credentials or store (one default tenant whose store type is not installed), for driving a real {@link Session}'s
 * reader and the core's real command parsers from a test (fuzzing): every command of the core
 * table, default limits. Parsers that need a store (APPEND opens its mailbox) get
 * {@code NO Not authenticated}, as before login.
 */
final class TestRuntime implements ServerRuntime {

    private final Extensions extensions = new Extensions(id -> "test");
    private static final java.util.concurrent.ScheduledExecutorService TIMER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
    private final AuthThrottle throttle = new AuthThrottle(0, 0);

    /** Only the default tenant, with no store type installed (opening its store says UNAVAILABLE). */
    private final TenantRegistry tenants = new TenantRegistry(extensions, type -> null, new MailboxEventHub());

    TestRuntime() {
        CoreCommands.register(extensions);
        tenants.putDefault(TenantSettings.defaults("test", java.nio.file.Path.of("/nonexistent/mail"),
                java.nio.file.Path.of("/nonexistent/users"), "none"));
    }

    /** A session whose client sends {@code input}; what the server writes goes to {@code output}. */
    Session session(InputStream input, OutputStream output) throws IOException {
        return new Session(this, new StreamSocket(input, output), "fuzz");
    }

    @Override
    public Limits limits() {
        return Limits.DEFAULT;
    }

    @Override
    public Extensions extensions() {
        return extensions;
    }

    @Override
    public List<String> capabilities(Session session) {
        return List.of("IMAP4rev1", "IMAP4rev2", "UTF8=ACCEPT");
    }

    @Override
    public String greeting() {
        return "test ready";
    }

    @Override
    public String serverName() {
        return "test";
    }

    @Override
    public void countBad(Session session, boolean unknownCommand) {
    }

    @Override
    public TenantRegistry tenants() {
        return tenants;
    }

    @Override
    public TlsCertificates tls() {
        return null;
    }

    @Override
    public boolean cleartextAuthAllowed(Session session) {
        return true;
    }

    @Override
    public List<SaslMechanism> mechanisms() {
        return List.of();
    }

    @Override
    public AuthThrottle authThrottle() {
        return throttle;
    }

    @Override
    public boolean admit(Session session) {
        return true;
    }

    @Override
    public boolean admitUser(Session session, String user) {
        return true;
    }

    @Override
    public java.util.concurrent.ScheduledExecutorService timer() {
        return TIMER;
    }

    @Override
    public void ended(Session session) {
    }

    /** A connected-looking socket over two streams (no network). */
    static final class StreamSocket extends Socket {
        private final InputStream in;
        private final OutputStream out;
        private boolean closed;

        StreamSocket(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        StreamSocket(InputStream in) {
            this(in, new ByteArrayOutputStream());
        }

        @Override
        public InputStream getInputStream() {
            return in;
        }

        @Override
        public OutputStream getOutputStream() {
            return out;
        }

        @Override
        public InetAddress getInetAddress() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public void setSoTimeout(int timeout) {
        }

        @Override
        public synchronized void close() {
            closed = true;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }
    }
}
