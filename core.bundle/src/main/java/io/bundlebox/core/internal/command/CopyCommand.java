package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SequenceSet;
import io.bundlebox.imap.spi.Addition;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.CopyResult;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import java.io.IOException;

/**
 * COPY, MOVE and their UID forms (RFC 9051 sections 6.4.7, 6.4.8, 6.4.9). Answers
 * {@code [COPYUID ...]} (RFC 4315); MOVE sends it in an untagged OK before the EXPUNGE
 * responses. A missing destination gives {@code NO [TRYCREATE]}.
 */
final class CopyCommand extends CoreCommand<CopyCommand.Args> {

    /** @param set the messages @param mailbox the destination */
    record Args(SequenceSet set, String mailbox) {
    }

    private final boolean uidForm;
    private final boolean move;

    CopyCommand(boolean uidForm, boolean move) {
        this.uidForm = uidForm;
        this.move = move;
    }

    private static long totalSize(Mailbox source, long[] uids) throws MailStoreException {
        var snap = source.snapshot();
        long total = 0;
        for (long uid : uids) {
            var r = snap.byUid(uid);
            total += r == null ? 0 : r.size();
        }
        return total;
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.sp();
        SequenceSet set = in.sequenceSet();
        in.sp();
        String mailbox = in.mailbox();
        in.crlf();
        return new Args(set, mailbox);
    }

    @Override
    Completion run(Args args, Session session) throws IOException, ImapException, MailStoreException {
        if (move && session.selectedReadOnly()) {
            return Completion.no(ResponseCode.READ_ONLY, "Mailbox is read-only");
        }
        long[] uids = MessageSets.uids(session, args.set(), uidForm);
        Mailbox target;
        try {
            target = session.mailboxes().open(args.mailbox());
        } catch (MailStoreException e) {
            ResponseCode code = e.code() == ResponseCode.NONEXISTENT ? ResponseCode.TRYCREATE : e.code();
            return Completion.no(code, e.getMessage());
        }
        String verb = (uidForm ? "UID " : "") + (move ? "MOVE" : "COPY");
        try (target) {
            if (uids.length == 0) {
                return Completion.ok(verb + " completed: no messages");
            }
            Mailbox source = session.selectedMailbox();
            CopyResult result;
            var addition = new Addition(move ? Addition.Kind.MOVE : Addition.Kind.COPY, source.name(), target.name(),
                    uids.length, totalSize(source, uids), 0);
            try (AppendGuards room = AppendGuards.reserve(session, addition)) {
                result = move ? source.move(uids, target) : source.copy(uids, target);
                room.commit();
            }
            session.outcome(result);
            ResponseCode copyUid = result.sourceUids().length == 0 ? null : ResponseCode.copyUid(result.targetUidValidity(),
                    SequenceSet.format(result.sourceUids()), SequenceSet.format(result.targetUids()));
            if (move) {
                if (copyUid != null) {
                    session.out().status(null, "OK", copyUid, "Moved");
                }
                session.reports().expunged(result.sourceUids());
                return Completion.ok(verb + " completed");
            }
            if (result.sourceUids().length < uids.length && MessageSets.someGone(source, uids)) {
                // RFC 9051 section 7.1: the rest was copied; [COPYUID] names what was
                if (copyUid != null) {
                    session.out().status(null, "OK", copyUid, "Copied");
                }
                return Completion.ok(ResponseCode.EXPUNGEISSUED, verb + " completed; some messages were expunged by another session");
            }
            return copyUid == null ? Completion.ok(verb + " completed") : Completion.ok(copyUid, verb + " completed");
        }
    }
}
