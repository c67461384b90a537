package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Addition;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.AppendResult;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.logging.Logger;

/**
 * APPEND (RFC 9051 section 6.3.12): {@code APPEND mailbox [SP flag-list] [SP date-time] SP literal}.
 * The message is streamed from the connection into the store, never held whole; a literal
 * over APPENDLIMIT (RFC 7889) is refused with {@code NO [TOOBIG]} before the client sends it,
 * and a missing mailbox with {@code NO [TRYCREATE]}, also before the continuation request.
 * Answers {@code OK [APPENDUID uidvalidity uid]} (RFC 4315). The whole command is read before
 * the store commits: a BAD after the literal (e.g. text between it and the CRLF) stores nothing.
 */
final class AppendCommand extends CoreCommand<AppendCommand.Args> {

    private static final Logger LOG = Logger.getLogger(AppendCommand.class.getName());

    /**
     * @param mailbox the target, still open: handle closes it
     * @param flags initial flags
     * @param internalDate requested INTERNALDATE or null
     * @param size literal size in octets
     * @param content the literal's octets, to be read exactly once
     * @param room what the append guards reserved for the message: handle commits or releases it
     */
    record Args(Mailbox mailbox, Set<String> flags, Instant internalDate, long size, InputStream content,
            AppendGuards room) {
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.sp();
        String name = in.mailbox();
        in.sp();
        Set<String> flags = Set.of();
        if (in.peekIs('(')) {
            flags = Flags.storable(in.flagList());
            in.sp();
        }
        Instant date = null;
        if (in.peekIs('"')) {
            OffsetDateTime dt = in.dateTime();
            date = dt.toInstant();
            in.sp();
        }
        if (!in.atLiteral()) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected the message as a literal");
        }
        Mailbox target;
        try {
            target = session.mailboxes().open(name);
        } catch (MailStoreException e) {
            ResponseCode code = e.code() == ResponseCode.NONEXISTENT ? ResponseCode.TRYCREATE : e.code();
            throw ImapException.no(code, e.getMessage());
        }
        // reserved before the continuation request, so a refused literal is never sent
        AppendGuards[] room = new AppendGuards[1];
        try {
            long size = in.literalHeader(((Session) session).server().limits().appendLimit(),
                    announced -> room[0] = AppendGuards.reserve((Session) session, Addition.append(target.name(), announced)));
            // the final CRLF is read before the store gets the message's last octets: a command
            // refused after its literal (text after it) stores nothing (RFC 9051 section 6.3.12)
            return new Args(target, flags, date, size, new ClientData(in.literalBody(size, in::crlf)), room[0]);
        } catch (ImapException | IOException | RuntimeException e) {
            if (room[0] != null) {
                room[0].close();
            }
            target.close();
            throw e;
        }
    }

    @Override
    Completion run(Args args, Session session) throws IOException, ImapException, MailStoreException {
        ClientData data = (ClientData) args.content();
        AppendResult result;
        try (Mailbox target = args.mailbox(); AppendGuards room = args.room()) {
            try {
                result = target.append(data, args.size(), args.flags(), args.internalDate());
                room.commit();
            } catch (MailStoreException e) {
                if (data.failure() != null) {
                    throw clientFailure(session, data.failure());
                }
                throw e;
            } finally {
                // whatever the store did, the rest of the literal and the CRLF belong to this command
                drain(session, data);
            }
        }
        return Completion.ok(ResponseCode.appendUid(result.uidValidity(), Long.toString(result.uid())),
                "APPEND completed");
    }

    /**
     * What the client's side of a failed append means: BAD for a command refused after its
     * literal, else the connection ended while the message was arriving (one INFO line; the
     * session then ends as for any closed connection).
     */
    private static IOException clientFailure(Session session, IOException failure) throws ImapException {
        if (failure instanceof ImapReader.CommandRefusedException refused) {
            throw refused.refusal();
        }
        LOG.info(session.logPrefix() + "connection lost in the middle of APPEND (" + failure.getMessage() + "); nothing stored");
        return failure;
    }

    private static void drain(Session session, ClientData data) throws IOException, ImapException {
        if (data.failure() != null) {
            return; // the connection failed or the command was refused: nothing more to read of it
        }
        byte[] buf = new byte[8192];
        try {
            while (data.read(buf) > 0) {
                // discard
            }
        } catch (ImapReader.CommandRefusedException e) {
            throw e.refusal();
        }
    }

    /** The message as the store reads it from the connection, remembering a failure on the client's side. */
    private static final class ClientData extends FilterInputStream {
        private IOException failure;

        ClientData(InputStream literal) {
            super(literal);
        }

        IOException failure() {
            return failure;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }
}
