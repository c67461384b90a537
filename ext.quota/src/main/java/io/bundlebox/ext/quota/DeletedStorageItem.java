package io.bundlebox.ext.quota;

import io.bundlebox.imap.api.Flag;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.spi.StatusItem;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.Usage;
import org.osgi.service.component.annotations.Component;

/**
 * The STATUS item {@code DELETED-STORAGE} (RFC 9208 section 4.1.4, required with
 * {@code QUOTA=RES-STORAGE}): the storage an EXPUNGE of the mailbox would free, exactly, in the
 * STORAGE resource's units of 1,024 octets (section 5.1), rounded up: the sizes of the messages
 * carrying {@code \Deleted}, from the index (no walk when none carries it). (The companion item {@code DELETED}, required with
 * {@code QUOTA=RES-MESSAGE}, is RFC 9051's own and the core's.)
 */
@Component(service = StatusItem.class)
public final class DeletedStorageItem implements StatusItem {

    @Override
    public String name() {
        return "DELETED-STORAGE";
    }

    @Override
    public long value(SessionContext session, MailboxSnapshot snapshot) {
        // the snapshot's tally knows how many carry \Deleted: none (the usual case) needs no walk,
        // and the walk reads the flag sets beside the records and stops after the last of them
        int left = snapshot.count(Flag.DELETED);
        long octets = 0;
        for (int i = 0; left > 0 && i < snapshot.size(); i++) {
            if (snapshot.flags(i).contains(Flag.DELETED)) {
                octets += snapshot.get(i).size();
                left--;
            }
        }
        return new Usage(0, octets, 0).kibibytes();
    }
}
