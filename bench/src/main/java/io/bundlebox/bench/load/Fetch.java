package io.bundlebox.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An untagged {@code * n FETCH (...)} response read into its items (RFC 9051 section 7.5.2):
 * item names upper case ({@code UID}, {@code FLAGS}, {@code BODY[HEADER]}, ...), values as
 * strings (atoms, numbers, quoted strings, literals: one char per octet; NIL as null) or lists.
 */
record Fetch(int seq, Map<String, Object> items) {

    /** The FETCH in {@code line}, or null when it is no FETCH response. */
    static Fetch parse(String line) {
        if (!line.startsWith("* ")) {
            return null;
        }
        int sp = line.indexOf(' ', 2);
        if (sp < 0 || !line.regionMatches(true, sp, " FETCH (", 0, 8)) {
            return null;
        }
        int seq = Integer.parseInt(line.substring(2, sp));
        int[] pos = {sp + 7};
        List<Object> list = list(line, pos);
        Map<String, Object> items = new LinkedHashMap<>();
        for (int i = 0; i + 1 < list.size(); i += 2) {
            items.put(((String) list.get(i)).toUpperCase(Locale.ROOT), list.get(i + 1));
        }
        return new Fetch(seq, items);
    }

    /** UID, or -1 when the response has none. */
    long uid() {
        Object u = items.get("UID");
        return u == null ? -1 : Long.parseLong((String) u);
    }

    /** FLAGS without \Recent (a per-session flag the model does not track), or null when absent. */
    Set<String> flags() {
        Object f = items.get("FLAGS");
        if (f == null) {
            return null;
        }
        Set<String> flags = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Object o : (List<?>) f) {
            flags.add((String) o);
        }
        flags.remove("\\Recent");
        return flags;
    }

    /** A string item (e.g. {@code BODY[]}), or null. */
    String string(String name) {
        Object v = items.get(name);
        return v instanceof String s ? s : null;
    }

    /** Parses a parenthesised list starting at {@code pos[0]} (at its '('); leaves pos after ')'. */
    private static List<Object> list(String s, int[] pos) {
        List<Object> out = new ArrayList<>();
        pos[0]++; // '('
        while (pos[0] < s.length()) {
            char c = s.charAt(pos[0]);
            if (c == ' ') {
                pos[0]++;
            } else if (c == ')') {
                pos[0]++;
                return out;
            } else if (c == '(') {
                out.add(list(s, pos));
            } else if (c == '"') {
                out.add(quoted(s, pos));
            } else if (c == '{' || (c == '~' && pos[0] + 1 < s.length() && s.charAt(pos[0] + 1) == '{')) {
                out.add(literal(s, pos));
            } else {
                String atom = atom(s, pos);
                out.add(atom.equalsIgnoreCase("NIL") ? null : atom);
            }
        }
        return out;
    }

    private static String quoted(String s, int[] pos) {
        StringBuilder sb = new StringBuilder();
        int i = pos[0] + 1;
        while (s.charAt(i) != '"') {
            if (s.charAt(i) == '\\') {
                i++;
            }
            sb.append(s.charAt(i++));
        }
        pos[0] = i + 1;
        return sb.toString();
    }

    private static String literal(String s, int[] pos) {
        int open = s.indexOf('{', pos[0]);
        int close = s.indexOf('}', open);
        int n = Integer.parseInt(s.substring(open + 1, close).replace("+", ""));
        int start = close + 3; // "}\r\n"
        pos[0] = start + n;
        return s.substring(start, start + n);
    }

    /** An atom; a section in brackets ({@code BODY[HEADER]}) and a partial ({@code <0>}) belong to it. */
    private static String atom(String s, int[] pos) {
        int i = pos[0];
        int depth = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (depth == 0 && (c == ' ' || c == ')' || c == '(')) {
                break;
            }
            i++;
        }
        String atom = s.substring(pos[0], i);
        pos[0] = i;
        return atom;
    }
}
