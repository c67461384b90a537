package io.bundlebox.imap.spi;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What FETCH modifiers (RFC 4466 section 2.4) asked for; filled by {@link FetchModifier}s
 * while the core parses a FETCH command.
 */
public final class FetchOptions {

    private long changedSince = -1;
    private boolean vanished;
    private final Set<String> impliedItems = new LinkedHashSet<>();

    /** Only messages with MODSEQ above this are returned (RFC 7162 CHANGEDSINCE); -1 for all. */
    public long changedSince() {
        return changedSince;
    }

    /** Sets CHANGEDSINCE. */
    public void changedSince(long modSeq) {
        this.changedSince = modSeq;
    }

    /** Whether expunged UIDs are to be reported as VANISHED (EARLIER) (RFC 7162 section 3.2.6). */
    public boolean vanished() {
        return vanished;
    }

    /** Sets VANISHED. */
    public void vanished(boolean on) {
        this.vanished = on;
    }

    /** Extension items the modifiers imply, e.g. MODSEQ for CHANGEDSINCE. */
    public Set<String> impliedItems() {
        return impliedItems;
    }
}
