package io.bundlebox.imap.spi;

/**
 * What STORE modifiers (RFC 4466 section 2.5) asked for; filled by {@link StoreModifier}s.
 */
public final class StoreOptions {

    private long unchangedSince = Long.MAX_VALUE;

    /** UNCHANGEDSINCE (RFC 7162 section 3.1.3); {@code Long.MAX_VALUE} when not given. */
    public long unchangedSince() {
        return unchangedSince;
    }

    /** Sets UNCHANGEDSINCE. */
    public void unchangedSince(long modSeq) {
        this.unchangedSince = modSeq;
    }

    /** Whether a conditional store was requested. */
    public boolean conditional() {
        return unchangedSince != Long.MAX_VALUE;
    }
}
