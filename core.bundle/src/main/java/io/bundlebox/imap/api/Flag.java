package io.bundlebox.imap.api;

import java.util.Locale;
import java.util.Set;

/**
 * System flags and keyword rules (RFC 9051 sections 2.3.2 and 9: {@code flag},
 * {@code flag-keyword}). Flags travel as strings in their canonical spelling: system flags
 * with their backslash and capitalisation as below, keywords as the client wrote them.
 */
public final class Flag {

    public static final String SEEN = "\\Seen";
    public static final String ANSWERED = "\\Answered";
    public static final String FLAGGED = "\\Flagged";
    public static final String DELETED = "\\Deleted";
    public static final String DRAFT = "\\Draft";
    /** Session-only flag; never stored (section 2.3.2). */
    public static final String RECENT = "\\Recent";

    /** The system flags a client may set. */
    public static final Set<String> SYSTEM = Set.of(ANSWERED, FLAGGED, DELETED, SEEN, DRAFT);

    /** The system flags in the order the FLAGS response lists them (RFC 9051 section 7.3.5). */
    public static final java.util.List<String> SYSTEM_ORDERED = java.util.List.of(ANSWERED, FLAGGED, DELETED, SEEN, DRAFT);

    private Flag() {
    }

    /**
     * The canonical spelling of a flag: a system flag in its RFC capitalisation (flags are
     * case-insensitive, section 2.3.2), a keyword unchanged.
     *
     * @throws IllegalArgumentException for an unknown flag starting with a backslash
     */
    public static String canonical(String flag) {
        if (!flag.startsWith("\\")) {
            return flag;
        }
        switch (flag.toLowerCase(Locale.ROOT)) {
            case "\\seen": return SEEN;
            case "\\answered": return ANSWERED;
            case "\\flagged": return FLAGGED;
            case "\\deleted": return DELETED;
            case "\\draft": return DRAFT;
            case "\\recent": return RECENT;
            default: throw new IllegalArgumentException("unknown system flag " + flag);
        }
    }

    /** True for a system flag (one beginning with a backslash). */
    public static boolean isSystem(String flag) {
        return flag.startsWith("\\");
    }
}
