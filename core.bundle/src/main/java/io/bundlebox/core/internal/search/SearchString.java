package io.bundlebox.core.internal.search;

import io.bundlebox.core.internal.mime.TextMatcher;
import java.util.Objects;

/**
 * The string argument of a text search key (RFC 9051 section 6.4.4): a message matches when the
 * string is a substring of the decoded text, compared case-insensitively with the simple Unicode
 * case folding of {@link TextMatcher} (the same for header and body text). The empty string is a
 * substring of everything.
 */
public final class SearchString {

    private final String text;

    /** @param text the string as the client sent it */
    public SearchString(String text) {
        this.text = Objects.requireNonNull(text, "text");
    }

    /** The string as the client sent it. */
    public String text() {
        return text;
    }

    /** Whether the string is empty (matches any text, e.g. presence of a header field). */
    public boolean isEmpty() {
        return text.isEmpty();
    }

    /** Whether the string occurs in {@code haystack}, ignoring case as {@link TextMatcher} does. */
    public boolean foundIn(CharSequence haystack) {
        return TextMatcher.contains(haystack.toString(), text);
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
