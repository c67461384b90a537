package io.bundlebox.itest.rankprobe.high;

import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.ImapCommand;
import io.bundlebox.itest.rankprobe.RankedCommand;
import org.osgi.service.component.annotations.Component;

/** {@code XRANKED} answering {@code high}, service.ranking 10. */
@Component(service = CommandHandler.class, property = "service.ranking:Integer=10")
@ImapCommand(name = "XRANKED", states = {SessionState.AUTHENTICATED, SessionState.SELECTED})
public class RankedHigh extends RankedCommand {

    public RankedHigh() {
        super("high");
    }
}
