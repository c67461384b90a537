package io.bundlebox.ext.condstore;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Key;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import java.io.IOException;

/**
 * What the parts of this bundle share: the capability names, the CONDSTORE enabling step of
 * RFC 7162 section 3.1, and whether a mailbox keeps mod-sequences persistently (section 3.1.2.2).
 */
final class ModSeqs {

    static final String CONDSTORE = "CONDSTORE";
    static final String QRESYNC = "QRESYNC";

    /**
     * Set when CONDSTORE came on while a mailbox was selected: its HIGHESTMODSEQ is still to be
     * announced (section 3.1, last paragraph), after the command, by {@link ModSeqObserver}.
     */
    static final Key<Boolean> ANNOUNCE_HIGHESTMODSEQ = Key.of("condstore.announce");

    private ModSeqs() {
    }

    /**
     * A CONDSTORE enabling command (section 3.1): switches CONDSTORE on. In the selected state it
     * also checks that the mailbox has mod-sequences: a NOMODSEQ mailbox refuses the enabling
     * FETCH, SEARCH and STORE forms with BAD (section 3.1.2.2).
     */
    static void enablingCommand(SessionContext session) throws IOException, ImapException {
        Mailbox selected = session.selectedMailbox();
        if (selected != null && !persistent(selected)) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "This mailbox has no mod-sequences (NOMODSEQ)");
        }
        session.enable(CONDSTORE);
    }

    /**
     * Whether the mailbox keeps mod-sequences persistently: a store that does not reports
     * HIGHESTMODSEQ 0, the value RFC 7162 section 3.1.7 gives such a mailbox.
     */
    static boolean persistent(Mailbox mailbox) {
        try {
            return mailbox.snapshot().highestModSeq() > 0;
        } catch (MailStoreException e) {
            return true; // the mailbox is failing, not NOMODSEQ: the command that follows reports it
        }
    }

    /** Whether the session reports mod-sequences in the selected mailbox (CONDSTORE on, mailbox not NOMODSEQ). */
    static boolean reporting(SessionContext session) {
        Mailbox selected = session.selectedMailbox();
        return session.isEnabled(CONDSTORE) && selected != null && persistent(selected);
    }
}
