package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.FetchLine;
import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SequenceSet;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.spi.StoreModifier;
import io.bundlebox.imap.spi.StoreOptions;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.Mailbox.FlagMode;
import io.bundlebox.mailstore.MessageRecord;
import io.bundlebox.mailstore.StoreResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * STORE and UID STORE (RFC 9051 sections 6.4.6 and 6.4.9):
 * {@code STORE sequence-set [SP "(" store-modifier *(SP store-modifier) ")"] SP ["+"/"-"] "FLAGS" [".SILENT"] SP (flag-list / flag *(SP flag))}.
 * Each message's new flags are reported with an untagged FETCH unless {@code .SILENT}; UID STORE
 * includes the UID; change reporters add their items (and may make a {@code .SILENT} STORE answer
 * with a FETCH after all, as RFC 7162 section 3.1.3 asks once mod-sequences are reported). A store
 * modifier (RFC 4466 section 2.5) may take over the flag change, e.g. to make it conditional, and
 * give the tagged OK its response code. The store's {@link StoreResult} is the command's outcome
 * for command observers.
 */
final class StoreCommand extends CoreCommand<StoreCommand.Args> {

    /**
     * @param set messages
     * @param mode replace, add or remove
     * @param silent whether to suppress the FETCH responses
     * @param flags the flags
     * @param operation the store modifier's operation that replaces the core's flag change, or null
     */
    record Args(SequenceSet set, FlagMode mode, boolean silent, Set<String> flags, StoreOptions.Operation operation) {
    }

    private final boolean uidForm;

    StoreCommand(boolean uidForm) {
        this.uidForm = uidForm;
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.sp();
        SequenceSet set = in.sequenceSet();
        in.sp();
        StoreOptions options = new StoreOptions();
        if (in.skipIf('(')) {
            // store-modifiers (RFC 4466 section 2.5), each owned by an extension
            Session s = (Session) session;
            do {
                String name = in.keyword();
                var m = s.extensions().named(StoreModifier.class, name, StoreModifier::name);
                if (m == null) {
                    throw ImapException.bad(ResponseCode.CLIENTBUG, "Unknown STORE modifier " + name);
                }
                s.used(m.bundleId());
                m.service().parse(in, session, options);
            } while (in.skipIf(' '));
            in.expect(')').sp();
        }
        FlagMode mode = in.skipIf('+') ? FlagMode.ADD : in.skipIf('-') ? FlagMode.REMOVE : FlagMode.REPLACE;
        String item = in.atom().toUpperCase(Locale.ROOT);
        boolean silent;
        if (item.equals("FLAGS")) {
            silent = false;
        } else if (item.equals("FLAGS.SILENT")) {
            silent = true;
        } else {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected FLAGS or FLAGS.SILENT, found " + item);
        }
        in.sp();
        List<String> flags;
        if (in.peekIs('(')) {
            flags = in.flagList();
        } else {
            flags = new ArrayList<>();
            do {
                flags.add(in.flag());
            } while (in.skipIf(' '));
        }
        in.crlf();
        return new Args(set, mode, silent, Flags.storable(flags), options.operation());
    }

    @Override
    Completion run(Args args, Session session) throws IOException, ImapException, MailStoreException {
        if (session.selectedReadOnly()) {
            return Completion.no(ResponseCode.READ_ONLY, "Mailbox is read-only");
        }
        long[] uids = MessageSets.uids(session, args.set(), uidForm);
        Mailbox mailbox = session.selectedMailbox();
        StoreOptions.Operation op = args.operation();
        StoreResult result = op == null ? mailbox.store(uids, args.mode(), args.flags(), Long.MAX_VALUE)
                : op.store(session, mailbox, uids, args.mode(), args.flags());
        session.outcome(result);
        Set<Long> refused = new java.util.HashSet<>();
        for (long uid : result.modifiedUids()) {
            refused.add(uid);
        }
        for (MessageRecord r : result.records()) {
            int seq = session.sequenceOf(r.uid());
            if (seq == 0) {
                continue;
            }
            // .SILENT: the core writes nothing, a reporter's items alone open the response; a message
            // left alone because it changed elsewhere gets its flags all the same (RFC 7162 3.1.3, example 6)
            if (!args.silent() || refused.contains(r.uid())) {
                session.announceKeywords(r.flags()); // FLAGS first when a keyword is new to the client
            }
            FetchLine line = new FetchLine(session.out(), seq);
            if (!args.silent() || refused.contains(r.uid())) {
                if (uidForm) {
                    line.item("UID").number(r.uid());
                }
                session.writeFlags(line.next("FLAGS"), r);
            }
            session.reports().unsolicited(line, r);
            line.end();
            session.view().reported(r);
        }
        ResponseCode code = op == null ? null : op.code(session, result, uidForm);
        String text = (uidForm ? "UID STORE" : "STORE") + " completed";
        if (code == null && MessageSets.someGone(session.selectedMailbox(), uids)) {
            // RFC 9051 section 7.1: the others were changed; the expunged ones are no failure
            return Completion.ok(ResponseCode.EXPUNGEISSUED, text + "; some messages were expunged by another session");
        }
        return code == null ? Completion.ok(text) : Completion.ok(code, text);
    }
}
