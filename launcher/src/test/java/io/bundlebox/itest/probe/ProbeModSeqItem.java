package io.bundlebox.itest.probe;

import io.bundlebox.imap.spi.FetchAttribute;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/** FETCH item {@code XMODSEQ}: the message's MODSEQ as {@code (n)} (exercises FetchAttribute). */
@Component(service = FetchAttribute.class)
public class ProbeModSeqItem implements FetchAttribute {

    @Override
    public String name() {
        return "XMODSEQ";
    }

    @Override
    public void write(SessionContext session, MessageRecord record, ResponseWriter out) throws IOException {
        out.raw("(").number(record.modSeq()).raw(")");
    }
}
