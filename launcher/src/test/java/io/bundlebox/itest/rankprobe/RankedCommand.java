package io.bundlebox.itest.rankprobe;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;

/** {@code XRANKED}: answers {@code * XRANKED who}; built into both rank probe bundles. */
public abstract class RankedCommand implements CommandHandler<Void> {

    private final String who;

    protected RankedCommand(String who) {
        this.who = who;
    }

    @Override
    public Void parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.crlf();
        return null;
    }

    @Override
    public Completion handle(Void args, SessionContext session) throws IOException {
        session.out().untagged().raw("XRANKED " + who).crlf();
        return Completion.ok("XRANKED done");
    }
}
