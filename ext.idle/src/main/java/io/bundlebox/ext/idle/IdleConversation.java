package io.bundlebox.ext.idle;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.MailboxEvents;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxChange;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running IDLE (RFC 9051 section 6.3.13) on one connection.
 *
 * <p>Threading: the session's thread (running {@link #run()}) is the only one that writes, and it
 * writes holding the writer's monitor so that a concurrent {@link SessionContext#bye} never
 * interleaves with it. It waits on one queue of {@link Signal}s: a mailbox change (posted by the
 * event service's delivery thread), the client's next line or a read failure (posted by a helper
 * virtual thread that owns the {@link ImapReader} until then), an abort (the bundle is stopping),
 * and the keepalive deadline as the wait's timeout.
 */
final class IdleConversation {

    /** What wakes the IDLE loop. */
    private sealed interface Signal {
    }

    /** The selected mailbox changed (or the event queue overflowed): resynchronise from the store. */
    private record MailboxChanged() implements Signal {
    }

    /** The client sent a line: {@code DONE} or something else. */
    private record LineRead(boolean done) implements Signal {
    }

    /** Reading the client's line failed: disconnect, BYE from elsewhere, or autologout timeout. */
    private record ReadFailed(IOException cause) implements Signal {
    }

    /** The IDLE command is being withdrawn. */
    private record Aborted() implements Signal {
    }

    private static final Duration READER_JOIN_DEADLINE = Duration.ofSeconds(5);

    private final SessionContext session;
    private final MailboxEvents events;
    private final long keepaliveNanos;
    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    /** Coalesces bursts of changes into one resynchronisation. */
    private final AtomicBoolean changePosted = new AtomicBoolean();

    IdleConversation(SessionContext session, MailboxEvents events, Duration keepalive) {
        this.session = session;
        this.events = events;
        this.keepaliveNanos = keepalive.toNanos();
    }

    /**
     * Runs the IDLE until {@code DONE}, a bad line, or the end of the connection.
     *
     * @return {@code OK IDLE terminated} after DONE
     * @throws ImapException BAD when the client sent something other than DONE
     * @throws IOException when the connection failed or timed out (autologout) during the IDLE
     */
    Completion run() throws IOException, ImapException {
        MailboxEvents.Subscription subscription = subscribeToSelectedMailbox();
        Thread reader = Thread.ofVirtual().name("imap-" + session.connectionId() + "-idle-reader")
                .start(this::readClientLine);
        Signal last = null;
        try {
            writeLocked(() -> session.out().continuation("idling"));
            // changes made between the previous command's completion and the subscription
            reportChanges();
            long nextKeepalive = System.nanoTime() + keepaliveNanos;
            while (true) {
                Signal signal = signals.poll(nextKeepalive - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (signal == null) {
                    writeLocked(() -> session.out().status(null, "OK", null, "Still here"));
                    nextKeepalive = System.nanoTime() + keepaliveNanos;
                    continue;
                }
                last = signal;
                switch (signal) {
                    case MailboxChanged c -> {
                        changePosted.set(false);
                        reportChanges();
                    }
                    case LineRead line -> {
                        if (!line.done()) {
                            throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected DONE to end IDLE");
                        }
                        return Completion.ok("IDLE terminated");
                    }
                    case ReadFailed failed -> throw failed.cause();
                    case Aborted a -> {
                        session.bye(ResponseCode.UNAVAILABLE, "IDLE was removed from this server; please reconnect");
                        throw new IOException("IDLE withdrawn");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while idling");
        } finally {
            if (subscription != null) {
                subscription.close();
            }
            endReader(reader, last);
        }
    }

    /** Stops the IDLE from another thread: the session is told BYE and closed. */
    void abort() {
        signals.add(new Aborted());
    }

    private MailboxEvents.Subscription subscribeToSelectedMailbox() {
        Mailbox selected = session.selectedMailbox();
        if (selected == null) {
            return null; // AUTHENTICATED state: nothing to report, IDLE only keeps the connection
        }
        return events.subscribe(session.tenant(), session.user(), selected.name(), this::onChange, this::postChange);
    }

    private void onChange(MailboxChange change) {
        switch (change.kind()) {
            // DELETED too: the core's resynchronisation finds the mailbox gone and ends the session
            case ADDED, FLAGS, EXPUNGED, DELETED -> postChange();
            default -> {
                // other mailbox-level changes do not alter the selected view
            }
        }
    }

    private void postChange() {
        if (changePosted.compareAndSet(false, true)) {
            signals.add(new MailboxChanged());
        }
    }

    private void reportChanges() throws IOException {
        writeLocked(() -> session.reportChanges(true));
    }

    /** Something written to the client. */
    @FunctionalInterface
    private interface Output {
        void write() throws IOException;
    }

    private void writeLocked(Output output) throws IOException {
        ResponseWriter out = session.out();
        synchronized (out) {
            output.write();
            out.flush();
        }
    }

    /** On the helper thread: reads the line that ends the IDLE (RFC 9051: {@code "DONE" CRLF}). */
    private void readClientLine() {
        ImapReader in = session.in();
        try {
            in.beginCommand();
            boolean done;
            try {
                done = in.atom().equalsIgnoreCase("DONE");
                in.crlf();
            } catch (ImapException | ImapReader.LineTooLongException e) {
                in.skipCommand();
                done = false;
            }
            signals.add(new LineRead(done));
        } catch (IOException e) {
            signals.add(new ReadFailed(e));
        }
    }

    /**
     * Makes sure the helper reader has ended before the session's thread reads again. It has
     * when it posted a line or a failure; otherwise the connection is being abandoned (write
     * failure, abort): interrupting a virtual thread blocked on a socket closes the socket.
     */
    private void endReader(Thread reader, Signal last) {
        if (!(last instanceof LineRead) && !(last instanceof ReadFailed)) {
            reader.interrupt();
        }
        try {
            reader.join(READER_JOIN_DEADLINE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
