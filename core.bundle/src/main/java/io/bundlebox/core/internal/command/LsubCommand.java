package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * LSUB (RFC 3501 section 6.3.9), for IMAP4rev1 clients: {@code LSUB SP mailbox SP list-mailbox},
 * answered with {@code * LSUB () "/" name} for each subscribed name the pattern matches, whether
 * the mailbox exists or not. When the pattern ends in {@code %}, a level above subscribed names
 * that is not subscribed itself is listed as {@code (\Noselect)} (as RFC 3501 requires). IMAP4rev2
 * dropped LSUB for {@code LIST (SUBSCRIBED)}: after {@code ENABLE IMAP4rev2} it is a BAD.
 */
final class LsubCommand extends CoreCommand<LsubCommand.Args> {

    /** @param reference the reference name @param pattern the mailbox pattern */
    record Args(String reference, String pattern) {
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        if (session.isEnabled("IMAP4REV2")) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "LSUB is not part of IMAP4rev2; use LIST (SUBSCRIBED)");
        }
        return parse(in);
    }

    static Args parse(ImapReader in) throws IOException, ImapException {
        String reference = in.sp().mailbox();
        String pattern = in.sp().listMailbox();
        in.crlf();
        return new Args(reference, pattern);
    }

    @Override
    Completion run(Args args, Session session) throws IOException, ImapException, MailStoreException {
        MailboxPattern pattern = MailboxPattern.of(args.reference(), args.pattern());
        Set<String> subscribed = new MailboxTree(List.of(), session.mailboxes().subscriptions()).subscriptions();
        Set<String> listed = new TreeSet<>(MailboxTree.LISTING_ORDER);
        Set<String> levels = new TreeSet<>();
        for (String name : subscribed) {
            if (pattern.matches(name)) {
                listed.add(name);
            }
        }
        if (pattern.listsLevels()) {
            for (String level : MailboxTree.levelsAbove(subscribed)) {
                if (!subscribed.contains(level) && pattern.matches(level)) {
                    listed.add(level);
                    levels.add(level);
                }
            }
        }
        for (String name : listed) {
            ListCommand.writeEntry(session.out(), "LSUB", levels.contains(name) ? List.of("\\Noselect") : List.of(),
                    name, null);
        }
        return Completion.ok("LSUB completed");
    }
}
