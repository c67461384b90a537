package io.bundlebox.ext.sortthread;

import java.util.ArrayList;
import java.util.List;

/**
 * The Message IDs of {@code Message-ID}, {@code References} and {@code In-Reply-To} fields
 * (RFC 5322 section 3.6.4), normalised as RFC 5256 section 3 (REFERENCES) requires: quoting
 * removed ({@code <"01KF8JCEOCBS0045PS"@xxx.yyy.com>} is {@code <01KF8JCEOCBS0045PS@xxx.yyy.com>}),
 * as are white space and comments inside the brackets. A valid Message ID is a bracketed
 * {@code id-left "@" id-right} with both sides non-empty; anything else (text, phrases,
 * addresses after the ID in In-Reply-To, a bracket never closed) is skipped. Comparison is
 * case-sensitive, as the RFC says.
 */
final class MessageIds {

    private MessageIds() {
    }

    /** Every valid Message ID in {@code field}, in order (without the angle brackets). */
    static List<String> all(String field) {
        List<String> out = new ArrayList<>();
        scan(field, out, Integer.MAX_VALUE);
        return out;
    }

    /** The first valid Message ID in {@code field}, or null. */
    static String first(String field) {
        List<String> out = new ArrayList<>(1);
        scan(field, out, 1);
        return out.isEmpty() ? null : out.get(0);
    }

    private static void scan(String field, List<String> out, int max) {
        if (field == null) {
            return;
        }
        int n = field.length();
        int i = 0;
        while (i < n && out.size() < max) {
            char c = field.charAt(i);
            if (c == '(') {
                i = skipComment(field, i);
            } else if (c == '"') {
                i = skipQuoted(field, i, null);
            } else if (c == '<') {
                StringBuilder id = new StringBuilder();
                int end = bracketed(field, i + 1, id);
                if (end < 0) {
                    return; // never closed: nothing valid follows
                }
                if (valid(id)) {
                    out.add(id.toString());
                }
                i = end;
            } else {
                i++;
            }
        }
    }

    /** Reads up to the closing {@code >}: unquoted content appended to {@code id}; the index after it, or -1. */
    private static int bracketed(String s, int i, StringBuilder id) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '>') {
                return i + 1;
            } else if (c == '<') {
                return restart(s, i, id);
            } else if (c == '"') {
                i = skipQuoted(s, i, id);
            } else if (c == '(') {
                i = skipComment(s, i);
            } else if (c == '\\' && i + 1 < n) {
                id.append(s.charAt(i + 1));
                i += 2;
            } else {
                if (c != ' ' && c != '\t') {
                    id.append(c);
                }
                i++;
            }
        }
        return -1;
    }

    /** A second {@code <} before the {@code >}: the first was stray text; start the ID again here. */
    private static int restart(String s, int i, StringBuilder id) {
        id.setLength(0);
        return bracketed(s, i + 1, id);
    }

    private static boolean valid(CharSequence id) {
        int at = -1;
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) == '@') {
                at = i;
            }
        }
        return at > 0 && at < id.length() - 1;
    }

    /** Skips a quoted string starting at {@code i} (appending its content when {@code into} is given). */
    private static int skipQuoted(String s, int i, StringBuilder into) {
        int n = s.length();
        i++;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < n) {
                c = s.charAt(++i);
            }
            if (into != null) {
                into.append(c);
            }
            i++;
        }
        return n;
    }

    /** Skips a (possibly nested) comment starting at {@code i}. */
    private static int skipComment(String s, int i) {
        int depth = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return n;
    }
}
