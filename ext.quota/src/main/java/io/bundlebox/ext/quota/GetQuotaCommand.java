package io.bundlebox.ext.quota;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
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
 * {@code GETQUOTA} (RFC 9208 section 4.1.1): {@code getquota = "GETQUOTA" SP quota-root-name},
 * answered with the root's {@code * QUOTA} response (section 4.2.1). The only root a user has is
 * their own, {@code ""}; any other name gets {@code NO [NONEXISTENT]} ("no such quota root"),
 * so no other user's usage is disclosed (section 8).
 */
@Component(service = CommandHandler.class)
@ImapCommand(name = "GETQUOTA", states = {SessionState.AUTHENTICATED, SessionState.SELECTED}, capability = "QUOTA")
public final class GetQuotaCommand extends QuotaQuery {

    @Activate
    public GetQuotaCommand(@Reference Quotas quotas) {
        super(quotas);
    }

    @Override
    String argument(ImapReader in) throws IOException, ImapException {
        return in.astring();
    }

    @Override
    Completion before(String root, SessionContext session) throws IOException, ImapException {
        if (!root.equals(Quotas.ROOT)) {
            return Completion.no(ResponseCode.NONEXISTENT, "No such quota root; yours is \"\"");
        }
        return null;
    }

    @Override
    String done() {
        return "GETQUOTA completed";
    }
}
