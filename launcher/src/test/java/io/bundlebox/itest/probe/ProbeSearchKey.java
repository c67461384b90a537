package io.bundlebox.itest.probe;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.SearchKeyParser;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Component;

/** SEARCH key {@code XMODSEQ n}: messages whose MODSEQ is at least n (exercises SearchKeyParser). */
@Component(service = SearchKeyParser.class)
public class ProbeSearchKey implements SearchKeyParser {

    @Override
    public String key() {
        return "XMODSEQ";
    }

    @Override
    public Predicate<MessageRecord> parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        long min = in.sp().number64();
        return r -> r.modSeq() >= min;
    }
}
