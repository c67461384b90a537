package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SequenceSet;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.ExpungeResult;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;

/**
 * EXPUNGE (RFC 9051 section 6.4.3) and UID EXPUNGE (section 6.4.9): remove the messages marked
 * {@code \Deleted} (only those in the given UID set for UID EXPUNGE), reporting each with an
 * untagged {@code EXPUNGE} (or the form a change reporter writes instead). The store's
 * {@link ExpungeResult} is the command's outcome for command observers.
 */
final class ExpungeCommand extends CoreCommand<ExpungeCommand.Args> {

    /** @param uids the UID set of UID EXPUNGE, or null for EXPUNGE */
    record Args(SequenceSet uids) {
    }

    private final boolean uidForm;

    ExpungeCommand(boolean uidForm) {
        this.uidForm = uidForm;
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        SequenceSet set = null;
        if (uidForm) {
            in.sp();
            set = in.sequenceSet();
        }
        in.crlf();
        return new Args(set);
    }

    @Override
    Completion run(Args args, Session session) throws IOException, ImapException, MailStoreException {
        if (session.selectedReadOnly()) {
            return Completion.no(ResponseCode.READ_ONLY, "Mailbox is read-only");
        }
        long[] only = args.uids() == null ? null : MessageSets.uids(session, args.uids(), true);
        ExpungeResult result = session.selectedMailbox().expunge(only);
        session.reports().expunged(result.uids());
        session.outcome(result);
        return Completion.ok((uidForm ? "UID EXPUNGE" : "EXPUNGE") + " completed");
    }
}
