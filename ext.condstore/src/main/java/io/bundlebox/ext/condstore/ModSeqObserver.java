package io.bundlebox.ext.condstore;

import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.CommandObserver;
import io.bundlebox.imap.spi.SearchData;
import io.bundlebox.imap.spi.SearchOutcome;
import io.bundlebox.imap.spi.ImapExtension;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.mailstore.CopyResult;
import io.bundlebox.mailstore.ExpungeResult;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Decorates completed commands (RFC 7162):
 * <ul>
 * <li>EXPUNGE and UID EXPUNGE that removed a message answer {@code OK [HIGHESTMODSEQ n]} once
 * QRESYNC is on (sections 3.2.7 and 3.2.9; not CLOSE, section 3.2.8), and so do MOVE and UID MOVE
 * that moved one (RFC 6851 section 4.4) when the client's view is complete;</li>
 * <li>a search whose criteria used MODSEQ and that matched something ends with the highest MODSEQ
 * of the matches: {@code * SEARCH 2 5 (MODSEQ 917)} or ESEARCH {@code MODSEQ 917} (sections 3.1.5,
 * 3.1.6, 3.1.10);</li>
 * <li>the first CONDSTORE enabling command run in the selected state is followed by
 * {@code * OK [HIGHESTMODSEQ n]} (section 3.1), sent once the client's view is complete (no expunge
 * held back), so the value never claims a change the client has not been told of.</li>
 * </ul>
 */
@Component(service = CommandObserver.class)
@ImapExtension({ModSeqs.CONDSTORE, ModSeqs.QRESYNC})
public final class ModSeqObserver implements CommandObserver {

    @Override
    public ResponseCode completed(SessionContext session, String command, Object outcome) throws IOException {
        announceIfPending(session);
        if (outcome instanceof ExpungeResult expunged && expunged.uids().length > 0
                && (command.equals("EXPUNGE") || command.equals("UID EXPUNGE"))
                && session.isEnabled(ModSeqs.QRESYNC) && ModSeqs.reporting(session)) {
            return ResponseCode.of("HIGHESTMODSEQ", Long.toString(expunged.highestModSeq()));
        }
        if (outcome instanceof CopyResult moved && moved.sourceUids().length > 0
                && (command.equals("MOVE") || command.equals("UID MOVE"))
                && session.isEnabled(ModSeqs.QRESYNC) && ModSeqs.reporting(session)) {
            MailboxSnapshot snap = completeView(session);
            return snap == null ? null : ResponseCode.of("HIGHESTMODSEQ", Long.toString(snap.highestModSeq()));
        }
        return null;
    }

    /**
     * The selected mailbox's state when the client's view holds every message of it (no expunge
     * held back, no arrival unreported), so that its HIGHESTMODSEQ claims nothing the client was
     * not told; else null.
     */
    private static MailboxSnapshot completeView(SessionContext session) {
        try {
            MailboxSnapshot snap = session.selectedMailbox().snapshot();
            return snap.size() == session.viewSize() ? snap : null;
        } catch (MailStoreException e) {
            return null;
        }
    }

    private static void announceIfPending(SessionContext session) throws IOException {
        if (session.attribute(ModSeqs.ANNOUNCE_HIGHESTMODSEQ) == null || session.selectedMailbox() == null) {
            return;
        }
        MailboxSnapshot snap = completeView(session);
        if (snap == null) {
            return; // changes still to be reported: a later command announces
        }
        session.attribute(ModSeqs.ANNOUNCE_HIGHESTMODSEQ, null);
        if (snap.highestModSeq() > 0) {
            session.out().status(null, "OK", ResponseCode.of("HIGHESTMODSEQ", Long.toString(snap.highestModSeq())),
                    "Highest mailbox mod-sequence");
        }
    }

    @Override
    public List<SearchData> searched(SessionContext session, SearchOutcome outcome) {
        if (!outcome.extensionKeys().contains(ModSeqSearchKey.KEY) || outcome.uids().length == 0) {
            return List.of();
        }
        long highest = 0;
        for (long uid : outcome.uids()) {
            MessageRecord r = outcome.snapshot().byUid(uid);
            if (r != null) {
                highest = Math.max(highest, r.modSeq());
            }
        }
        return highest == 0 ? List.of() : List.of(new SearchData(ModSeqSearchKey.KEY, Long.toString(highest)));
    }
}
