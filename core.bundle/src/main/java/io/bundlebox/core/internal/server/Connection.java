package io.bundlebox.core.internal.server;

import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.ResponseWriter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.logging.Logger;

/**
 * The transport of one session: the socket, the command reader and the response writer on its
 * streams, and the switch to TLS (RFC 9051 section 6.2.1). Knows nothing of commands or states.
 */
final class Connection {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());
    /** Held for the connection's lifetime (also while it idles); literal bodies are read past it. */
    private static final int INPUT_BUFFER_OCTETS = 4096;
    /** {@link #waitingSince} while no socket read is blocked. */
    private static final long NOT_WAITING = Long.MIN_VALUE;

    private final ServerRuntime server;
    private final InetAddress remoteAddress;
    /** Replaced, with the reader and writer, when STARTTLS succeeds. */
    private volatile Socket socket;
    private volatile ImapReader in;
    private volatile ResponseWriter out;
    /** The buffered socket input under {@link #in}, for waiting on a literal's first octet. */
    private volatile BufferedInputStream input;
    /** Runs the wait for a synchronizing literal's octets; the session lets its writer lock go meanwhile. */
    private volatile InputWaiting literalWaiting = InputWaiting::now;
    /** The reader's discard limit, kept across STARTTLS (which makes a new reader). */
    private volatile long discardLimit = Long.MAX_VALUE;
    /**
     * {@link System#nanoTime()} when the read from the socket now blocked began, or
     * {@link #NOT_WAITING}. The autologout is measured from it instead of a socket read timeout: a
     * timed read makes a virtual thread schedule and cancel a timer task per read, two more thread
     * wake-ups per command.
     */
    private volatile long waitingSince = NOT_WAITING;

    Connection(ServerRuntime server, Socket socket) throws IOException {
        this.server = server;
        this.socket = socket;
        this.remoteAddress = socket.getInetAddress();
        bindStreams(false);
    }

    /** (Re)creates the reader and writer on the current socket's streams. */
    private void bindStreams(boolean utf8) throws IOException {
        this.out = new ResponseWriter(socket.getOutputStream());
        this.input = new BufferedInputStream(new WaitTimedInput(socket.getInputStream()), INPUT_BUFFER_OCTETS);
        this.in = new ImapReader(input, server.limits().wire(), this::acceptLiteral);
        out.utf8(utf8);
        in.utf8MailboxNames(utf8);
        in.discardLimit(discardLimit);
    }

    /** The largest refused literal the reader swallows (see {@link ImapReader#discardLimit(long)}). */
    void discardLimit(long octets) {
        discardLimit = octets;
        in.discardLimit(octets);
    }

    /**
     * Runs the server side of the TLS handshake on the connection and rebinds reader and writer to
     * the TLS streams. Whatever the client pipelined after STARTTLS lies in the old reader's buffer
     * and is dropped with it, never executed (the command-injection attack of CVE-2011-0411).
     */
    void startTls(String logPrefix) throws IOException {
        javax.net.ssl.SSLSocket tls = server.tls().wrap(socket);
        socket = tls;
        tls.startHandshake();
        bindStreams(out.utf8());
        LOG.fine(() -> logPrefix + "TLS started: " + tls.getSession().getProtocol() + " " + tls.getSession().getCipherSuite());
    }

    private void acceptLiteral(long size, boolean synchronizing) throws IOException {
        if (synchronizing) {
            out.continuation("Ready for literal data");
            if (size > 0) {
                // the client may take its time: wait for the first octet as for any input inside a
                // command, so a BYE (RFC 9051 section 7.1.5) or a posted item need not wait for it
                BufferedInputStream from = input;
                literalWaiting.await(() -> {
                    from.mark(1);
                    if (from.read() >= 0) {
                        from.reset();
                    }
                });
            }
        }
    }

    /**
     * Sets how the wait for a synchronizing literal's octets is run (the session runs it as an
     * input wait of its outbox); by default it just waits.
     */
    void literalWaiting(InputWaiting waiting) {
        this.literalWaiting = waiting;
    }

    /** Runs a blocking wait for client input. */
    @FunctionalInterface
    interface InputWaiting {
        void await(Wait wait) throws IOException;

        /** Waits on the calling thread, holding whatever it holds. */
        static void now(Wait wait) throws IOException {
            wait.run();
        }
    }

    /** A blocking wait for client input. */
    @FunctionalInterface
    interface Wait {
        void run() throws IOException;
    }

    /** Switches reader and writer to UTF-8 mailbox names and strings (IMAP4rev2, UTF8=ACCEPT). */
    void utf8() {
        in.utf8MailboxNames(true);
        out.utf8(true);
    }

    /**
     * How long the connection has been waiting for the client's next octet.
     *
     * @param now a {@link System#nanoTime()} reading
     * @return nanoseconds since the blocked socket read began, or 0 when no read is blocked (a
     *     command is running, or its response being written)
     */
    long inputWaitNanos(long now) {
        long since = waitingSince;
        return since == NOT_WAITING ? 0 : Math.max(0, now - since);
    }

    /** The socket's input, noting in {@link #waitingSince} when each read began until it returns. */
    private final class WaitTimedInput extends InputStream {
        private final InputStream socketInput;

        WaitTimedInput(InputStream socketInput) {
            this.socketInput = socketInput;
        }

        @Override
        public int read() throws IOException {
            waitingSince = System.nanoTime();
            try {
                return socketInput.read();
            } finally {
                waitingSince = NOT_WAITING;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            waitingSince = System.nanoTime();
            try {
                return socketInput.read(b, off, len);
            } finally {
                waitingSince = NOT_WAITING;
            }
        }

        @Override
        public int available() throws IOException {
            return socketInput.available();
        }

        @Override
        public void close() throws IOException {
            socketInput.close();
        }
    }

    ImapReader in() {
        return in;
    }

    ResponseWriter out() {
        return out;
    }

    InetAddress remoteAddress() {
        return remoteAddress;
    }

    boolean secure() {
        return socket instanceof javax.net.ssl.SSLSocket;
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    /** Closes the socket; a writer or reader blocked on it fails. */
    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
