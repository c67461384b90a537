package io.bundlebox.ext.quota;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.ImapCommand;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GETQUOTAROOT} (RFC 9208 section 4.1.2): {@code getquotaroot = "GETQUOTAROOT" SP mailbox},
 * answered {@code * QUOTAROOT mailbox ""} (section 4.2.2) and {@code * QUOTA "" (...)}: every
 * mailbox of a user, existing or not yet (the RFC allows asking for a mailbox before creating
 * it), is in the user's root {@code ""}. Costs one look at the store's usage counters (no
 * directory or message is visited).
 */
@Component(service = CommandHandler.class)
@ImapCommand(name = "GETQUOTAROOT", states = {SessionState.AUTHENTICATED, SessionState.SELECTED}, capability = "QUOTA")
public final class GetQuotaRootCommand extends QuotaQuery {

    @Activate
    public GetQuotaRootCommand(@Reference Quotas quotas) {
        super(quotas);
    }

    @Override
    String argument(ImapReader in) throws IOException, ImapException {
        return in.mailbox();
    }

    @Override
    Completion before(String mailbox, SessionContext session) throws IOException, ImapException {
        session.out().untagged().raw("QUOTAROOT ").mailbox(mailbox).sp().string(Quotas.ROOT).crlf();
        return null;
    }

    @Override
    String done() {
        return "GETQUOTAROOT completed";
    }
}
