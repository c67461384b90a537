package io.bundlebox.ext.condstore;

import io.bundlebox.imap.api.SequenceSet;
import io.bundlebox.imap.spi.ChangeReporter;
import io.bundlebox.imap.spi.FetchResponse;
import io.bundlebox.imap.spi.ImapExtension;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/**
 * How a CONDSTORE or QRESYNC session hears of changes (RFC 7162):
 * <ul>
 * <li>once CONDSTORE is on, every FETCH the core sends unasked (changes made elsewhere, STORE
 * answers also for {@code .SILENT}, an implicit {@code \Seen}) carries {@code UID} and
 * {@code MODSEQ (n)} (sections 3.1, 3.1.3 and 3.2.4);</li>
 * <li>once QRESYNC is on, expunges are reported as one {@code * VANISHED uid-set} instead of
 * {@code n EXPUNGE} lines (section 3.2.10.2), for this session's EXPUNGE, UID EXPUNGE and MOVE and
 * for expunges made elsewhere or by removing files from the Maildir. The core hands over only UIDs
 * the client's view holds, never none, so no empty or unknown-UID VANISHED is sent.</li>
 * </ul>
 * Neither applies in a NOMODSEQ mailbox (section 3.1.2.2).
 */
@Component(service = ChangeReporter.class)
@ImapExtension({ModSeqs.CONDSTORE, ModSeqs.QRESYNC})
public final class ModSeqReporter implements ChangeReporter {

    @Override
    public boolean expunged(SessionContext session, long[] uids) throws IOException {
        if (!session.isEnabled(ModSeqs.QRESYNC) || !ModSeqs.reporting(session)) {
            return false;
        }
        session.out().untagged().raw("VANISHED ").raw(SequenceSet.format(uids)).crlf();
        return true;
    }

    @Override
    public void unsolicited(SessionContext session, MessageRecord record, FetchResponse response) throws IOException {
        if (!ModSeqs.reporting(session)) {
            return;
        }
        if (!response.has("UID")) {
            response.item("UID").number(record.uid());
        }
        if (!response.has(ModSeqItem.NAME)) {
            response.item(ModSeqItem.NAME).raw("(").number(record.modSeq()).raw(")");
        }
    }
}
