package io.bundlebox.core.internal.server;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandFlag;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.CommandObserver;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.ChangeOrigin;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The command cycle of one session (RFC 9051 sections 2.2 and 5.5): reads a command, checks it
 * against its descriptor's states, runs it and writes the tagged completion. Errors are mapped
 * here, in one place: {@link ImapException} to NO/BAD/BYE with its code, anything unexpected to
 * {@code NO [SERVERBUG]} after logging it with the tag (the connection survives).
 */
final class CommandDispatcher {

    private static final Logger LOG = Logger.getLogger(CommandDispatcher.class.getName());

    private final Session session;
    private final ServerRuntime server;
    private final Connection connection;
    private final Outbox outbox;
    private volatile String runningCommandName;
    /** Tag of the command being run, for responses that quote it (ESEARCH's TAG correlator). */
    private volatile String commandTag;
    private boolean startTlsRequested;

    CommandDispatcher(Session session, ServerRuntime server, Connection connection, Outbox outbox) {
        this.session = session;
        this.server = server;
        this.connection = connection;
        this.outbox = outbox;
    }

    /** The tag of the command being run. */
    String commandTag() {
        return commandTag;
    }

    /** Asks for the TLS handshake to begin right after the current command's tagged response. */
    void startTlsAfterResponse() {
        startTlsRequested = true;
    }

    /** Reads, runs and answers one command. */
    void commandCycle() throws IOException {
        ImapReader in = connection.in();
        in.beginCommand();
        in.peek(); // waits for the client's next command; posted items are written meanwhile
        // Before login nothing posts to the outbox, and a BYE (pre-login deadline, shutdown) must not
        // wait for a client that drips its command line: the writer lock is taken from login on.
        boolean locked = session.state() != SessionState.NOT_AUTHENTICATED;
        if (locked) {
            outbox.beginCommand();
        }
        try {
            runCommand(in);
        } finally {
            if (locked) {
                outbox.endCommand(session.state() != SessionState.LOGOUT);
            } else if (!session.ending()) {
                connection.out().flush();
            }
        }
    }

    private void runCommand(ImapReader in) throws IOException {
        String tag = null;
        CommandEntry entry = null;
        try {
            tag = in.tag();
            commandTag = tag;
            in.sp();
            String name = in.keyword();
            if (name.equals("UID")) {
                in.sp();
                name = "UID " + in.keyword();
            }
            entry = session.extensions().command(name);
            if (entry == null) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Unknown command " + name);
            }
            SessionState state = session.state();
            if (!entry.states().contains(state)) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Command " + name + " is not valid in the "
                        + state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " state");
            }
            if (entry.has(CommandFlag.NEEDS_WRITE) && state == SessionState.SELECTED && session.selectedReadOnly()) {
                // the descriptor's promise kept for every command, core or extension (RFC 9051 section 6.3.3)
                throw ImapException.no("Mailbox is read-only (selected with EXAMINE): " + name + " needs write access");
            }
            session.used(entry.bundleId());
            runningCommandName = name;
            session.outcome(null);
            Completion done = run(entry.handler(), tag);
            if (session.state() == SessionState.SELECTED && !entry.has(CommandFlag.LONG_RUNNING)) {
                session.reportChanges(!entry.has(CommandFlag.USES_SEQS));
            }
            done = observed(name, done);
            outbox.status(tag, done.condition().name(), done.code(), done.text());
        } catch (ImapException e) {
            // the rest of a refused command must not be read as the next one (a no-op when its
            // line was read to the end; after a BAD past a literal, the rest of that line)
            connection.in().skipCommand();
            answer(tag, e, entry);
        } catch (ImapReader.LineTooLongException e) {
            connection.in().skipCommand();
            connection.out().status(tag == null ? "*" : tag, "BAD", ResponseCode.of("TOOBIG"), "Command line too long");
        } catch (ImapReader.ClosedException | java.net.SocketException | ImapReader.LiteralTooLargeException e) {
            // the connection ended or broke (reset by the client), or cannot go on: not a server error
            throw e;
        } catch (IOException e) {
            if (session.ending() || connection.isClosed()) {
                throw e;
            }
            serverBug(tag, e);
        } catch (RuntimeException e) {
            serverBug(tag, e);
        } finally {
            runningCommandName = null;
        }
        if (startTlsRequested) {
            connection.out().flush();
            startTlsRequested = false;
            connection.startTls(session.logPrefix());
        }
    }

    /**
     * Tells the {@link CommandObserver}s of a command that completed OK; an OK without code of its
     * own takes the first code an observer gives. An observer that fails is logged and skipped, the
     * command's result stands.
     */
    private Completion observed(String name, Completion done) throws IOException {
        if (done.condition() != Completion.Condition.OK) {
            return done;
        }
        for (var o : session.extensions().all(CommandObserver.class)) {
            try {
                ResponseCode code = o.service().completed(session, name, session.outcome());
                if (code != null && done.code() == null) {
                    done = new Completion(done.condition(), code, done.text());
                }
            } catch (RuntimeException e) {
                LOG.log(java.util.logging.Level.WARNING, session.logPrefix() + "command observer of bundle "
                        + o.bundleId() + " failed", e);
            }
        }
        return done;
    }

    /** Parses and runs; the store changes it makes carry this session as their origin (RFC 5465 section 5). */
    private <A> Completion run(CommandHandler<A> handler, String tag) throws IOException, ImapException {
        A args = handler.parse(connection.in(), session);
        try (ChangeOrigin.Scope own = ChangeOrigin.enter(session.connectionId())) {
            return handler.handle(args, session);
        }
    }

    private void answer(String tag, ImapException e, CommandEntry entry) throws IOException {
        switch (e.kind()) {
            case BYE -> {
                session.bye(e.code(), e.getMessage());
                session.logout();
            }
            case NO -> connection.out().status(tag, "NO", e.code(), e.getMessage());
            case BAD -> {
                server.countBad(session, entry == null);
                connection.out().status(tag == null ? "*" : tag, "BAD", e.code(), e.getMessage());
            }
        }
    }

    private void serverBug(String tag, Exception e) throws IOException {
        LOG.log(Level.SEVERE, session.logPrefix() + "command " + tag + " " + runningCommandName + " failed unexpectedly", e);
        connection.in().skipCommand();
        connection.out().status(tag == null ? "*" : tag, "NO", ResponseCode.SERVERBUG, "Internal error; the incident was logged");
    }
}
