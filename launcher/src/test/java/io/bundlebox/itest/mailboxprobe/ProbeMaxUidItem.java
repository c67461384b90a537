package io.bundlebox.itest.mailboxprobe;

import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.spi.StatusItem;
import io.bundlebox.mailstore.MailboxSnapshot;
import org.osgi.service.component.annotations.Component;

/** STATUS item {@code XMAXUID}: the highest UID in the mailbox, 0 when empty (exercises StatusItem). */
@Component(service = StatusItem.class)
public class ProbeMaxUidItem implements StatusItem {

    @Override
    public String name() {
        return "XMAXUID";
    }

    @Override
    public long value(SessionContext session, MailboxSnapshot snapshot) {
        return snapshot.size() == 0 ? 0 : snapshot.get(snapshot.size() - 1).uid();
    }
}
