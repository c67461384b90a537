package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.AppendResult;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * APPEND (RFC 9051 section 6.3.12): {@code APPEND mailbox [SP flag-list] [SP date-time] SP literal}.
 * The message is streamed from the connection into the store, never held whole; a literal
 * over APPENDLIMIT (RFC 7889) is refused with {@code NO [TOOBIG]} before the client sends it,
 * and a missing mailbox with {@code NO [TRYCREATE]}, also before the continuation request.
 * Answers {@code OK [APPENDUID uidvalidity uid]} (RFC 4315).
 */
final class AppendCommand extends CoreCommand<AppendCommand.Args> {

    /**
     * @param mailbox the target, still open: handle closes it
     * @param flags initial flags
     * @param internalDate requested INTERNALDATE or null
     * @param size literal size in octets
     * @param content the literal's octets, to be read exactly once
     */
    record Args(Mailbox mailbox, Set<String> flags, Instant internalDate, long size, InputStream content) {
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
        long size;
        try {
            size = in.literalHeader(((Session) session).server().limits().appendLimit(),
                    announced -> AppendGuards.check((Session) session, name, 1, announced));
        } catch (ImapException | IOException | RuntimeException e) {
            target.close();
            throw e;
        }
        return new Args(target, flags, date, size, in.literalBody(size));
    }

    @Override
    Completion run(Args args, Session session) throws IOException, ImapException, MailStoreException {
        AppendResult result;
        try (Mailbox target = args.mailbox()) {
            try {
                result = target.append(args.content(), args.size(), args.flags(), args.internalDate());
            } finally {
                // whatever the store did, the rest of the literal and the CRLF belong to this command
                drain(args.content());
                session.in().crlf();
            }
        }
        return Completion.ok(ResponseCode.appendUid(result.uidValidity(), Long.toString(result.uid())),
                "APPEND completed");
    }

    private static void drain(InputStream literal) throws IOException {
        byte[] buf = new byte[8192];
        while (literal.read(buf) > 0) {
            // discard
        }
    }
}
