package io.bundlebox.ext.condstore;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SequenceSet;
import io.bundlebox.imap.spi.FetchModifier;
import io.bundlebox.imap.spi.FetchOptions;
import io.bundlebox.imap.spi.Key;
import io.bundlebox.imap.spi.ImapExtension;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import java.io.IOException;
import java.util.Arrays;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code VANISHED} UID FETCH modifier (RFC 7162 section 3.2.6): before the FETCH responses,
 * {@code * VANISHED (EARLIER) uid-set} names the UIDs of the command's set expunged after the
 * CHANGEDSINCE value. BAD with FETCH (not UID FETCH), without CHANGEDSINCE, or before
 * {@code ENABLE QRESYNC}. In the UID set {@code *} stands for the highest UID ever given
 * (UIDNEXT - 1), not the highest one left: an expunged highest UID is reported too.
 */
@Component(service = FetchModifier.class)
@ImapExtension(ModSeqs.QRESYNC)
public final class VanishedModifier implements FetchModifier {

    private static final Key<Boolean> GIVEN = Key.of("qresync.vanished");

    @Override
    public String name() {
        return "VANISHED";
    }

    @Override
    public void parse(ImapReader in, SessionContext session, FetchOptions options) throws ImapException {
        if (!session.isEnabled(ModSeqs.QRESYNC)) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "VANISHED needs ENABLE QRESYNC first");
        }
        options.put(GIVEN, Boolean.TRUE);
    }

    @Override
    public void validate(SessionContext session, FetchOptions options) throws ImapException {
        if (!options.uidForm()) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "VANISHED is allowed with UID FETCH only");
        }
        Long since = options.get(ChangedSinceModifier.SINCE);
        if (since == null) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "VANISHED needs CHANGEDSINCE");
        }
        options.before((s, set) -> report(s, s.selectedMailbox(), set, since));
    }

    /** Writes {@code * VANISHED (EARLIER) ...} for the UIDs of {@code set} expunged after {@code since}; nothing if none. */
    static void report(SessionContext session, Mailbox mailbox, SequenceSet set, long since)
            throws IOException, MailStoreException {
        long highestEver = mailbox.snapshot().uidNext() - 1;
        long[] gone = Arrays.stream(mailbox.changesSince(since).expunged())
                .filter(u -> set.contains(u, highestEver)).toArray();
        if (gone.length > 0) {
            session.out().untagged().raw("VANISHED (EARLIER) ").raw(SequenceSet.format(gone)).crlf();
        }
    }
}
