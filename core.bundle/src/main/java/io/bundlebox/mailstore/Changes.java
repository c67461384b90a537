package io.bundlebox.mailstore;

import java.util.List;

/**
 * What changed in a mailbox after a given MODSEQ (RFC 7162 sections 3.1.4 and 3.2.5.2).
 *
 * @param changed messages added or whose flags changed, ascending by UID, current state
 * @param expunged UIDs expunged after that MODSEQ, ascending; when the store no longer knows
 *     (its expunge log was pruned), every UID below UIDNEXT not present, as RFC 7162 allows
 * @param highestModSeq the mailbox's HIGHESTMODSEQ now
 */
public record Changes(List<MessageRecord> changed, long[] expunged, long highestModSeq) {

    public Changes {
        changed = List.copyOf(changed);
    }
}
