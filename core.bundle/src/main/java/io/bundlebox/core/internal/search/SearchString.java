package io.bundlebox.core.internal.search;

import java.util.Objects;

/**
 * The string argument of a text search key (RFC 9051 section 6.4.4): a message matches when the
 * string is a substring of the decoded text, compared case-insensitively (ASCII, plus simple
 * Unicode case folding beyond it). The empty string is a substring of everything.
 */
public final class SearchString {

    private final String text;
    /** The needle folded once, so that matching folds only the haystack. */
    private final char[] folded;

    /** @param text the string as the client sent it */
    public SearchString(String text) {
        this.text = Objects.requireNonNull(text, "text");
        this.folded = text.toCharArray();
        for (int i = 0; i < folded.length; i++) {
            folded[i] = fold(folded[i]);
        }
    }

    /** The string as the client sent it. */
    public String text() {
        return text;
    }

    /** Whether the string is empty (matches any text, e.g. presence of a header field). */
    public boolean isEmpty() {
        return text.isEmpty();
    }

    /** Whether the string occurs in {@code haystack}, ignoring case. */
    public boolean foundIn(CharSequence haystack) {
        int n = folded.length;
        if (n == 0) {
            return true;
        }
        char first = folded[0];
        int last = haystack.length() - n;
        outer:
        for (int i = 0; i <= last; i++) {
            if (fold(haystack.charAt(i)) != first) {
                continue;
            }
            for (int j = 1; j < n; j++) {
                if (fold(haystack.charAt(i + j)) != folded[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Simple case folding: ASCII fast path, else upper then lower (folds e.g. final sigma). */
    static char fold(char c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchString s && s.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The string as a quoted IMAP string (for diagnostics and tests). */
    @Override
    public String toString() {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
