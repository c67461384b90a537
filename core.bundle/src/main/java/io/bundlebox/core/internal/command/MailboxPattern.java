package io.bundlebox.core.internal.command;

import io.bundlebox.imap.api.MailboxName;

/**
 * A canonical LIST pattern (RFC 9051 section 6.3.9): the reference name followed by the mailbox
 * pattern, matched against {@code /}-delimited mailbox names. {@code *} matches any run of
 * characters, {@code %} any run without the hierarchy delimiter. Bundlebox has no break-out
 * characters, so the canonical form is simply the concatenation. Shared by LIST and LSUB.
 *
 * <p>The inbox is matched case-insensitively: the RFC says INBOX is listed when the upper-case
 * string "INBOX" matches, so {@code inbox}, {@code In%} and {@code inbox/%} all reach it.
 * Matching is linear in pattern × name length (no backtracking blow-up on {@code *a*a*a*b}).
 */
final class MailboxPattern {

    private final String pattern;

    private MailboxPattern(String pattern) {
        this.pattern = pattern;
    }

    /** The canonical pattern for {@code reference} and {@code mailboxPattern}. */
    static MailboxPattern of(String reference, String mailboxPattern) {
        return new MailboxPattern(reference + mailboxPattern);
    }

    /** The canonical pattern text. */
    String text() {
        return pattern;
    }

    /**
     * Whether hierarchy levels that are no mailbox themselves are listed too: the RFC asks for
     * them when {@code %} is the last character of the pattern.
     */
    boolean listsLevels() {
        return pattern.endsWith("%");
    }

    /** Whether {@code name} matches. */
    boolean matches(String name) {
        int inboxChars = isInboxOrInferior(name) ? MailboxName.INBOX.length() : 0;
        int n = name.length();
        // matched[j]: the pattern so far matches the first j characters of the name
        boolean[] matched = new boolean[n + 1];
        boolean[] next = new boolean[n + 1];
        matched[0] = true;
        for (int i = 0; i < pattern.length(); i++) {
            char p = pattern.charAt(i);
            boolean run = false;
            for (int j = 0; j <= n; j++) {
                switch (p) {
                    case '*' -> {
                        run |= matched[j];
                        next[j] = run;
                    }
                    case '%' -> {
                        run = matched[j] || (run && name.charAt(j - 1) != MailboxName.DELIMITER);
                        next[j] = run;
                    }
                    default -> next[j] = j > 0 && matched[j - 1] && same(p, name.charAt(j - 1), j - 1 < inboxChars);
                }
            }
            boolean[] t = matched;
            matched = next;
            next = t;
        }
        return matched[n];
    }

    private static boolean same(char patternChar, char nameChar, boolean ignoreCase) {
        return patternChar == nameChar
                || ignoreCase && Character.toUpperCase(patternChar) == Character.toUpperCase(nameChar);
    }

    private static boolean isInboxOrInferior(String name) {
        return name.equals(MailboxName.INBOX) || name.startsWith(MailboxName.INBOX + MailboxName.DELIMITER);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
