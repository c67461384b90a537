package io.bundlebox.ext.quota;

import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Usage;
import io.bundlebox.mailstore.UsageCounter;
import io.bundlebox.imap.api.ResponseCode;
import java.io.IOException;
import java.util.Optional;

/**
 * The {@code QUOTA} response (RFC 9208 section 4.2.1, grammar {@code quota-response} in section 7):
 * {@code * QUOTA "" (STORAGE 10 512 MESSAGE 3 1000)}, a triplet per limited resource (resource
 * name, usage, limit) in the order STORAGE, MESSAGE, MAILBOX; resources not named are not limited,
 * so a root without limits gives {@code * QUOTA "" ()}.
 */
final class QuotaResponses {

    private QuotaResponses() {
    }

    /**
     * Writes the QUOTA response of the session user's root.
     *
     * @throws ImapException {@code NO [SERVERBUG]} when the store cannot count
     */
    static void quota(SessionContext session, Quotas quotas) throws IOException, ImapException {
        Limits limits = quotas.limits(session);
        Usage usage = null;
        Optional<UsageCounter> counter = quotas.counter(session);
        if (!limits.none() && counter.isPresent()) {
            try {
                usage = counter.get().usage();
            } catch (MailStoreException e) {
                throw ImapException.no(ResponseCode.SERVERBUG, "Cannot count the mailboxes' usage: " + e.getMessage());
            }
        }
        ResponseWriter out = session.out();
        out.untagged().raw("QUOTA ").string(Quotas.ROOT).raw(" (");
        boolean first = true;
        for (Resource r : Resource.values()) {
            if (usage == null || limits.of(r) == 0) {
                continue;
            }
            if (!first) {
                out.sp();
            }
            first = false;
            out.atom(r.name()).sp().number(r.used(usage)).sp().number(limits.of(r));
        }
        out.raw(")").crlf();
    }
}
