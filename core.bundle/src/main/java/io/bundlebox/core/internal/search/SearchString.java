package io.bundlebox.core.internal.search;

import io.bundlebox.core.internal.mime.TextMatcher;
import java.util.Objects;

/**
 * The string argument of a text search key (RFC 9051 section 6.4.4): a message matches when the
 * string is a substring of the decoded text, compared case-insensitively (see
 * {@link #foundIn}). The empty string is a substring of everything.
 */
public final class SearchString {

    private final String text;
    /** The string lower-cased if it is ASCII, else null: ASCII strings take a copy-free scan. */
    private final char[] asciiLower;

    /** @param text the string as the client sent it */
    public SearchString(String text) {
        this.text = Objects.requireNonNull(text, "text");
        this.asciiLower = asciiLower(text);
    }

    private static char[] asciiLower(String text) {
        char[] lower = new char[text.length()];
        for (int i = 0; i < lower.length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            lower[i] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return lower;
    }

    /** The string as the client sent it. */
    public String text() {
        return text;
    }

    /**
     * Whether the string occurs in {@code haystack}, ignoring case: ASCII case for an ASCII
     * string (as the octet path of body search does), {@link TextMatcher}'s Unicode simple case
     * folding otherwise.
     */
    public boolean foundIn(CharSequence haystack) {
        if (asciiLower == null) {
            return TextMatcher.contains(haystack.toString(), text);
        }
        int n = asciiLower.length;
        if (n == 0) {
            return true;
        }
        int last = haystack.length() - n;
        outer:
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < n; j++) {
                char c = haystack.charAt(i + j);
                if (c >= 'A' && c <= 'Z') {
                    c += 32;
                }
                if (c != asciiLower[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
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
