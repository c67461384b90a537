package io.bundlebox.ext.condstore;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.FetchAttribute;
import io.bundlebox.imap.spi.ImapExtension;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code MODSEQ} FETCH data item (RFC 7162 section 3.1.4.2): {@code MODSEQ (permsg-modsequence)}.
 * Naming it is a CONDSTORE enabling command (section 3.1); BAD in a NOMODSEQ mailbox (3.1.2.2).
 */
@Component(service = FetchAttribute.class)
@ImapExtension(ModSeqs.CONDSTORE)
public final class ModSeqItem implements FetchAttribute {

    static final String NAME = "MODSEQ";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void requested(SessionContext session) throws IOException, ImapException {
        ModSeqs.enablingCommand(session);
    }

    @Override
    public void write(SessionContext session, MessageRecord record, ResponseWriter out) throws IOException {
        out.raw("(").number(record.modSeq()).raw(")");
    }
}
