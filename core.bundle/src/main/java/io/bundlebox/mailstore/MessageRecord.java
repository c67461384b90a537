package io.bundlebox.mailstore;

import java.time.Instant;
import java.util.Set;

/**
 * What the index knows about one message, without opening its file.
 *
 * @param uid the UID (RFC 9051 section 2.3.1.1), 1 or more
 * @param flags system flags in canonical spelling (e.g. {@code \Seen}) and keywords; never
 *     {@code \Recent}; immutable
 * @param internalDate INTERNALDATE (section 2.3.3)
 * @param size RFC822.SIZE in octets (section 2.3.4), the exact length of the stored message
 * @param modSeq the MODSEQ of the last change to this message (RFC 7162 section 3.1.1)
 * @param saveDate when the message was saved into this mailbox (RFC 8514), or null
 */
public record MessageRecord(long uid, Set<String> flags, Instant internalDate, long size, long modSeq,
        Instant saveDate) {

    public MessageRecord {
        flags = Set.copyOf(flags);
    }

    /** Whether the message carries {@code flag} (given in canonical spelling). */
    public boolean has(String flag) {
        return flags.contains(flag);
    }
}
