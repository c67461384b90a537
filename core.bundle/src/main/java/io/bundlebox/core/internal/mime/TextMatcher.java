package io.bundlebox.core.internal.mime;

/**
 * Case-insensitive substring search over text that arrives in chunks (SEARCH, RFC 9051
 * section 6.4.4): a match may straddle chunk boundaries.
 *
 * <p>Case-insensitivity is simple (1:1, per code point) Unicode case folding approximated as
 * {@code Character.toLowerCase(Character.toUpperCase(cp))}: it needs no context, so a chunk
 * boundary never changes the result, and it folds e.g. final sigma, Kelvin sign and dotted
 * capital I. Full foldings that change length (German sharp s to "ss") are not applied.
 *
 * <p>Memory: the folded needle and the last {@code needle.length() - 1} chars seen.
 */
public final class TextMatcher {

    private final String needle;
    private final StringBuilder window = new StringBuilder();
    private char pendingHighSurrogate;
    private boolean matched;

    /** @param needle the text searched for; the empty needle matches everything */
    public TextMatcher(String needle) {
        this.needle = fold(needle);
        this.matched = this.needle.isEmpty();
    }

    /**
     * Feeds the next chunk of the text.
     *
     * @return true once the needle has been seen (stays true until {@link #reset()})
     */
    public boolean feed(CharSequence chunk) {
        if (matched) {
            return true;
        }
        int start = window.length();
        if (pendingHighSurrogate != 0) {
            window.append(pendingHighSurrogate);
            pendingHighSurrogate = 0;
        }
        int end = chunk.length();
        if (end > 0 && Character.isHighSurrogate(chunk.charAt(end - 1))) {
            pendingHighSurrogate = chunk.charAt(--end); // fold it with its low surrogate
        }
        window.append(chunk, 0, end);
        foldInPlace(window, start);
        if (window.indexOf(needle) >= 0) {
            matched = true;
            window.setLength(0);
            return true;
        }
        int keep = Math.max(0, needle.length() - 1);
        if (window.length() > keep) {
            window.delete(0, window.length() - keep);
        }
        return false;
    }

    /** @return whether the needle has been seen since construction or {@link #reset()} */
    public boolean matched() {
        return matched;
    }

    /** Starts over, e.g. at the start of another body part: no match spans two texts. */
    public void reset() {
        window.setLength(0);
        pendingHighSurrogate = 0;
        matched = needle.isEmpty();
    }

    /** @return true when {@code haystack} contains {@code needle}, case-insensitively as above */
    public static boolean contains(String haystack, String needle) {
        return new TextMatcher(needle).feed(haystack);
    }

    /** @return {@code s} with every code point case-folded as described above */
    public static String fold(CharSequence s) {
        StringBuilder b = new StringBuilder(s);
        foldInPlace(b, 0);
        return b.toString();
    }

    private static void foldInPlace(StringBuilder b, int from) {
        int i = from;
        while (i < b.length()) {
            int cp = b.codePointAt(i);
            int n = Character.charCount(cp);
            int folded = Character.toLowerCase(Character.toUpperCase(cp));
            if (folded != cp) {
                if (Character.charCount(folded) == n) {
                    if (n == 1) {
                        b.setCharAt(i, (char) folded);
                    } else {
                        b.replace(i, i + 2, Character.toString(folded));
                    }
                } else {
                    b.replace(i, i + n, Character.toString(folded));
                    n = Character.charCount(folded);
                }
            }
            i += n;
        }
    }
}
