package io.bundlebox.ext.idle;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.MailboxEvents;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.spi.Unsolicited;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxChange;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running IDLE (RFC 9051 section 6.3.13) on one connection, built on the session's outbox.
 *
 * <p>Threading: the session's thread writes {@code + idling}, then waits for the client's
 * {@code DONE} in {@link SessionContext#awaitInput}, during which the core's outbox writes what is
 * posted: a resynchronisation of the selected mailbox when the event service reports a change
 * (posted from its delivery thread, coalesced while one is pending), and {@code * OK Still here}
 * every keepalive period (posted from a timer). A BYE from elsewhere (the bundle stopping) goes
 * through the same writer, so it never lands inside those responses.
 */
final class IdleConversation {

    private final SessionContext session;
    private final MailboxEvents events;
    private final Duration keepalive;
    private final ScheduledExecutorService timer;
    /** Coalesces bursts of changes into one resynchronisation. */
    private final AtomicBoolean changePosted = new AtomicBoolean();
    private final Unsolicited resynchronise = this::resynchronise;
    private final Unsolicited stillHere = out -> out.status(null, "OK", null, "Still here");

    IdleConversation(SessionContext session, MailboxEvents events, Duration keepalive, ScheduledExecutorService timer) {
        this.session = session;
        this.events = events;
        this.keepalive = keepalive;
        this.timer = timer;
    }

    /**
     * Runs the IDLE until {@code DONE}, a bad line, or the end of the connection.
     *
     * @return {@code OK IDLE terminated} after DONE
     * @throws ImapException BAD when the client sent something other than DONE
     * @throws IOException when the connection failed or was closed (also by the core's autologout)
     */
    Completion run() throws IOException, ImapException {
        MailboxEvents.Subscription subscription = subscribeToSelectedMailbox();
        long period = keepalive.toNanos();
        ScheduledFuture<?> keepalives = timer.scheduleAtFixedRate(() -> session.post(stillHere, stillHere),
                period, period, TimeUnit.NANOSECONDS);
        try {
            session.out().continuation("idling");
            // changes made between the previous command's completion and the subscription
            if (selectedEventsWanted()) {
                session.reportChanges(true);
            }
            if (!session.awaitInput(IdleConversation::readDone)) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected DONE to end IDLE");
            }
            return Completion.ok("IDLE terminated");
        } finally {
            keepalives.cancel(false);
            if (subscription != null) {
                subscription.close();
            }
        }
    }

    /** Stops the IDLE from another thread: the session is told BYE and closed. */
    void abort() {
        session.bye(ResponseCode.UNAVAILABLE, "IDLE was removed from this server; please reconnect");
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

    /**
     * Whether the client wants the selected mailbox's changes now: not after it said otherwise
     * through another extension (NOTIFY without SELECTED events, RFC 5465 section 4), which then
     * posts exactly the events it asked for.
     */
    private boolean selectedEventsWanted() {
        return !Boolean.FALSE.equals(session.attribute(SessionContext.SELECTED_EVENTS_WANTED));
    }

    private void postChange() {
        if (!selectedEventsWanted()) {
            return;
        }
        if (changePosted.compareAndSet(false, true)) {
            // when the outbox is full, the same resynchronisation is written once there is room
            session.post(resynchronise, resynchronise);
        }
    }

    /** Written by the outbox: brings the client's view of the selected mailbox up to date. */
    private void resynchronise(io.bundlebox.imap.wire.ResponseWriter out) throws IOException {
        changePosted.set(false);
        session.reportChanges(true);
    }

    /** Reads the line that ends the IDLE (RFC 9051: {@code "DONE" CRLF}); false for any other line. */
    private static boolean readDone(ImapReader in) throws IOException {
        in.beginCommand();
        try {
            boolean done = in.atom().equalsIgnoreCase("DONE");
            in.crlf();
            return done;
        } catch (ImapException | ImapReader.LineTooLongException e) {
            in.skipCommand();
            return false;
        }
    }
}
