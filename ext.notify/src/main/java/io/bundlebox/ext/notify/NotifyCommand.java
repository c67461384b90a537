package io.bundlebox.ext.notify;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.ImapCommand;
import io.bundlebox.imap.spi.MailboxEvents;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code NOTIFY} command (RFC 5465 section 3.1): {@code NOTIFY NONE} or
 * {@code NOTIFY SET [STATUS] (filter events) ...}. A successful SET replaces the session's
 * watch ({@link Watch}), writes the STATUS responses the STATUS indicator asks for, and (as an
 * implicit NOOP) the core then reports the selected mailbox's pending changes before the tagged
 * OK. Unsupported events: {@code NO [BADEVENT (...)]}; rule violations of sections 5 and 6.1: BAD.
 *
 * <p>Withdrawal (bundle stopped or uninstalled): every watch ends (its subscription closed) and its
 * session is told {@code BYE [UNAVAILABLE]}, concurrently and bounded as a whole (DESIGN.md section 6).
 */
@Component(service = CommandHandler.class)
@ImapCommand(name = "NOTIFY", states = {SessionState.AUTHENTICATED, SessionState.SELECTED}, capability = "NOTIFY")
public final class NotifyCommand implements CommandHandler<NotifyRequest> {

    private static final Duration WITHDRAWAL_DEADLINE = Duration.ofSeconds(3);

    private final Set<Watch> running = ConcurrentHashMap.newKeySet();
    private final MailboxEvents events;

    @Activate
    public NotifyCommand(@Reference MailboxEvents events) {
        this.events = events;
    }

    /** Ends every watch and its session: the sessions' notifications would stop silently otherwise. */
    @Deactivate
    void deactivate() {
        List<Thread> byes = Set.copyOf(running).stream().map(w -> Thread.ofVirtual().name("imap-notify-withdraw").start(() -> {
            w.close();
            w.session().bye(ResponseCode.UNAVAILABLE, "NOTIFY was removed from this server; please reconnect");
        })).toList();
        long deadline = System.nanoTime() + WITHDRAWAL_DEADLINE.toNanos();
        for (Thread t : byes) {
            try {
                t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Live watches (for tests and diagnostics). */
    int watches() {
        return running.size();
    }

    @Override
    public NotifyRequest parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return NotifyParser.parse(in, session);
    }

    @Override
    public Completion handle(NotifyRequest request, SessionContext session) throws IOException, ImapException {
        Watch old = session.attribute(Watch.KEY);
        if (old != null) {
            old.close();
            session.attribute(Watch.KEY, null);
        }
        if (request.none()) {
            return Completion.ok("NOTIFY completed");
        }
        Watch watch = new Watch(session, request, running);
        try {
            watch.start(events);
            if (request.status()) {
                watch.writeInitialStatus();
            }
        } catch (MailStoreException e) {
            watch.close();
            throw ImapException.no(e.code(), e.getMessage());
        }
        session.attribute(Watch.KEY, watch);
        return Completion.ok("NOTIFY completed");
    }
}
