package io.bundlebox.core.internal.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A FETCH section specification (RFC 9051 section 6.4.5.1): part numbers, then an optional
 * text specifier.
 *
 * @param part part numbers (1-based), empty for the whole message
 * @param text which text of the addressed entity
 * @param fieldNames the field names of HEADER.FIELDS / HEADER.FIELDS.NOT, else empty
 */
public record Section(List<Integer> part, Text text, List<String> fieldNames) {

    /** The section-text of RFC 9051; {@code NONE} means the part itself (or the whole message). */
    public enum Text { NONE, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME }

    public Section {
        part = List.copyOf(part);
        fieldNames = List.copyOf(fieldNames);
    }

    /** BODY[] */
    public static final Section WHOLE = new Section(List.of(), Text.NONE, List.of());

    /**
     * Parses the text between the brackets, e.g. {@code 1.2.HEADER.FIELDS (DATE FROM)}; a
     * convenience for tests and tools (the wire parser builds sections itself).
     *
     * @throws IllegalArgumentException when the text is not a section
     */
    public static Section parse(String spec) {
        String s = spec.strip();
        List<String> fields = List.of();
        int paren = s.indexOf('(');
        if (paren >= 0) {
            String names = s.substring(paren + 1, s.lastIndexOf(')')).strip();
            fields = names.isEmpty() ? List.of() : List.of(names.split("\\s+"));
            s = s.substring(0, paren).strip();
        }
        List<Integer> part = new ArrayList<>();
        String[] tokens = s.isEmpty() ? new String[0] : s.split("\\.");
        int i = 0;
        while (i < tokens.length && !tokens[i].isEmpty() && Character.isDigit(tokens[i].charAt(0))) {
            int n = Integer.parseInt(tokens[i++]);
            if (n < 1) {
                throw new IllegalArgumentException("part numbers start at 1: " + spec);
            }
            part.add(n);
        }
        String rest = String.join(".", java.util.Arrays.copyOfRange(tokens, i, tokens.length))
                .toUpperCase(Locale.ROOT);
        Text text = switch (rest) {
            case "" -> Text.NONE;
            case "HEADER" -> Text.HEADER;
            case "HEADER.FIELDS" -> Text.HEADER_FIELDS;
            case "HEADER.FIELDS.NOT" -> Text.HEADER_FIELDS_NOT;
            case "TEXT" -> Text.TEXT;
            case "MIME" -> Text.MIME;
            default -> throw new IllegalArgumentException("not a section: " + spec);
        };
        if (text == Text.MIME && part.isEmpty()) {
            throw new IllegalArgumentException("MIME needs a part number: " + spec);
        }
        return new Section(part, text, fields);
    }
}
