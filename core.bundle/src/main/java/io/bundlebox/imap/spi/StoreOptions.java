package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.StoreResult;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What the STORE modifiers of one command (RFC 4466 section 2.5) asked for; filled by
 * {@link StoreModifier}s. A modifier may take over the flag change itself, e.g. to make it
 * conditional (RFC 7162 section 3.1.3).
 */
public final class StoreOptions {

    /** Performs a STORE in place of the core's unconditional flag change. */
    @ConsumerType
    public interface Operation {
        /**
         * Changes the flags.
         *
         * @param uids ascending UIDs in the client's view
         * @return the store's result (records as they are now, UIDs left alone)
         */
        StoreResult store(SessionContext session, Mailbox mailbox, long[] uids, Mailbox.FlagMode mode, Set<String> flags)
                throws MailStoreException;

        /**
         * The response code of the tagged OK, or null for none (e.g. {@code MODIFIED 7,9}).
         *
         * @param uidForm true for UID STORE (codes then name UIDs, else sequence numbers)
         */
        ResponseCode code(SessionContext session, StoreResult result, boolean uidForm);
    }

    private Operation operation;

    /**
     * Takes over the flag change.
     *
     * @throws ImapException BAD when another modifier already did (one conditional STORE at a time)
     */
    public void operation(Operation op) throws ImapException {
        if (operation != null) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "Only one modifier may change how STORE stores");
        }
        this.operation = op;
    }

    /** The operation that takes over the flag change, or null for the core's own. */
    public Operation operation() {
        return operation;
    }
}
