package io.bundlebox.core.internal.search;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

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
        int start = 0;
        int fieldStart = -1;
        while (start < length) {
            int end = start;
            while (end < length && block[end] != '\n') {
                end++;
            }
            int lineEnd = end > start && block[end - 1] == '\r' ? end - 1 : end;
            if (lineEnd == start) {
                break; // the empty line ends the header
            }
            boolean continuation = block[start] == ' ' || block[start] == '\t';
            if (!continuation) {
                if (fieldStart >= 0) {
                    add(out, ser, unfold(block, fieldStart, start));
                }
                fieldStart = start;
            }
            start = end + 1;
        }
        if (fieldStart >= 0) {
            add(out, ser, unfold(block, fieldStart, Math.min(start, length)));
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

    /** A field's text with line breaks removed (the WSP after each stays), as a String. */
    private static String unfold(byte[] block, int from, int to) {
        byte[] line = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            if (block[i] != '\r' && block[i] != '\n') {
                line[n++] = block[i];
            }
        }
        return text(line, n);
    }

    private static String text(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
    }

    private static void add(List<Field> out, StringBuilder ser, String unfolded) {
        int colon = unfolded.indexOf(':');
        if (colon <= 0) {
            return;
        }
        String name = unfolded.substring(0, colon).strip();
        if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
            return; // e.g. "From sender date": not a field
        }
        String value = decode(unfolded.substring(colon + 1).strip());
        out.add(new Field(name, value));
        ser.append(name).append(": ").append(value).append('\n');
    }

    /** RFC 2047 decoding; a value that cannot be decoded is kept as it is. */
    static String decode(String value) {
        if (value.indexOf("=?") < 0) {
            return value;
        }
        try {
            return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT).replace('\r', ' ').replace('\n', ' ');
        } catch (RuntimeException e) {
            return value;
        }
    }
}
