package io.bundlebox.ext.sortthread;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;

/**
 * The {@code i;unicode-casemap} collation (RFC 5051 section 2), through ICU4J: every code point
 * is mapped to its titlecase (UnicodeData simple titlecase mapping) and then fully decomposed
 * (compatibility decomposition, applied recursively: effectively NFKD, one code point at a
 * time); the prepared strings then compare as {@code i;octet} would compare their UTF-8, which
 * is code point order (the prepared form is a sort key, not text to show: see {@link #compare}). Used for every string SORT key and for subject equality in THREAD, as
 * RFC 5256 section 7 and RFC 5255 section 4.2 (I18NLEVEL=1) require.
 *
 * <p>Java strings are always Unicode here (header values are decoded, RFC 2047 words through
 * Mime4j), so step (1)(b) of section 2 (unknown charsets) does not arise.
 */
final class Collation {

    private static final Normalizer2 NFKD = Normalizer2.getNFKDInstance();

    private Collation() {
    }

    /** The "titlecased canonicalized" form of {@code s} (RFC 5051 section 2, steps 1 to 4); "" for null. */
    static String key(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        StringBuilder out = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (out == null) {
                    out = new StringBuilder(n + 8).append(s, 0, i);
                }
                unicode(s, i, out);
                for (int j = i; j < out.length(); j++) {
                    char x = out.charAt(j);
                    if (x >= 0xD800) {
                        out.setCharAt(j, (char) (0xD800 + fixup(x)));
                    }
                }
                return out.toString();
            }
            if (c >= 'a' && c <= 'z' && out == null) {
                out = new StringBuilder(n).append(s, 0, i);
            }
            if (out != null) {
                out.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
            }
        }
        return out == null ? s : out.toString();
    }

    private static void unicode(String s, int from, StringBuilder out) {
        for (int i = from; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int title = UCharacter.toTitleCase(cp);
            String decomposed = NFKD.getDecomposition(title);
            if (decomposed == null) {
                out.appendCodePoint(title);
            } else {
                out.append(decomposed);
            }
        }
    }

    /**
     * Compares two prepared keys ({@link #key}) as {@code i;octet} compares their UTF-8 forms,
     * i.e. by code point: {@link #key} stores the UTF-16 units from U+D800 up moved so that
     * supplementary characters (surrogate pairs) sort after U+E000..U+FFFF (RFC 5051 section 2,
     * the note on UTF-16), so {@link String#compareTo} (an intrinsic) gives that order.
     */
    static int compare(String a, String b) {
        return a.compareTo(b);
    }

    /**
     * Of a UTF-16 unit from U+D800 up, its place among those units in code point order: U+E000..U+FFFF
     * first (0..0x1FFF), then the surrogates (0x2000..0x27FF); a bijection, so equal keys stay equal.
     */
    private static int fixup(char c) {
        return c >= 0xE000 ? c - 0xE000 : c - 0xD800 + 0x2000;
    }
}
