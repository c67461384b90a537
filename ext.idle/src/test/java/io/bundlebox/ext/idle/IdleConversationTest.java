package io.bundlebox.ext.idle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.InputWait;
import io.bundlebox.imap.spi.Key;
import io.bundlebox.imap.spi.MailboxEvents;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.spi.Unsolicited;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.imap.wire.WireLimits;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxChange;
import io.bundlebox.mailstore.UserMailboxes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.reflect.Proxy;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * One IDLE against a scripted connection: the exact octets the client sees, and how the IDLE
 * ends (DONE, another line, the connection closed under it as the core's autologout does).
 */
class IdleConversationTest {

    private static final Duration NO_KEEPALIVE_DURING_TEST = Duration.ofHours(1);
    private static final java.util.concurrent.ScheduledExecutorService TIMER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "test-keepalive");
                t.setDaemon(true);
                return t;
            });

    /** A SELECTED session on INBOX whose change reports are recorded as EXISTS lines. */
    private static final class ScriptedSession implements SessionContext {
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        final ResponseWriter out = new ResponseWriter(wire);
        final ImapReader in;
        final CountDownLatch reported = new CountDownLatch(2); // once on entry, once per event
        int exists;

        ScriptedSession(InputStream client) {
            in = new ImapReader(client, WireLimits.DEFAULT, (size, sync) -> { });
        }

        String written() {
            synchronized (out) {
                return wire.toString(StandardCharsets.US_ASCII);
            }
        }

        /** The IDLE's own writes happen on the session thread; the lock keeps them apart from posts. */
        @Override
        public void reportChanges(boolean expungesAllowed) throws IOException {
            synchronized (out) {
                if (reported.getCount() == 1) {
                    out.untagged().number(++exists).raw(" EXISTS").crlf();
                    out.flush();
                }
                reported.countDown();
            }
        }

        @Override
        public Mailbox selectedMailbox() {
            return (Mailbox) Proxy.newProxyInstance(Mailbox.class.getClassLoader(), new Class<?>[] {Mailbox.class},
                    (proxy, method, args) -> method.getName().equals("name") ? "INBOX" : null);
        }

        @Override public String connectionId() { return "c1"; }
        @Override public SessionState state() { return SessionState.SELECTED; }
        @Override public String user() { return "alice"; }
        @Override public String tenant() { return "default"; }
        @Override public java.util.Map<String, String> tenantSettings() { return java.util.Map.of(); }
        @Override public boolean secure() { return false; }
        @Override public boolean isEnabled(String capability) { return false; }
        @Override public java.util.List<String> enable(String capability) { return java.util.List.of(); }
        @Override public <T> T attribute(Key<T> key) { return null; }
        @Override public <T> void attribute(Key<T> key, T value) { }
        @Override public ResponseWriter out() { return out; }
        @Override public ImapReader in() { return in; }
        @Override public UserMailboxes mailboxes() { return null; }
        @Override public boolean selectedReadOnly() { return false; }
        @Override public int sequenceOf(long uid) { return 0; }
        @Override public int viewSize() { return 0; }
        @Override public void bye(ResponseCode code, String text) { }

        @Override public boolean ending() {
            return false;
        }

        /** Plays the core's outbox: a posted item is written at once, under the writer's lock. */
        @Override
        public boolean post(Unsolicited item, Unsolicited overflow) {
            synchronized (out) {
                try {
                    item.write(out);
                    out.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return true;
        }

        @Override
        public io.bundlebox.imap.spi.FetchItems parseFetchItems(ImapReader reader) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeFetch(long uid, io.bundlebox.imap.spi.FetchItems items) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void onClose(Runnable action) {
        }

        @Override
        public <T> T awaitInput(InputWait<T> wait) throws IOException, ImapException {
            return wait.read(in);
        }
    }

    /** Records the one subscription an IDLE makes. */
    private static final class RecordingEvents implements MailboxEvents {
        volatile Consumer<MailboxChange> listener;
        volatile String mailbox;
        volatile boolean closed;

        @Override
        public Subscription subscribe(String tenant, String user, String mailbox, Consumer<MailboxChange> listener,
                Runnable overflow) {
            this.mailbox = mailbox;
            this.listener = listener;
            return () -> closed = true;
        }
    }

    private static InputStream client(String lines) {
        return new ByteArrayInputStream(lines.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void doneEndsTheIdleWithOk() throws Exception {
        ScriptedSession session = new ScriptedSession(client("DONE\r\n"));
        RecordingEvents events = new RecordingEvents();
        Completion c = new IdleConversation(session, events, NO_KEEPALIVE_DURING_TEST, TIMER).run();
        assertEquals(Completion.ok("IDLE terminated"), c);
        assertEquals("+ idling\r\n", session.written());
        assertEquals("INBOX", events.mailbox, "the IDLE watches the selected mailbox");
        assertTrue(events.closed, "the subscription ends with the IDLE");
    }

    @Test
    void anotherLineIsBad() throws Exception {
        ScriptedSession session = new ScriptedSession(client("a2 NOOP\r\n"));
        RecordingEvents events = new RecordingEvents();
        ImapException e = assertThrows(ImapException.class,
                () -> new IdleConversation(session, events, NO_KEEPALIVE_DURING_TEST, TIMER).run());
        assertEquals(ImapException.Kind.BAD, e.kind());
        assertTrue(events.closed);
    }

    @Test
    void aChangeIsReportedWhileIdling() throws Exception {
        PipedOutputStream clientSide = new PipedOutputStream();
        ScriptedSession session = new ScriptedSession(new PipedInputStream(clientSide));
        RecordingEvents events = new RecordingEvents();
        Thread client = Thread.ofVirtual().start(() -> {
            try {
                while (events.listener == null) {
                    Thread.onSpinWait();
                }
                events.listener.accept(new MailboxChange("alice", "INBOX", MailboxChange.Kind.ADDED, List.of(),
                        new long[] {1}, 1));
                session.reported.await(10, TimeUnit.SECONDS);
                clientSide.write("DONE\r\n".getBytes(StandardCharsets.US_ASCII));
                clientSide.flush();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Completion c = new IdleConversation(session, events, NO_KEEPALIVE_DURING_TEST, TIMER).run();
        client.join();
        assertEquals(Completion.ok("IDLE terminated"), c);
        assertEquals("+ idling\r\n* 1 EXISTS\r\n", session.written());
    }

    @Test
    void aConnectionClosedUnderTheIdleEndsItAndItsSubscription() throws Exception {
        InputStream closed = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new SocketException("Socket closed");
            }
        };
        ScriptedSession session = new ScriptedSession(closed);
        RecordingEvents events = new RecordingEvents();
        // an IDLE longer than the autologout period: the core writes * BYE Autologout and closes the socket
        assertThrows(SocketException.class,
                () -> new IdleConversation(session, events, NO_KEEPALIVE_DURING_TEST, TIMER).run());
        assertTrue(events.closed);
    }

    @Test
    void keepalivesRepeatAtThePeriod() throws Exception {
        PipedOutputStream clientSide = new PipedOutputStream();
        ScriptedSession session = new ScriptedSession(new PipedInputStream(clientSide));
        Thread client = Thread.ofVirtual().start(() -> {
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!session.written().endsWith("Still here\r\n* OK Still here\r\n") && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                clientSide.write("DONE\r\n".getBytes(StandardCharsets.US_ASCII));
                clientSide.flush();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        new IdleConversation(session, new RecordingEvents(), Duration.ofMillis(10), TIMER).run();
        client.join();
        assertTrue(session.written().startsWith("+ idling\r\n* OK Still here\r\n* OK Still here\r\n"), session.written());
    }
}
