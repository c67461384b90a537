package io.bundlebox.itest.probe;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.FetchModifier;
import io.bundlebox.imap.spi.FetchOptions;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
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
        options.changedSince(in.number64());
        options.impliedItems().add("XMODSEQ");
    }
}
