package io.bundlebox.itest.probe;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.ImapCommand;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/** A new command, {@code XPROBE text}: answers {@code * XPROBE text} (exercises CommandHandler). */
@Component(service = CommandHandler.class)
@ImapCommand(name = "XPROBE", states = {SessionState.AUTHENTICATED, SessionState.SELECTED})
public class ProbeCommand implements CommandHandler<String> {

    @Override
    public String parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.sp();
        String text = in.astring();
        in.crlf();
        return text;
    }

    @Override
    public Completion handle(String text, SessionContext session) throws IOException {
        session.out().untagged().raw("XPROBE ").string(text).crlf();
        return Completion.ok("XPROBE done for " + session.user());
    }
}
