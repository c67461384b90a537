package io.bundlebox.ext.sortthread;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Key;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.mailstore.HeaderKeys;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import java.util.HashMap;
import java.util.Map;

/**
 * A session's {@link MessageKeys} of its selected mailbox, so that a client sorting the same
 * mailbox again does not derive them again. The keys themselves come from the store's index in
 * one bulk call ({@link Mailbox#headerKeys}); this memo only holds what was derived from them.
 * It belongs to one session (nothing crosses sessions or tenants) and one mailbox handle and
 * UIDVALIDITY; selecting another mailbox replaces it.
 */
final class KeyMemo {

    private static final Key<KeyMemo> KEY = Key.of("sort-thread.keys");

    private final Mailbox mailbox;
    private final long uidValidity;
    private final Map<Long, MessageKeys> byUid = new HashMap<>();

    private KeyMemo(Mailbox mailbox, long uidValidity) {
        this.mailbox = mailbox;
        this.uidValidity = uidValidity;
    }

    /**
     * The keys of {@code uids} (messages the search just found) in the selected mailbox.
     *
     * @param stop checked between batches; a stopped extension ends the command
     * @throws ImapException NO with the store's code when the index cannot be read
     */
    static MessageKeys[] keys(SessionContext session, long[] uids, Stop stop) throws ImapException {
        Mailbox mailbox = session.selectedMailbox();
        if (mailbox == null) {
            throw ImapException.no("No mailbox selected");
        }
        KeyMemo memo = session.attribute(KEY);
        if (memo == null || memo.mailbox != mailbox || memo.uidValidity != mailbox.uidValidity()) {
            memo = new KeyMemo(mailbox, mailbox.uidValidity());
            session.attribute(KEY, memo);
        }
        try {
            return memo.lookup(uids, stop);
        } catch (MailStoreException e) {
            throw ImapException.no(e.code(), e.getMessage());
        }
    }

    private MessageKeys[] lookup(long[] uids, Stop stop) throws MailStoreException, ImapException {
        MessageKeys[] out = new MessageKeys[uids.length];
        int missing = 0;
        long[] wanted = new long[uids.length];
        for (int i = 0; i < uids.length; i++) {
            out[i] = byUid.get(uids[i]);
            if (out[i] == null) {
                wanted[missing++] = uids[i];
            }
        }
        if (missing == 0) {
            return out;
        }
        MailboxSnapshot snapshot = mailbox.snapshot();
        final int batch = 4096;
        for (int from = 0; from < missing; from += batch) {
            stop.check();
            long[] part = java.util.Arrays.copyOfRange(wanted, from, Math.min(missing, from + batch));
            HeaderKeys[] keys = mailbox.headerKeys(part);
            for (int i = 0; i < part.length; i++) {
                MessageRecord r = snapshot.byUid(part[i]);
                if (r != null) {
                    byUid.put(part[i], MessageKeys.of(r, keys[i]));
                }
            }
        }
        for (int i = 0; i < uids.length; i++) {
            if (out[i] == null) {
                out[i] = byUid.get(uids[i]);
                if (out[i] == null) { // expunged since the search: it sorts as an empty message
                    throw new ImapException(ImapException.Kind.NO, ResponseCode.EXPUNGEISSUED,
                            "A message was expunged while sorting; try again");
                }
            }
        }
        return out;
    }

    /** Ends a command whose extension is going away. */
    @FunctionalInterface
    interface Stop {
        void check() throws ImapException;
    }
}
