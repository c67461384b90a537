package io.bundlebox.itest.probe;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandFlag;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.ImapCommand;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/** {@code XWRITE}: a command that declares it needs a read-write mailbox (CommandFlag.NEEDS_WRITE). */
@Component(service = CommandHandler.class)
@ImapCommand(name = "XWRITE", states = SessionState.SELECTED, flags = CommandFlag.NEEDS_WRITE)
public class ProbeWriteCommand implements CommandHandler<Object> {

    @Override
    public Object parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.crlf();
        return this;
    }

    @Override
    public Completion handle(Object args, SessionContext session) {
        return Completion.ok("XWRITE wrote to " + session.selectedMailbox().name());
    }
}
