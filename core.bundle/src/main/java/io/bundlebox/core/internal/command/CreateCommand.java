package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.MailboxName;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Addition;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CREATE (RFC 9051 section 6.3.4) with the USE parameter of CREATE-SPECIAL-USE (RFC 6154
 * section 3): {@code CREATE SP mailbox [SP "(" "USE" SP "(" [use-attr *(SP use-attr)] ")" ")"]}.
 * A trailing hierarchy delimiter is ignored; missing superior levels are created by the store.
 *
 * <p>Errors: {@code NO [ALREADYEXISTS]} for INBOX or an existing mailbox, {@code NO [CANNOT]} for
 * an unusable name (see {@link NewMailboxNames}), {@code NO [USEATTR]} for a special use we do not
 * offer: unknown attributes, and {@code \All} and {@code \Flagged}, which promise virtual
 * mailboxes (all messages, all flagged messages) that no Bundlebox store maintains. An unknown
 * CREATE parameter is a BAD.
 */
final class CreateCommand extends CoreCommand<CreateCommand.Args> {

    /** The special uses a store can hold for a real mailbox, by lower-case spelling. */
    static final Map<String, String> SPECIAL_USES = Map.of("\\archive", "\\Archive", "\\drafts", "\\Drafts",
            "\\junk", "\\Junk", "\\sent", "\\Sent", "\\trash", "\\Trash");

    /**
     * @param mailbox the name to create, without a trailing delimiter, INBOX normalized
     * @param use the special-use attributes asked for, as the client spelled them
     */
    record Args(String mailbox, List<String> use) {
        Args {
            use = List.copyOf(use);
        }
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return parse(in);
    }

    static Args parse(ImapReader in) throws IOException, ImapException {
        String mailbox = in.sp().mailbox();
        if (mailbox.length() > 1 && mailbox.charAt(mailbox.length() - 1) == MailboxName.DELIMITER) {
            mailbox = MailboxName.normalize(mailbox.substring(0, mailbox.length() - 1));
        }
        List<String> use = List.of();
        if (in.skipIf(' ')) {
            in.expect('(');
            do {
                String param = in.keyword();
                if (!param.equals("USE")) {
                    throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected the CREATE parameter USE, found " + param);
                }
                in.sp();
                use = useAttributes(in);
            } while (in.skipIf(' '));
            in.expect(')');
        }
        in.crlf();
        return new Args(mailbox, use);
    }

    /** {@code "(" [use-attr *(SP use-attr)] ")"} with {@code use-attr = "\" atom}. */
    private static List<String> useAttributes(ImapReader in) throws IOException, ImapException {
        in.expect('(');
        List<String> attrs = new java.util.ArrayList<>();
        if (!in.skipIf(')')) {
            do {
                in.expect('\\');
                attrs.add("\\" + in.atom());
            } while (in.skipIf(' '));
            in.expect(')');
        }
        return attrs;
    }

    @Override
    Completion run(Args args, Session session) throws IOException, ImapException, MailStoreException {
        NewMailboxNames.check(args.mailbox());
        Set<String> use = new LinkedHashSet<>();
        for (String attr : args.use()) {
            String canonical = SPECIAL_USES.get(attr.toLowerCase(Locale.ROOT));
            if (canonical == null) {
                throw ImapException.no(ResponseCode.of("USEATTR"), attr + " not supported");
            }
            use.add(canonical);
        }
        var addition = new Addition(Addition.Kind.CREATE, null, args.mailbox(), 0, 0,
                1 + NewMailboxNames.missingSuperiors(args.mailbox(), session.mailboxes()));
        try (AppendGuards room = AppendGuards.reserve(session, addition)) {
            session.mailboxes().create(args.mailbox(), use);
            room.commit();
        }
        return Completion.ok("CREATE completed");
    }
}
