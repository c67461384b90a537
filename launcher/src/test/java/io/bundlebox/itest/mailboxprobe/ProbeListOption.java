package io.bundlebox.itest.mailboxprobe;

import io.bundlebox.imap.spi.ListReturnOption;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ResponseWriter;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/** LIST return option {@code XMETA}: writes {@code * XMETA mailbox "probe"} (exercises ListReturnOption). */
@Component(service = ListReturnOption.class)
public class ProbeListOption implements ListReturnOption {

    @Override
    public String name() {
        return "XMETA";
    }

    @Override
    public void afterList(SessionContext session, String mailbox, ResponseWriter out) throws IOException {
        out.untagged().raw("XMETA ").mailbox(mailbox).raw(" \"probe\"").crlf();
    }
}
