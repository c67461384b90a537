package io.bundlebox.ext.quota;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;

/**
 * What GETQUOTA and GETQUOTAROOT share (RFC 9208 sections 4.1.1 and 4.1.2): one argument after
 * the command name, then an answer ending in the user's {@code * QUOTA} response.
 */
abstract class QuotaQuery implements CommandHandler<QuotaQuery.Arg> {

    /** @param value the argument as decoded (a quota root name or a mailbox name) */
    record Arg(String value) {
    }

    final Quotas quotas;

    QuotaQuery(Quotas quotas) {
        this.quotas = quotas;
    }

    /** Reads the argument ({@code astring} or {@code mailbox}), the reader just past the SP. */
    abstract String argument(ImapReader in) throws IOException, ImapException;

    /** Writes what comes before the QUOTA response, or refuses; null to go on. */
    abstract Completion before(String argument, SessionContext session) throws IOException, ImapException;

    /** The text of the tagged OK. */
    abstract String done();

    @Override
    public final Arg parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        String value = argument(in.sp());
        in.crlf();
        return new Arg(value);
    }

    @Override
    public final Completion handle(Arg arg, SessionContext session) throws IOException, ImapException {
        Completion refused = before(arg.value(), session);
        if (refused != null) {
            return refused;
        }
        QuotaResponses.quota(session, quotas);
        return Completion.ok(done());
    }
}
