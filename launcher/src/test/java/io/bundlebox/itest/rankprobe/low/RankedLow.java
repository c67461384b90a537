package io.bundlebox.itest.rankprobe.low;

import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.ImapCommand;
import io.bundlebox.itest.rankprobe.RankedCommand;
import org.osgi.service.component.annotations.Component;

/** {@code XRANKED} answering {@code low}, service.ranking 0. */
@Component(service = CommandHandler.class, property = "service.ranking:Integer=0")
@ImapCommand(name = "XRANKED", states = {SessionState.AUTHENTICATED, SessionState.SELECTED})
public class RankedLow extends RankedCommand {

    public RankedLow() {
        super("low");
    }
}
