package io.bundlebox.itest.probe;

import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.ImapCommand;
import io.bundlebox.imap.spi.MailboxEvents;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailboxChange;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * A mailbox-event subscriber (exercises MailboxEvents): records every change in the mailboxes of
 * user {@code probe}; command {@code XEVENTS} lists what it received as
 * {@code * XEVENTS kind mailbox uids modseq}.
 */
@Component(service = CommandHandler.class)
@ImapCommand(name = "XEVENTS", states = {SessionState.AUTHENTICATED, SessionState.SELECTED})
public class ProbeEventCounter implements CommandHandler<Object> {

    private final List<MailboxChange> received = new CopyOnWriteArrayList<>();
    private MailboxEvents.Subscription subscription;

    @Reference
    private MailboxEvents events;

    @Activate
    void activate() {
        subscription = events.subscribe("default", "probe", null, received::add, () -> { });
    }

    @Deactivate
    void deactivate() {
        subscription.close();
    }

    @Override
    public Object parse(ImapReader in, SessionContext session) throws IOException, io.bundlebox.imap.api.ImapException {
        in.crlf();
        return null;
    }

    @Override
    public Completion handle(Object args, SessionContext session) throws IOException {
        for (MailboxChange c : received) {
            session.out().untagged().raw("XEVENTS " + c.kind() + " ").string(c.mailbox())
                    .raw(" " + Arrays.toString(c.uids()).replace(" ", "") + " " + c.modSeq()).crlf();
        }
        return Completion.ok("XEVENTS done");
    }
}
