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
public final class GetQuotaCommand implements CommandHandler<GetQuotaCommand.Args> {

    /** @param root the quota root name asked for */
    public record Args(String root) {
    }

    private final Quotas quotas;

    @Activate
    public GetQuotaCommand(@Reference Quotas quotas) {
        this.quotas = quotas;
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        String root = in.sp().astring();
        in.crlf();
        return new Args(root);
    }

    @Override
    public Completion handle(Args args, SessionContext session) throws IOException, ImapException {
        if (!args.root().equals(Quotas.ROOT)) {
            return Completion.no(ResponseCode.NONEXISTENT, "No such quota root; yours is \"\"");
        }
        QuotaResponses.quota(session, quotas);
        return Completion.ok("GETQUOTA completed");
    }
}
