package io.bundlebox.itest.probe;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.FetchModifier;
import io.bundlebox.imap.spi.FetchOptions;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import java.util.Arrays;
import org.osgi.service.component.annotations.Component;

/** FETCH modifier {@code XCHANGEDSINCE n}: only messages changed after MODSEQ n (exercises FetchModifier). */
@Component(service = FetchModifier.class)
public class ProbeChangedSince implements FetchModifier {

    @Override
    public String name() {
        return "XCHANGEDSINCE";
    }

    @Override
    public void parse(ImapReader in, SessionContext session, FetchOptions options) throws IOException, ImapException {
        in.sp();
        long since = in.number64();
        options.impliedItems().add("XMODSEQ");
        options.narrow((s, uids) -> {
            MailboxSnapshot snap = s.selectedMailbox().snapshot();
            return Arrays.stream(uids).filter(u -> {
                MessageRecord r = snap.byUid(u);
                return r != null && r.modSeq() > since;
            }).toArray();
        });
    }
}
