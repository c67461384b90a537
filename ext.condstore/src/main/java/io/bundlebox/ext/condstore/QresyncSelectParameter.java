package io.bundlebox.ext.condstore;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SequenceSet;
import io.bundlebox.imap.spi.SelectParameter;
import io.bundlebox.imap.spi.ImapExtension;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.Changes;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import java.util.Arrays;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code QRESYNC} SELECT/EXAMINE parameter (RFC 7162 section 3.2.5):
 * {@code QRESYNC (uidvalidity modseq [known-uids] [(known-sequence-set known-uid-set)])}. After the
 * usual SELECT responses, when UIDVALIDITY matches, the client hears of what changed since
 * {@code modseq} among the known UIDs (all UIDs ever given when omitted): one
 * {@code * VANISHED (EARLIER) uid-set} for the expunged ones, then
 * {@code * n FETCH (UID u FLAGS (...) MODSEQ (m))} for each changed or new message, as
 * {@code UID FETCH known-uids (FLAGS) (CHANGEDSINCE modseq VANISHED)} would say. The sequence
 * match data limits the expunges reported to UIDs above the last pair the mailbox still agrees
 * with (section 3.2.5.2). Only the messages the store reports changed are visited.
 *
 * <p>Errors: BAD before {@code ENABLE QRESYNC} (section 3.2.3) and for any syntax error, in
 * which case the mailbox stays unselected.
 */
@Component(service = SelectParameter.class)
@ImapExtension(ModSeqs.QRESYNC)
public final class QresyncSelectParameter implements SelectParameter {

    /**
     * The parsed parameter.
     *
     * @param uidValidity the UIDVALIDITY the client knows
     * @param modSeq the last mod-sequence it knows
     * @param knownUids the UIDs it knows, or null for all
     * @param knownSeqs sequence numbers of the match data, ascending, or null
     * @param matchUids the UIDs of those messages, pairwise with {@code knownSeqs}
     */
    record Resync(long uidValidity, long modSeq, SequenceSet knownUids, long[] knownSeqs, long[] matchUids) {
    }

    @Override
    public String name() {
        return ModSeqs.QRESYNC;
    }

    @Override
    public Object parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        if (!session.isEnabled(ModSeqs.QRESYNC)) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "The QRESYNC parameter needs ENABLE QRESYNC first");
        }
        in.sp().expect('(');
        long uidValidity = in.nzNumber();
        in.sp();
        long modSeq = in.number64();
        SequenceSet known = null;
        long[] seqs = null;
        long[] uids = null;
        if (in.skipIf(' ')) {
            if (!in.peekIs('(')) {
                known = noStar(in.sequenceSet(), "known-uids");
                if (in.skipIf(' ')) {
                    in.expect('(');
                }
            } else {
                in.expect('(');
            }
            if (known == null || in.peek() != ')') {
                seqs = listed(noStar(in.sequenceSet(), "known-sequence-set"));
                in.sp();
                uids = listed(noStar(in.sequenceSet(), "known-uid-set"));
                in.expect(')');
                if (seqs.length != uids.length) {
                    throw ImapException.bad(ResponseCode.CLIENTBUG,
                            "The sequence match data must give as many UIDs as sequence numbers");
                }
            }
        }
        in.expect(')');
        return new Resync(uidValidity, modSeq, known, seqs, uids);
    }

    private static SequenceSet noStar(SequenceSet set, String what) throws ImapException {
        if (set.isSavedResult() || !Arrays.equals(set.resolve(1), set.resolve(Long.MAX_VALUE))) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, what + " may not use * or $");
        }
        return set;
    }

    /** The numbers of a set in the order given, ascending as the RFC requires them. */
    private static long[] listed(SequenceSet set) throws ImapException {
        long[] ranges = set.resolve(0);
        long count = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            count += ranges[i + 1] - ranges[i] + 1;
        }
        if (count > 100_000) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "Too much sequence match data");
        }
        long[] out = new long[(int) count];
        int n = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            for (long v = ranges[i]; v <= ranges[i + 1]; v++) {
                out[n++] = v;
            }
        }
        return out;
    }

    @Override
    public void selected(SessionContext session, MailboxSnapshot snapshot, Object value) throws IOException, ImapException {
        if (!(value instanceof Resync r) || r.uidValidity() != snapshot.uidValidity() || snapshot.highestModSeq() == 0) {
            return; // not asked, another UIDVALIDITY or NOMODSEQ: as if nothing changed (section 3.2.5)
        }
        Mailbox mailbox = session.selectedMailbox();
        Changes changes;
        try {
            changes = mailbox.changesSince(r.modSeq());
        } catch (MailStoreException e) {
            throw ImapException.no(e.code(), e.getMessage());
        }
        long highestEver = snapshot.uidNext() - 1;
        long floor = matchedFloor(snapshot, r);
        long[] vanished = Arrays.stream(changes.expunged())
                .filter(u -> u > floor && known(r, u, highestEver) && snapshot.byUid(u) == null).toArray();
        if (vanished.length > 0) {
            session.out().untagged().raw("VANISHED (EARLIER) ").raw(SequenceSet.format(vanished)).crlf();
        }
        for (MessageRecord changed : changes.changed()) {
            MessageRecord now = snapshot.byUid(changed.uid()); // the state the view was built from
            int seq = session.sequenceOf(changed.uid());
            if (now == null || seq == 0 || now.modSeq() <= r.modSeq() || !known(r, now.uid(), highestEver)) {
                continue;
            }
            var out = session.out().untagged().number(seq).raw(" FETCH (UID ").number(now.uid()).raw(" FLAGS (");
            boolean first = true;
            for (String f : now.flags()) {
                if (!first) {
                    out.sp();
                }
                first = false;
                out.atom(f);
            }
            out.raw(") MODSEQ (").number(now.modSeq()).raw("))").crlf();
        }
    }

    private static boolean known(Resync r, long uid, long highestEver) {
        return r.knownUids() == null ? uid <= highestEver : r.knownUids().contains(uid, highestEver);
    }

    /**
     * The UID up to which the client knows every expunge: that of the last pair of the match data,
     * taken in order, that still names the same message (section 3.2.5.2); 0 without match data.
     */
    private static long matchedFloor(MailboxSnapshot snapshot, Resync r) {
        if (r.knownSeqs() == null) {
            return 0;
        }
        long floor = 0;
        for (int i = 0; i < r.knownSeqs().length; i++) {
            long seq = r.knownSeqs()[i];
            if (seq > snapshot.size() || snapshot.get((int) seq - 1).uid() != r.matchUids()[i]) {
                break;
            }
            floor = r.matchUids()[i];
        }
        return floor;
    }
}
