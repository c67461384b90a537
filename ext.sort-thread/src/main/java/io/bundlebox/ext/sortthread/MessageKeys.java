package io.bundlebox.ext.sortthread;

import io.bundlebox.mailstore.HeaderKeys;
import io.bundlebox.mailstore.MessageRecord;
import io.bundlebox.mime.Address;
import io.bundlebox.mime.Addresses;
import java.util.List;

/**
 * What SORT and THREAD compare of one message, derived once from the store's header keys
 * ({@link HeaderKeys}) and index record: collation keys ({@link Collation}) for the string sort
 * keys, the sent date, the base subject and the Message IDs.
 *
 * @param arrival INTERNALDATE, epoch ms (SORT ARRIVAL)
 * @param size RFC822.SIZE (SORT SIZE)
 * @param sent the sent date of RFC 5256 section 2.2, epoch ms: the Date field in UTC, or
 *     INTERNALDATE when it is missing or unreadable (SORT DATE, threading)
 * @param subject the collation key of the base subject (section 2.1; SORT SUBJECT, threading)
 * @param replyOrForward whether the base subject extraction removed a reply/forward marker
 * @param from collation key of the first From address's addr-mailbox (SORT FROM)
 * @param to the same for To (SORT TO)
 * @param cc the same for Cc (SORT CC)
 * @param displayFrom collation key of RFC 5957 section 3's display value of the first From address
 * @param displayTo the same for To (SORT DISPLAYTO)
 * @param messageId the normalised Message ID, or null when there is no valid one
 * @param references the references of RFC 5256 section 3 (REFERENCES): References' IDs, else
 *     In-Reply-To's first valid ID, else none
 * @param ids {@link #messageId} then {@link #references} as numbers of a {@link MessageIdNumbers}
 *     table (-1 for no Message ID), so threading indexes arrays instead of hashing strings; null
 *     until numbered
 */
record MessageKeys(long arrival, long size, long sent, String subject, boolean replyOrForward, String from,
        String to, String cc, String displayFrom, String displayTo, String messageId, List<String> references,
        int[] ids) {

    /** These keys with {@link #ids} from {@code table}. */
    MessageKeys numbered(MessageIdNumbers table) {
        int[] numbers = new int[1 + references.size()];
        numbers[0] = messageId == null ? -1 : table.number(messageId);
        for (int i = 0; i < references.size(); i++) {
            numbers[i + 1] = table.number(references.get(i));
        }
        return new MessageKeys(arrival, size, sent, subject, replyOrForward, from, to, cc, displayFrom, displayTo,
                messageId, references, numbers);
    }

    /**
     * The keys of a message expunged by another session before its keys were read: an empty
     * message (arrival and sent date 0, no headers), so it sorts first and threads alone.
     */
    static final MessageKeys GONE = new MessageKeys(0, 0, 0, "", false, "", "", "", "", "", null, List.of(), new int[] {-1});

    /** The keys of a message; {@code keys} null (the message vanished) gives empty header keys. */
    static MessageKeys of(MessageRecord record, HeaderKeys keys) {
        long arrival = record.internalDate().toEpochMilli();
        if (keys == null) {
            return new MessageKeys(arrival, record.size(), arrival, "", false, "", "", "", "", "", null, List.of(), new int[] {-1});
        }
        BaseSubject base = BaseSubject.of(keys.subject());
        List<String> refs = MessageIds.all(keys.references());
        if (refs.isEmpty()) {
            String parent = MessageIds.first(keys.inReplyTo());
            refs = parent == null ? List.of() : List.of(parent);
        }
        return new MessageKeys(arrival, record.size(), keys.date() == HeaderKeys.NO_DATE ? arrival : keys.date(),
                Collation.key(base.text()), base.replyOrForward(),
                Collation.key(mailbox(keys.from())), Collation.key(mailbox(keys.to())), Collation.key(mailbox(keys.cc())),
                Collation.key(display(keys.from())), Collation.key(display(keys.to())),
                MessageIds.first(keys.messageId()), List.copyOf(refs), null);
    }

    /** The IMAP addr-mailbox of the first address (RFC 5256 section 3, SORT CC/FROM/TO); "" without. */
    private static String mailbox(List<Address> list) {
        Address a = Addresses.first(list);
        return a == null ? "" : a.mailbox();
    }

    /**
     * RFC 5957 section 3: the decoded display name if non-empty, else {@code mailbox@host}, else
     * the mailbox, else "".
     */
    private static String display(List<Address> list) {
        Address a = Addresses.first(list);
        if (a == null) {
            return "";
        }
        String name = a.displayName();
        if (name != null && !name.isEmpty()) {
            return name;
        }
        return a.addrSpec() == null ? "" : a.addrSpec();
    }
}
