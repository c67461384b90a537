package io.bundlebox.core.internal.server;

import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.wire.ResponseWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The session's writer side: whole lines written under the writer's lock, and the BYE, which may
 * come from any thread (RFC 9051 section 7.1.5).
 */
final class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());
    private static final Duration BYE_WRITE_TIMEOUT = Duration.ofSeconds(2);

    private final Connection connection;
    private final String id;

    Outbox(Connection connection, String id) {
        this.connection = connection;
        this.id = id;
    }

    /** Writes a whole status line under the writer's lock: {@link #bye} may write from another thread. */
    void status(String tag, String condition, ResponseCode code, String text) throws IOException {
        ResponseWriter out = connection.out();
        synchronized (out) {
            out.status(tag, condition, code, text);
        }
    }

    /**
     * Writes {@code * BYE [code] text} and flushes, waiting a bounded time for it. A long-running
     * command (IDLE) writes from its own thread holding the writer's monitor, and may be stuck in a
     * write to a client that stopped reading: the BYE is written on a helper thread and abandoned
     * after {@link #BYE_WRITE_TIMEOUT}; the caller then closes the socket, which also unblocks such
     * a writer.
     */
    void writeBye(ResponseCode code, String text, String logPrefix) {
        ResponseWriter w = connection.out();
        Runnable writeBye = () -> {
            try {
                synchronized (w) {
                    w.status(null, "BYE", code, text);
                    w.flush();
                }
            } catch (IOException e) {
                LOG.fine(() -> logPrefix + "BYE not delivered: " + e.getMessage());
            }
        };
        if (Thread.holdsLock(w)) { // called while writing (reportChanges inside IDLE): a helper would wait for us
            writeBye.run();
            return;
        }
        Thread writer = Thread.ofVirtual().name("imap-" + id + "-bye").start(writeBye);
        try {
            if (!writer.join(BYE_WRITE_TIMEOUT)) {
                LOG.fine(() -> logPrefix + "BYE not delivered within " + BYE_WRITE_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
