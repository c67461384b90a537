package io.bundlebox.mime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The header of a message (RFC 5322 section 2.2): reading the block up to the empty line, and
 * splitting it into unfolded fields. Octets become text as UTF-8 when they are valid UTF-8
 * (RFC 6532) and as ISO-8859-1 otherwise, so raw 8-bit headers survive.
 */
public final class HeaderBlock {

    /** One header field, unfolded (line breaks removed, the white space after them kept), not decoded. */
    public record Field(String name, String value) {
    }

    /** Header blocks beyond this are cut (a real header is a few KB). */
    public static final int MAX_OCTETS = 1 << 20;

    private HeaderBlock() {
    }

    /**
     * Reads from {@code ch}'s position up to and including the empty line that ends the header
     * (LF LF or LF CR LF), or to the end of the message, at most {@link #MAX_OCTETS} octets.
     */
    public static byte[] read(ReadableByteChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        int scanned = 0;
        while (true) {
            if (!buf.hasRemaining()) {
                if (buf.capacity() >= MAX_OCTETS) {
                    return Arrays.copyOf(buf.array(), buf.position());
                }
                buf = ByteBuffer.allocate(buf.capacity() * 2).put(buf.flip());
            }
            int n = ch.read(buf);
            byte[] a = buf.array();
            int end = buf.position();
            for (int i = Math.max(scanned, 1); i < end; i++) {
                if (a[i] == '\n' && (a[i - 1] == '\n' || (a[i - 1] == '\r' && i >= 2 && a[i - 2] == '\n'))) {
                    return Arrays.copyOf(a, i + 1);
                }
            }
            scanned = end;
            if (n < 0) {
                return Arrays.copyOf(a, end);
            }
        }
    }

    /**
     * The fields of the header block {@code block[0, length)} (up to the empty line or the end),
     * in message order, values stripped of surrounding white space. Lines that are no field (an
     * mbox {@code From } line, a line without colon, a name with white space or 8-bit octets)
     * are skipped.
     */
    public static List<Field> fields(byte[] block, int length) {
        return fields(block, length, null);
    }

    /**
     * Like {@link #fields(byte[], int)}, but only the fields whose names (compared in lower
     * case) are in {@code names}; the others are not unfolded or decoded at all, which is what
     * makes reading a few keys of many messages cheap.
     *
     * @param names lower-case field names, or null for every field
     */
    public static List<Field> fields(byte[] block, int length, java.util.Set<String> names) {
        List<Field> out = new ArrayList<>();
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
                    add(out, unfold(block, fieldStart, start));
                }
                fieldStart = names == null || names.contains(name(block, start, lineEnd)) ? start : -1;
            }
            start = end + 1;
        }
        if (fieldStart >= 0) {
            add(out, unfold(block, fieldStart, Math.min(start, length)));
        }
        return out;
    }

    /** The lower-case field name of the line {@code block[from, to)} (up to its colon, trailing WSP dropped); "" when none. */
    private static String name(byte[] block, int from, int to) {
        int colon = from;
        while (colon < to && block[colon] != ':') {
            colon++;
        }
        int end = colon;
        while (end > from && (block[end - 1] == ' ' || block[end - 1] == '\t')) {
            end--;
        }
        if (colon == to || end == from) {
            return "";
        }
        char[] name = new char[end - from];
        for (int i = from; i < end; i++) {
            int b = block[i] & 0xFF;
            name[i - from] = (char) (b >= 'A' && b <= 'Z' ? b + 32 : b);
        }
        return new String(name);
    }

    /** Header octets as text: UTF-8 when valid, else ISO-8859-1 (one char per octet, never fails). */
    public static String text(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
    }

    private static String unfold(byte[] block, int from, int to) {
        byte[] line = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            if (block[i] != '\r' && block[i] != '\n') {
                line[n++] = block[i];
            }
        }
        return text(line, 0, n);
    }

    private static void add(List<Field> out, String unfolded) {
        int colon = unfolded.indexOf(':');
        if (colon <= 0) {
            return;
        }
        String name = unfolded.substring(0, colon).strip();
        if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
            return; // e.g. "From sender date": not a field
        }
        out.add(new Field(name, unfolded.substring(colon + 1).strip()));
    }
}
