package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.SelectedView;
import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.Flag;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SelectParameter;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * SELECT and EXAMINE (RFC 9051 sections 6.3.2 and 6.3.3): open a mailbox read-write or
 * read-only and tell the client its size, UIDVALIDITY, UIDNEXT, flags and (IMAP4rev2) its LIST
 * data. A previously selected mailbox is closed first, without expunging, announced with
 * {@code [CLOSED]}; a failed SELECT leaves the session authenticated.
 */
final class SelectCommand extends CoreCommand<SelectCommand.Args> {

    /**
     * @param mailbox the mailbox name, decoded
     * @param parameters the select parameters given (RFC 4466 section 2.1), by extension, with their values
     */
    record Args(String mailbox, Map<SelectParameter, Object> parameters) {
    }

    private final boolean readOnly;

    SelectCommand(boolean readOnly) {
        this.readOnly = readOnly;
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.sp();
        String name = in.mailbox();
        Map<SelectParameter, Object> params = new LinkedHashMap<>();
        if (in.skipIf(' ')) {
            Session s = (Session) session;
            in.expect('(');
            do {
                String p = in.keyword();
                var ext = s.extensions().named(SelectParameter.class, p, SelectParameter::name);
                if (ext == null) {
                    throw ImapException.bad(ResponseCode.CLIENTBUG, "Unknown SELECT parameter " + p);
                }
                s.used(ext.bundleId());
                params.put(ext.service(), ext.service().parse(in, session));
            } while (in.skipIf(' '));
            in.expect(')');
        }
        in.crlf();
        return new Args(name, params);
    }

    @Override
    Completion run(Args args, Session session) throws IOException, ImapException, MailStoreException {
        ResponseWriter out = session.out();
        if (session.state() == SessionState.SELECTED) {
            session.deselect();
            out.status(null, "OK", ResponseCode.CLOSED, "Previous mailbox closed");
        }
        session.attribute(MessageSets.SAVED_RESULT, null);
        Mailbox mailbox = session.mailboxes().open(args.mailbox());
        MailboxSnapshot snap;
        Set<String> keywords;
        try {
            snap = mailbox.snapshot();
            keywords = mailbox.keywords();
        } catch (MailStoreException | RuntimeException e) {
            mailbox.close();
            throw e;
        }
        SelectedView view = new SelectedView(mailbox, readOnly, snap);
        session.select(view);
        boolean rev2 = session.isEnabled("IMAP4REV2");
        out.untagged().number(snap.size()).raw(" EXISTS").crlf();
        if (!rev2) {
            // RFC 3501 section 7.3.2; IMAP4rev2 has no \Recent (RFC 9051 appendix E)
            out.untagged().number(view.startRecent()).raw(" RECENT").crlf();
        }
        out.status(null, "OK", ResponseCode.uidValidity(snap.uidValidity()), "UIDs valid");
        out.status(null, "OK", ResponseCode.uidNext(snap.uidNext()), "Predicted next UID");
        view.writeFlagLists(out, keywords);
        if (!rev2) {
            int firstUnseen = snap.firstUnseen(); // kept by the store, no walk
            if (firstUnseen >= 0) {
                out.status(null, "OK", ResponseCode.of("UNSEEN", Integer.toString(firstUnseen + 1)), "First unseen");
            }
        } else {
            out.untagged().raw("LIST () \"/\" ").mailbox(args.mailbox()).crlf();
        }
        for (var p : session.extensions().all(SelectParameter.class)) {
            p.service().selected(session, snap, args.parameters().get(p.service()));
        }
        return Completion.ok(readOnly ? ResponseCode.READ_ONLY : ResponseCode.READ_WRITE,
                (readOnly ? "EXAMINE" : "SELECT") + " completed");
    }
}
