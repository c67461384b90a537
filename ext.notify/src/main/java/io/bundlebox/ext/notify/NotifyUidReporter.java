package io.bundlebox.ext.notify;

import io.bundlebox.imap.spi.ChangeReporter;
import io.bundlebox.imap.spi.FetchResponse;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/**
 * RFC 5465 section 5.1: with FlagChange on for the selected mailbox, every unsolicited FETCH
 * reporting a flag change carries {@code UID} (added through the core's change reporter).
 */
@Component(service = ChangeReporter.class)
public final class NotifyUidReporter implements ChangeReporter {

    @Override
    public void unsolicited(SessionContext session, MessageRecord record, FetchResponse response) throws IOException {
        Watch w = session.attribute(Watch.KEY);
        if (w != null && w.selectedFlagChanges() && !response.has("UID")) {
            response.item("UID").number(record.uid());
        }
    }
}
