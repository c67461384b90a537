package io.bundlebox.ext.condstore;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.FetchModifier;
import io.bundlebox.imap.spi.FetchOptions;
import io.bundlebox.imap.spi.Key;
import io.bundlebox.imap.spi.ImapExtension;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code CHANGEDSINCE mod-sequence} FETCH modifier (RFC 7162 section 3.1.4.1): only messages
 * whose MODSEQ is above the value are answered for, and the MODSEQ item is implied. A CONDSTORE
 * enabling command (section 3.1). The messages are found through the store's changes since that
 * point, so an unchanged mailbox answers without visiting its messages.
 */
@Component(service = FetchModifier.class)
@ImapExtension(ModSeqs.CONDSTORE)
public final class ChangedSinceModifier implements FetchModifier {

    /** The CHANGEDSINCE value of a FETCH, for {@link VanishedModifier}. */
    static final Key<Long> SINCE = Key.of("condstore.changedsince");

    @Override
    public String name() {
        return "CHANGEDSINCE";
    }

    @Override
    public void parse(ImapReader in, SessionContext session, FetchOptions options) throws IOException, ImapException {
        in.sp();
        long since = in.number64(); // mod-sequence-value; 0 is taken as "everything"
        ModSeqs.enablingCommand(session);
        options.put(SINCE, since);
        options.impliedItems().add(ModSeqItem.NAME);
        options.narrow((s, uids) -> changedAmong(s.selectedMailbox(), uids, since));
    }

    /** Those of {@code uids} (ascending) whose MODSEQ is above {@code since}, ascending. */
    static long[] changedAmong(Mailbox mailbox, long[] uids, long since) throws MailStoreException {
        if (mailbox.snapshot().highestModSeq() <= since) {
            return new long[0];
        }
        List<MessageRecord> changed = mailbox.changesSince(since).changed();
        long[] out = new long[Math.min(uids.length, changed.size())];
        int n = 0;
        int i = 0;
        for (MessageRecord r : changed) { // both ascending by UID: one merge pass
            while (i < uids.length && uids[i] < r.uid()) {
                i++;
            }
            if (i < uids.length && uids[i] == r.uid()) {
                out[n++] = r.uid();
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
