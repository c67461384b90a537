package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.AppendGuard;

/** Asks every {@link AppendGuard} extension before messages are added (APPEND, COPY, MOVE). */
final class AppendGuards {

    private AppendGuards() {
    }

    /**
     * @throws ImapException the first guard's refusal, e.g. {@code NO [OVERQUOTA]} (RFC 9208 section 5)
     */
    static void check(Session session, String mailbox, int messages, long octets) throws ImapException {
        for (var guard : session.extensions().all(AppendGuard.class)) {
            session.used(guard.bundleId());
            guard.service().check(session, mailbox, messages, octets);
        }
    }
}
