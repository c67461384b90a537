package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.MailboxName;
import io.bundlebox.imap.spi.Addition;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;

/**
 * RENAME (RFC 9051 section 6.3.6): {@code RENAME SP mailbox SP mailbox}. Inferior names move
 * along ({@code a/b} becomes {@code z/b}); missing superiors of the new name are created by the
 * store. Renaming INBOX moves its messages into the new mailbox and leaves INBOX empty, its
 * inferiors untouched. Subscriptions are not changed (the RFC leaves that to the client).
 *
 * <p>Errors: {@code NO [NONEXISTENT]} when the old name is no mailbox, {@code NO [ALREADYEXISTS]}
 * when the new one exists (INBOX always does), {@code NO [CANNOT]} for an unusable new name or a
 * move into the mailbox's own subtree. When the selected mailbox (or one of its superiors) is
 * renamed, by this session or another, the session keeps it selected under its new name: the
 * store's handle follows the rename ({@link io.bundlebox.mailstore.Mailbox}), UIDVALIDITY and
 * UIDs stay, so nothing the client knows becomes wrong (RFC 9051 section 6.3.6 renames the
 * mailbox, it does not replace it).
 * Mailboxes the rename brings into being (missing superiors, INBOX's new mailbox) are reserved
 * with the {@link io.bundlebox.imap.spi.AppendGuard}s first, which may refuse
 * ({@code NO [OVERQUOTA]}).
 */
final class RenameCommand extends CoreCommand<RenameCommand.Args> {

    /** @param from the existing name @param to the new name */
    record Args(String from, String to) {
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return parse(in);
    }

    static Args parse(ImapReader in) throws IOException, ImapException {
        String from = in.sp().mailbox();
        String to = in.sp().mailbox();
        in.crlf();
        return new Args(from, to);
    }

    @Override
    Completion run(Args args, Session session) throws IOException, ImapException, MailStoreException {
        NewMailboxNames.check(args.to());
        // INBOX stays when renamed: its messages move (within this user) into one mailbox more
        int added = NewMailboxNames.missingSuperiors(args.to(), session.mailboxes())
                + (args.from().equals(MailboxName.INBOX) ? 1 : 0);
        var addition = new Addition(Addition.Kind.RENAME, args.from(), args.to(), 0, 0, added);
        try (AppendGuards room = AppendGuards.reserve(session, addition)) {
            session.mailboxes().rename(args.from(), args.to());
            room.commit();
        }
        return Completion.ok("RENAME completed");
    }
}
