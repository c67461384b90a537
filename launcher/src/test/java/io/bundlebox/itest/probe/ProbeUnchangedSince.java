package io.bundlebox.itest.probe;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.spi.StoreModifier;
import io.bundlebox.imap.spi.StoreOptions;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/** STORE modifier {@code XUNCHANGEDSINCE n}: a conditional STORE (exercises StoreModifier). */
@Component(service = StoreModifier.class)
public class ProbeUnchangedSince implements StoreModifier {

    @Override
    public String name() {
        return "XUNCHANGEDSINCE";
    }

    @Override
    public void parse(ImapReader in, SessionContext session, StoreOptions options) throws IOException, ImapException {
        in.sp();
        options.unchangedSince(in.number64());
    }
}
