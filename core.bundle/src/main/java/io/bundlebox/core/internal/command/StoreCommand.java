package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SequenceSet;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.spi.StoreModifier;
import io.bundlebox.imap.spi.StoreOptions;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MailStoreException;
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
 * {@code STORE sequence-set [SP "(" UNCHANGEDSINCE n ")"] SP ["+"/"-"] "FLAGS" [".SILENT"] SP (flag-list / flag *(SP flag))}.
 * Each message's new flags are reported with an untagged FETCH unless {@code .SILENT}; UID STORE
 * includes the UID. With UNCHANGEDSINCE (RFC 7162 section 3.1.3) messages changed since are left
 * alone and named in {@code [MODIFIED ...]}.
 */
final class StoreCommand extends CoreCommand<StoreCommand.Args> {

    /**
     * @param set messages
     * @param mode replace, add or remove
     * @param silent whether to suppress the FETCH responses
     * @param flags the flags
     * @param unchangedSince the UNCHANGEDSINCE modifier, or Long.MAX_VALUE
     */
    record Args(SequenceSet set, FlagMode mode, boolean silent, Set<String> flags, long unchangedSince) {
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
                var m = s.server().extensions().named(StoreModifier.class, name, StoreModifier::name);
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
        return new Args(set, mode, silent, Flags.storable(flags), options.unchangedSince());
    }

    @Override
    Completion run(Args args, Session session) throws IOException, ImapException, MailStoreException {
        if (session.selectedReadOnly()) {
            return Completion.no(ResponseCode.READ_ONLY, "Mailbox is read-only");
        }
        long[] uids = MessageSets.uids(session, args.set(), uidForm);
        StoreResult result = session.selectedMailbox().store(uids, args.mode(), args.flags(), args.unchangedSince());
        ResponseWriter out = session.out();
        boolean condstore = session.isEnabled("CONDSTORE") || args.unchangedSince() != Long.MAX_VALUE;
        for (MessageRecord r : result.records()) {
            int seq = session.sequenceOf(r.uid());
            if (seq == 0) {
                continue;
            }
            // .SILENT still reports changes when CONDSTORE asked for MODSEQs (RFC 7162 section 3.1.3)
            if (!args.silent() || condstore) {
                out.untagged().number(seq).raw(" FETCH (");
                if (uidForm) {
                    out.raw("UID ").number(r.uid()).sp();
                }
                if (condstore) {
                    out.raw("MODSEQ (").number(r.modSeq()).raw(") ");
                }
                Session.writeFlags(out, r.flags());
                out.raw(")").crlf();
            }
            session.view().reported(r);
        }
        if (result.modifiedUids().length > 0) {
            long[] reported = uidForm ? result.modifiedUids() : toSeqs(session, result.modifiedUids());
            return Completion.ok(ResponseCode.of("MODIFIED", SequenceSet.format(reported)), "Conditional STORE failed for some messages");
        }
        return Completion.ok((uidForm ? "UID STORE" : "STORE") + " completed");
    }

    private static long[] toSeqs(Session session, long[] uids) {
        return java.util.Arrays.stream(uids).map(session::sequenceOf).filter(s -> s > 0).sorted().toArray();
    }
}
