package io.bundlebox.itest.probe;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.SelectParameter;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailboxSnapshot;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/**
 * SELECT parameter {@code XPROBE}: when given, SELECT also answers
 * {@code * OK [XHIGHESTMODSEQ n]} (exercises SelectParameter).
 */
@Component(service = SelectParameter.class)
public class ProbeSelectParameter implements SelectParameter {

    @Override
    public String name() {
        return "XPROBE";
    }

    @Override
    public Object parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return Boolean.TRUE;
    }

    @Override
    public void selected(SessionContext session, MailboxSnapshot snapshot, Object value) throws IOException {
        if (value != null) {
            session.out().status(null, "OK", ResponseCode.of("XHIGHESTMODSEQ", Long.toString(snapshot.highestModSeq())),
                    "Probe parameter seen");
        }
    }
}
