package io.bundlebox.itest.probe;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SequenceSet;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.spi.StoreModifier;
import io.bundlebox.imap.spi.StoreOptions;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.StoreResult;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
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
        long since = in.number64();
        options.operation(new StoreOptions.Operation() {
            @Override
            public StoreResult store(SessionContext s, Mailbox mailbox, long[] uids, Mailbox.FlagMode mode,
                    Set<String> flags) throws MailStoreException {
                return mailbox.store(uids, mode, flags, since);
            }

            @Override
            public ResponseCode code(SessionContext s, StoreResult result, boolean uidForm) {
                if (result.modifiedUids().length == 0) {
                    return null;
                }
                long[] named = uidForm ? result.modifiedUids()
                        : Arrays.stream(result.modifiedUids()).map(s::sequenceOf).filter(n -> n > 0).sorted().toArray();
                return ResponseCode.of("MODIFIED", SequenceSet.format(named));
            }
        });
    }
}
