package io.bundlebox.mailstore;

import java.util.List;

/**
 * The outcome of a flag change.
 *
 * @param records the messages named by the request that still exist, in their state after
 *     the change (changed or not), ascending by UID
 * @param modifiedUids UIDs refused because their MODSEQ exceeded UNCHANGEDSINCE (RFC 7162 section 3.1.3)
 * @param highestModSeq the mailbox's HIGHESTMODSEQ afterwards
 */
public record StoreResult(List<MessageRecord> records, long[] modifiedUids, long highestModSeq) {

    public StoreResult {
        records = List.copyOf(records);
    }
}
