package io.bundlebox.core.internal.search;

import io.bundlebox.mime.EncodedWords;
import io.bundlebox.mime.HeaderBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * A message's top-level header fields, decoded for searching: unfolded (RFC 5322 section
 * 2.2.3), RFC 2047 encoded words decoded, raw 8-bit octets read as UTF-8 when valid (RFC 6532)
 * and as ISO-8859-1 otherwise. Lines that are no header field (an mbox {@code From } line, a
 * line without colon) are skipped. The compact {@link #serialized()} form is what the mailbox
 * caches per message, so that later header searches open no file.
 */
final class HeaderFields {

    /** One decoded field. */
    record Field(String name, String value) {
    }

    /** Null until first asked for: TEXT needs only {@link #serialized}. */
    private List<Field> fields;
    private final String serialized;

    private HeaderFields(List<Field> fields, String serialized) {
        this.fields = fields;
        this.serialized = serialized;
    }

    /** The fields in message order. */
    List<Field> fields() {
        if (fields == null) {
            fields = split(serialized);
        }
        return fields;
    }

    /** {@code name: value} lines joined by LF: the cache form, and the text TEXT searches. */
    String serialized() {
        return serialized;
    }

    /** Parses the header block {@code block[0, length)} (up to the empty line or the end). */
    static HeaderFields parse(byte[] block, int length) {
        List<Field> out = new ArrayList<>();
        StringBuilder ser = new StringBuilder(length);
        for (HeaderBlock.Field f : HeaderBlock.fields(block, length)) {
            String value = EncodedWords.decode(f.value());
            out.add(new Field(f.name(), value));
            ser.append(f.name()).append(": ").append(value).append('\n');
        }
        return new HeaderFields(List.copyOf(out), ser.toString());
    }

    /** Rebuilds the fields from {@link #serialized()} (split into fields when first needed). */
    static HeaderFields fromSerialized(String s) {
        return new HeaderFields(null, s);
    }

    private static List<Field> split(String s) {
        List<Field> out = new ArrayList<>();
        int start = 0;
        while (start < s.length()) {
            int end = s.indexOf('\n', start);
            if (end < 0) {
                end = s.length();
            }
            int colon = s.indexOf(':', start);
            if (colon > start && colon < end) {
                out.add(new Field(s.substring(start, colon), s.substring(Math.min(colon + 2, end), end)));
            }
            start = end + 1;
        }
        return List.copyOf(out);
    }
}
