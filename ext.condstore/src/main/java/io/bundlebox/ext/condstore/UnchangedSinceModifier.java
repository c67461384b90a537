package io.bundlebox.ext.condstore;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SequenceSet;
import io.bundlebox.imap.spi.ImapExtension;
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

/**
 * The {@code UNCHANGEDSINCE mod-sequence-valzer} STORE modifier (RFC 7162 section 3.1.3): the
 * flags of a message change only if its MODSEQ is at most the value, decided by the store
 * atomically per message (so a STORE racing another session's is either applied or refused,
 * never half); the refused ones are named in the tagged {@code OK [MODIFIED set]} (sequence
 * numbers for STORE, UIDs for UID STORE). A CONDSTORE enabling command, so the changed messages
 * are answered with FETCH responses carrying MODSEQ even for {@code .SILENT}.
 */
@Component(service = StoreModifier.class)
@ImapExtension(ModSeqs.CONDSTORE)
public final class UnchangedSinceModifier implements StoreModifier {

    @Override
    public String name() {
        return "UNCHANGEDSINCE";
    }

    @Override
    public void parse(ImapReader in, SessionContext session, StoreOptions options) throws IOException, ImapException {
        in.sp();
        long since = in.number64();
        ModSeqs.enablingCommand(session);
        options.operation(new Conditional(since));
    }

    private record Conditional(long since) implements StoreOptions.Operation {

        @Override
        public StoreResult store(SessionContext session, Mailbox mailbox, long[] uids, Mailbox.FlagMode mode,
                Set<String> flags) throws MailStoreException {
            return mailbox.store(uids, mode, flags, since);
        }

        @Override
        public ResponseCode code(SessionContext session, StoreResult result, boolean uidForm) {
            long[] refused = uidForm ? result.modifiedUids()
                    : Arrays.stream(result.modifiedUids()).map(session::sequenceOf).filter(n -> n > 0).toArray();
            if (refused.length == 0) {
                return null;
            }
            Arrays.sort(refused);
            return ResponseCode.of("MODIFIED", SequenceSet.format(refused));
        }
    }
}
