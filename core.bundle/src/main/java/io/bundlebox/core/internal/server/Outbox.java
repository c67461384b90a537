package io.bundlebox.core.internal.server;

import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Unsolicited;
import io.bundlebox.imap.wire.ResponseWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything a session writes goes through here, under one writer lock (DESIGN.md section 4.1):
 * the session's thread holds it for a whole command (its responses, literals, the tagged
 * completion); untagged items {@link #post posted} from any thread are written by a drain thread
 * only between commands or while a command waits for input ({@link #awaitInput}); a BYE from
 * another thread waits for the lock a bounded time (RFC 9051 section 7.1.5).
 *
 * <p>Lifecycle: one atomic state, OPEN → BYE (a BYE is being written; its writer closes the
 * connection) or OPEN → CLOSED (closed without BYE). Whoever wins the transition closes, so the
 * session thread ending never closes the socket under a BYE being written (the old window between
 * marking the session closed and taking charge of its BYE).
 *
 * <p>Bounded: at most {@link #capacity} items wait; posting never blocks (a client that stopped
 * reading blocks only the drain thread, in its write). A post to a full outbox is dropped and the
 * poster's overflow item is written once the queue has been written out.
 */
final class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());
    static final Duration BYE_WRITE_TIMEOUT = Duration.ofSeconds(2);
    /** Items that may wait; beyond that a poster's overflow item stands for what it posts. */
    static final int DEFAULT_CAPACITY = 256;

    enum Life { OPEN, BYE, CLOSED }

    private final Connection connection;
    private final String id;
    private final int capacity;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicReference<Life> life = new AtomicReference<>(Life.OPEN);

    // guarded by queueLock
    private final Object queueLock = new Object();
    private final ArrayDeque<Unsolicited> queue = new ArrayDeque<>();
    private final LinkedHashSet<Unsolicited> overflows = new LinkedHashSet<>();
    /** Whether posted items may be written now: between commands, or while a command awaits input. */
    private boolean receptive;
    private boolean draining;

    Outbox(Connection connection, String id) {
        this(connection, id, DEFAULT_CAPACITY);
    }

    Outbox(Connection connection, String id, int capacity) {
        this.connection = connection;
        this.id = id;
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    /** The current lifecycle state. */
    Life life() {
        return life.get();
    }

    // ---- the session's thread --------------------------------------------------------------

    /** The session's thread starts writing a command's responses: posted items wait until {@link #endCommand}. */
    void beginCommand() {
        synchronized (queueLock) {
            receptive = false; // before lock(): the drain thread stops after the item it is writing
        }
        writeLock.lock();
    }

    /**
     * Flushes the command's responses and lets posted items be written.
     *
     * @param more false after the session's last command (LOGOUT): nothing may follow its BYE
     */
    void endCommand(boolean more) throws IOException {
        try {
            if (life.get() == Life.OPEN) {
                connection.out().flush();
            }
        } finally {
            if (more) {
                becomeReceptive();
            }
            writeLock.unlock();
            kick();
        }
    }

    /**
     * Runs {@code read} (a blocking read of the client's input inside a command) with the writer
     * lock released, so posted items and a BYE are written meanwhile; takes the lock back after.
     */
    <T, E extends Exception> T awaitInput(Reading<T, E> read) throws IOException, E {
        return awaitInput(read, true);
    }

    /**
     * Waits for the octets of a synchronizing literal (after the continuation request) with the
     * writer lock released, so a BYE is written meanwhile; posted items still wait for the command
     * to end, since they may not come inside any command (RFC 9051 section 7.5.1: no EXPUNGE
     * during a SEARCH whose criteria are still being sent).
     */
    void awaitLiteral(Reading<Void, IOException> read) throws IOException {
        awaitInput(read, false);
    }

    private <T, E extends Exception> T awaitInput(Reading<T, E> read, boolean itemsMeanwhile) throws IOException, E {
        int holds = writeLock.getHoldCount();
        if (holds == 0) {
            return read.read(); // not inside a command (cannot happen from a handler)
        }
        connection.out().flush();
        if (itemsMeanwhile) {
            becomeReceptive();
        }
        for (int i = 0; i < holds; i++) {
            writeLock.unlock();
        }
        kick();
        try {
            return read.read();
        } finally {
            synchronized (queueLock) {
                receptive = false;
            }
            for (int i = 0; i < holds; i++) {
                writeLock.lock();
            }
        }
    }

    /** A blocking read. */
    @FunctionalInterface
    interface Reading<T, E extends Exception> {
        T read() throws IOException, E;
    }

    /** Writes a whole status line under the writer lock. */
    void status(String tag, String condition, ResponseCode code, String text) throws IOException {
        writeLock.lock();
        try {
            connection.out().status(tag, condition, code, text);
        } finally {
            writeLock.unlock();
        }
    }

    private void becomeReceptive() {
        synchronized (queueLock) {
            receptive = true;
        }
    }

    // ---- any thread ------------------------------------------------------------------------

    /**
     * Queues {@code item}; never blocks.
     *
     * @return false when dropped: the session is ending, or {@link #capacity} items wait (then
     *     {@code overflow} is written once in its place, after the queue)
     */
    boolean post(Unsolicited item, Unsolicited overflow) {
        synchronized (queueLock) {
            if (life.get() != Life.OPEN) {
                return false;
            }
            if (queue.size() >= capacity) {
                if (overflows.size() < capacity && overflows.add(overflow)) { // distinct posters; bounded all the same
                    LOG.fine(() -> "[" + id + "] outbox full (" + capacity + " items waiting for the client):"
                            + " a poster's overflow item stands for what it posts");
                }
                return false;
            }
            queue.add(item);
        }
        kick();
        return true;
    }

    /** Number of items waiting to be written (for tests and diagnostics). */
    int pending() {
        synchronized (queueLock) {
            return queue.size() + overflows.size();
        }
    }

    /** Starts the drain thread when items wait and may be written. */
    private void kick() {
        synchronized (queueLock) {
            if (!receptive || draining || (queue.isEmpty() && overflows.isEmpty()) || life.get() != Life.OPEN) {
                return;
            }
            draining = true;
        }
        Thread.ofVirtual().name("imap-" + id + "-outbox").start(this::drain);
    }

    private void drain() {
        try {
            while (true) {
                writeLock.lock();
                try {
                    Unsolicited item;
                    boolean last;
                    synchronized (queueLock) {
                        item = receptive && life.get() == Life.OPEN ? next() : null;
                        if (item == null) {
                            draining = false;
                            return;
                        }
                        last = queue.isEmpty() && overflows.isEmpty();
                    }
                    item.write(connection.out());
                    if (last) {
                        connection.out().flush();
                    }
                } finally {
                    writeLock.unlock();
                }
            }
        } catch (IOException e) {
            LOG.fine(() -> "[" + id + "] outbox write failed: " + e.getMessage());
            stopDraining();
            close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[" + id + "] an outbox item failed", e);
            stopDraining();
            kick();
        }
    }

    private void stopDraining() {
        synchronized (queueLock) {
            draining = false;
        }
    }

    private Unsolicited next() {
        Unsolicited item = queue.poll();
        if (item == null && !overflows.isEmpty()) {
            var it = overflows.iterator();
            item = it.next();
            it.remove();
        }
        return item;
    }

    /**
     * Writes {@code * BYE [code] text} and closes the connection, unless another BYE or a close
     * came first. Waits up to {@link #BYE_WRITE_TIMEOUT} for the response being written to end; a
     * client that stopped reading may keep the writer busy, so the BYE is written on a helper
     * thread, abandoned after the timeout, and the connection closed regardless (which also
     * unblocks a writer stuck in its write).
     *
     * @param onClose run after the connection is closed (the session releases its mailbox)
     * @return whether this call wrote the BYE (took charge of the close)
     */
    boolean bye(ResponseCode code, String text, String logPrefix, Runnable onClose) {
        if (!life.compareAndSet(Life.OPEN, Life.BYE)) {
            return false;
        }
        discardQueue();
        Runnable writeBye = () -> {
            boolean locked = false;
            try {
                locked = writeLock.tryLock(BYE_WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (!locked) {
                    LOG.fine(() -> logPrefix + "BYE not written: a response was still being written after "
                            + BYE_WRITE_TIMEOUT.toSeconds() + " s");
                    return;
                }
                ResponseWriter w = connection.out();
                w.status(null, "BYE", code, text);
                w.flush();
            } catch (IOException e) {
                LOG.fine(() -> logPrefix + "BYE not delivered: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (locked) {
                    writeLock.unlock();
                }
            }
        };
        try {
            if (writeLock.isHeldByCurrentThread()) { // the session's own thread, or an item: write inline
                writeBye.run();
            } else {
                Thread writer = Thread.ofVirtual().name("imap-" + id + "-bye").start(writeBye);
                if (!writer.join(BYE_WRITE_TIMEOUT.plusMillis(500))) {
                    LOG.fine(() -> logPrefix + "BYE not delivered within " + BYE_WRITE_TIMEOUT.toSeconds() + " s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            life.set(Life.CLOSED);
            connection.close();
            onClose.run();
        }
        return true;
    }

    /**
     * Closes the connection without BYE unless a BYE is in charge of closing it.
     *
     * @return whether this call closed it
     */
    boolean close() {
        if (!life.compareAndSet(Life.OPEN, Life.CLOSED)) {
            return false;
        }
        discardQueue();
        connection.close();
        return true;
    }

    private void discardQueue() {
        synchronized (queueLock) {
            queue.clear();
            overflows.clear();
        }
    }
}
