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
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code SETQUOTA} (RFC 9208 section 4.1.3):
 * {@code setquota = "SETQUOTA" SP quota-root-name SP setquota-list},
 * {@code setquota-list = "(" [setquota-resource *(SP setquota-resource)] ")"},
 * {@code setquota-resource = resource-name SP resource-limit}. Replaces every limit of the root:
 * resources not listed become unlimited. Answers the new {@code * QUOTA} response.
 *
 * <p>Only the administrators named in the configuration key {@code admins} may use it, on their
 * own root {@code ""}; anyone else gets {@code NO [NOPERM]}. The limits are saved as the
 * {@code user.NAME.*} keys of {@code conf/io.bundlebox.ext.quota.cfg}; in a tenant whose file sets
 * {@code user.NAME.*} keys of this user the file's limits would win, so SETQUOTA answers
 * {@code NO [CANNOT]} there. The administrators of a tenant are its file's {@code admins} when it
 * has that key. Errors: BAD for a syntax
 * error or a resource named twice; {@code NO [NONEXISTENT]} for another root; {@code NO [CANNOT]}
 * for a resource not offered here (e.g. ANNOTATION-STORAGE) and for a limit of 0 (which the RFC
 * defines as "nothing allowed" and the configuration cannot express: leave the resource out for
 * no limit, or give 1).
 */
@Component(service = CommandHandler.class)
@ImapCommand(name = "SETQUOTA", states = {SessionState.AUTHENTICATED, SessionState.SELECTED}, capability = "QUOTASET")
public final class SetQuotaCommand implements CommandHandler<SetQuotaCommand.Args> {

    /**
     * @param root the quota root name
     * @param limits resource names (upper case) to limits, in the order given
     */
    public record Args(String root, Map<String, Long> limits) {
        public Args {
            limits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(limits));
        }
    }

    private final Quotas quotas;

    @Activate
    public SetQuotaCommand(@Reference Quotas quotas) {
        this.quotas = quotas;
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        String root = in.sp().astring();
        in.sp().expect('(');
        Map<String, Long> limits = new LinkedHashMap<>();
        if (!in.skipIf(')')) {
            do {
                String resource = in.keyword();
                long limit = in.sp().number64();
                if (limits.put(resource, limit) != null) {
                    throw ImapException.bad(ResponseCode.CLIENTBUG, "Resource " + resource + " given twice");
                }
            } while (in.skipIf(' '));
            in.expect(')');
        }
        in.crlf();
        return new Args(root, limits);
    }

    @Override
    public Completion handle(Args args, SessionContext session) throws IOException, ImapException {
        if (!quotas.isAdmin(session)) {
            return Completion.no(ResponseCode.NOPERM, "Only quota administrators may set quotas");
        }
        if (!args.root().equals(Quotas.ROOT)) {
            return Completion.no(ResponseCode.NONEXISTENT, "No such quota root; yours is \"\"");
        }
        Map<Resource, Long> wanted = new java.util.EnumMap<>(Resource.class);
        for (Map.Entry<String, Long> e : args.limits().entrySet()) {
            Resource r = Resource.named(e.getKey());
            if (r == null) {
                return Completion.no(ResponseCode.CANNOT, "Resource " + e.getKey() + " cannot be limited here");
            }
            if (e.getValue() == 0) {
                return Completion.no(ResponseCode.CANNOT, "A limit of 0 cannot be set; leave " + r + " out for no limit");
            }
            wanted.put(r, e.getValue());
        }
        quotas.setLimits(session, Limits.of(wanted));
        QuotaResponses.quota(session, quotas);
        return Completion.ok("SETQUOTA completed");
    }
}
