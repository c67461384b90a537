package io.bundlebox.core.internal.mime;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The "IMAP value tree" used by this package and its renderer (RFC 9051 section 4).
 *
 * <p>Shapes: {@code null} = NIL; {@link String} = string (quoted or literal, chosen by the
 * writer); {@link Long} (any integral {@link Number}) = number; {@link List} = parenthesized
 * list, elements separated by one space; {@link Juxtaposed} = its elements written one after
 * another with no separator and no parentheses (RFC 9051 writes {@code 1*body} of a multipart
 * and {@code 1*address} of an envelope address list without spaces); {@link Atom} = written
 * verbatim.
 */
public final class ImapWire {

    private ImapWire() {}

    /** Text written verbatim, unquoted (an atom or other pre-rendered syntax). */
    public record Atom(String text) {}

    /** Values written back to back, e.g. {@code ("a" ...)("b" ...)} inside a list. */
    public record Juxtaposed(List<?> items) {}

    /**
     * Renders a value tree as IMAP text: NIL; decimal numbers; quoted strings with {@code \}
     * and {@code "} escaped; a literal {@code {n}CRLF...} for a string holding CR, LF, NUL or a
     * non-ASCII character, where {@code n} counts the UTF-8 octets of the string (so the result
     * must be written as UTF-8, e.g. when cached by a store and sent verbatim).
     *
     * @throws IllegalArgumentException for an object that is not a value-tree shape
     */
    public static String toWire(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("NIL");
            case String s -> writeString(s, out);
            case Long n -> out.append(n.longValue());
            case Integer n -> out.append(n.intValue());
            case Atom a -> out.append(a.text());
            case Juxtaposed j -> j.items().forEach(item -> write(item, out));
            case List<?> list -> {
                out.append('(');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(' ');
                    }
                    write(list.get(i), out);
                }
                out.append(')');
            }
            default -> throw new IllegalArgumentException("not an IMAP value: " + value.getClass());
        }
    }

    private static void writeString(String s, StringBuilder out) {
        if (needsLiteral(s)) {
            out.append('{').append(s.getBytes(StandardCharsets.UTF_8).length).append("}\r\n").append(s);
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    /** RFC 9051 quoted: QUOTED-CHAR is 7-bit TEXT-CHAR (no CR, LF, NUL) or an escaped specials. */
    private static boolean needsLiteral(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 127) {
                return true;
            }
        }
        return false;
    }
}
