package io.bundlebox.ext.condstore;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.SelectParameter;
import io.bundlebox.imap.spi.ImapExtension;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailboxSnapshot;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code CONDSTORE} SELECT/EXAMINE parameter (RFC 7162 section 3.1.8), a CONDSTORE enabling
 * command, and the {@code * OK [HIGHESTMODSEQ n]} or {@code * OK [NOMODSEQ]} response of section
 * 3.1.2. The RFC asks for it once CONDSTORE is on; it is sent with every SELECT/EXAMINE, as some
 * servers do, because clients such as Jakarta Mail read a mailbox's HIGHESTMODSEQ from the SELECT
 * of a plain {@code open()} before they issue any enabling command.
 */
@Component(service = SelectParameter.class)
@ImapExtension(ModSeqs.CONDSTORE)
public final class CondstoreSelectParameter implements SelectParameter {

    @Override
    public String name() {
        return ModSeqs.CONDSTORE;
    }

    @Override
    public Object parse(ImapReader in, SessionContext session) {
        return Boolean.TRUE;
    }

    @Override
    public void selected(SessionContext session, MailboxSnapshot snapshot, Object value) throws IOException, ImapException {
        if (value != null) {
            session.enable(ModSeqs.CONDSTORE);
        }
        session.attribute(ModSeqs.ANNOUNCE_HIGHESTMODSEQ, null); // announced here
        if (snapshot.highestModSeq() > 0) {
            session.out().status(null, "OK", ResponseCode.of("HIGHESTMODSEQ", Long.toString(snapshot.highestModSeq())),
                    "Highest mailbox mod-sequence");
        } else {
            session.out().status(null, "OK", ResponseCode.of("NOMODSEQ"), "This mailbox has no mod-sequences");
        }
    }
}
