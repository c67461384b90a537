package io.bundlebox.ext.idle;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandFlag;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.ImapCommand;
import io.bundlebox.imap.spi.MailboxEvents;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code IDLE} command (RFC 2177; RFC 9051 section 6.3.13): {@code tag IDLE CRLF}, answered
 * {@code + idling}; until the client sends {@code DONE CRLF} the server reports changes of the
 * selected mailbox made by other sessions or by deliveries as untagged {@code EXISTS},
 * {@code EXPUNGE} and {@code FETCH (FLAGS)}, and writes {@code * OK Still here} every keepalive
 * period so that NAT mappings stay open. {@code DONE} ends it with {@code tag OK IDLE terminated};
 * any other line with {@code tag BAD}.
 *
 * <p>Configuration: PID {@code io.bundlebox.ext.idle}, {@code keepalive.seconds} (default 120,
 * 1..3600).
 *
 * <p>Autologout (RFC 9051 section 5.4, RFC 2177 section 3): the core's autologout timer restarts
 * with every octet the client sends, so a client that re-issues IDLE at least every 29 minutes
 * (as RFC 2177 asks) is never logged out; a single IDLE that lasts longer than the autologout
 * period (30 minutes by default) ends with {@code * BYE Autologout}, as RFC 2177 allows: the core
 * closes the connection and the IDLE's read fails. Keepalives do not restart the timer.
 */
@Component(service = CommandHandler.class, configurationPid = IdleCommand.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@ImapCommand(name = "IDLE", states = {SessionState.AUTHENTICATED, SessionState.SELECTED},
        flags = CommandFlag.LONG_RUNNING, capability = "IDLE")
public final class IdleCommand implements CommandHandler<IdleCommand.Args> {

    /** The ConfigAdmin PID of this component. */
    public static final String PID = "io.bundlebox.ext.idle";

    /** Configuration of the IDLE command. */
    public @interface Config {
        /** Seconds between {@code * OK Still here} keepalives, 1 to 3600; default 2 minutes. */
        long keepalive_seconds() default 120;
    }

    /** IDLE takes no arguments. */
    public record Args() {
    }

    private static final Args NO_ARGS = new Args();
    private static final Duration DEFAULT_KEEPALIVE = Duration.ofMinutes(2);
    /** Bounds the wait for all BYEs at deactivation (each waits at most about 2.5 s). */
    private static final Duration ABORT_DEADLINE = Duration.ofSeconds(3);
    private static final Logger LOG = Logger.getLogger(IdleCommand.class.getName());

    private final Set<IdleConversation> running = ConcurrentHashMap.newKeySet();
    /** Posts the keepalives of every running IDLE; one daemon thread for the component. */
    private final ScheduledExecutorService keepaliveTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "imap-idle-keepalive");
        t.setDaemon(true);
        return t;
    });
    private final MailboxEvents events;
    private volatile Duration keepalive;

    @Activate
    public IdleCommand(@Reference MailboxEvents events, Config config) {
        this.events = events;
        configure(config);
    }

    /** Applies a configuration; a bad value is rejected with one log line and the previous one stays. */
    @Modified
    void configure(Config config) {
        long seconds = config.keepalive_seconds();
        if (seconds < 1 || seconds > 3600) {
            LOG.severe("configuration " + PID + " rejected, keepalive stays " + describe(keepalive)
                    + ": keepalive.seconds = " + seconds + " is outside 1..3600");
            if (keepalive == null) {
                keepalive = DEFAULT_KEEPALIVE;
            }
            return;
        }
        keepalive = Duration.ofSeconds(seconds);
    }

    private static String describe(Duration d) {
        return (d == null ? DEFAULT_KEEPALIVE : d).toSeconds() + " s";
    }

    /**
     * Ends every running IDLE: the bundle is going away, and its sessions with it. The BYEs are
     * written concurrently, so sessions stuck behind a client that stopped reading cost one BYE
     * timeout in all, not one each.
     */
    @Deactivate
    void deactivate() {
        keepaliveTimer.shutdownNow();
        List<Thread> byes = running.stream().map(c -> Thread.ofVirtual().name("imap-idle-abort").start(c::abort)).toList();
        for (Thread t : byes) {
            try {
                t.join(ABORT_DEADLINE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.crlf();
        return NO_ARGS;
    }

    @Override
    public Completion handle(Args args, SessionContext session) throws IOException, ImapException {
        IdleConversation conversation = new IdleConversation(session, events, keepalive, keepaliveTimer);
        running.add(conversation);
        try {
            return conversation.run();
        } finally {
            running.remove(conversation);
        }
    }
}
