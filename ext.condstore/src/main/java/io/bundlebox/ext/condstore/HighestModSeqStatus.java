package io.bundlebox.ext.condstore;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.ImapExtension;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.spi.StatusItem;
import io.bundlebox.mailstore.MailboxSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code HIGHESTMODSEQ} STATUS item (RFC 7162 section 3.1.7), also for LIST's STATUS return
 * option: the mailbox's highest mod-sequence, 0 for a mailbox without persistent mod-sequences.
 * Asking for it is a CONDSTORE enabling command (section 3.1).
 */
@Component(service = StatusItem.class)
@ImapExtension(ModSeqs.CONDSTORE)
public final class HighestModSeqStatus implements StatusItem {

    @Override
    public String name() {
        return "HIGHESTMODSEQ";
    }

    @Override
    public long value(SessionContext session, MailboxSnapshot snapshot) {
        try {
            session.enable(ModSeqs.CONDSTORE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ImapException e) {
            // the CONDSTORE hook refuses nothing; the value is right either way
        }
        return snapshot.highestModSeq();
    }
}
