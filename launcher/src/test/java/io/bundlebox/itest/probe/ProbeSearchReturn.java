package io.bundlebox.itest.probe;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.SearchReturnOption;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.ResponseWriter;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/**
 * SEARCH RETURN option {@code XFIRST n}: ESEARCH data {@code XFIRST (a b ...)} with the first n
 * matches (exercises SearchReturnOption).
 */
@Component(service = SearchReturnOption.class)
public class ProbeSearchReturn implements SearchReturnOption {

    @Override
    public String name() {
        return "XFIRST";
    }

    @Override
    public Object parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return in.sp().number();
    }

    @Override
    public void write(ResponseWriter out, Object value, long[] matches) throws IOException {
        out.raw("XFIRST (");
        for (int i = 0; i < Math.min(matches.length, (Long) value); i++) {
            if (i > 0) {
                out.sp();
            }
            out.number(matches[i]);
        }
        out.raw(")");
    }
}
