package io.bundlebox.core.internal.search;

import io.bundlebox.core.internal.mime.MimePart;
import io.bundlebox.core.internal.mime.SearchText;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a message's searchable text lies, so that later body searches skip MIME parsing: the
 * byte ranges, transfer encodings and charsets of its text/* leaves (the parts
 * {@link SearchText#bodyText} reads, in the same order), and the decoded header text of every
 * entity below the top level (MIME part headers and headers of attached messages, which TEXT
 * searches). Small enough to cache with the message ({@link #serialized()}).
 */
final class TextLayout {

    /** A text/* leaf: its body octets in the stored message. */
    record TextPart(long start, long length, String encoding, String charset) {
    }

    private final List<TextPart> parts;
    private final String partHeaders;

    private TextLayout(List<TextPart> parts, String partHeaders) {
        this.parts = parts;
        this.partHeaders = partHeaders;
    }

    List<TextPart> parts() {
        return parts;
    }

    /** {@code Name: value} lines of the headers of every entity but the top-level one. */
    String partHeaders() {
        return partHeaders;
    }

    /** The layout of a parsed message. */
    static TextLayout of(MimePart root) {
        List<TextPart> parts = new ArrayList<>();
        StringBuilder headers = new StringBuilder();
        collect(root, true, parts, headers);
        return new TextLayout(List.copyOf(parts), headers.toString());
    }

    private static void collect(MimePart part, boolean root, List<TextPart> parts, StringBuilder headers) {
        if (!root) {
            headers.append(SearchText.headerText(part));
        }
        if (part.isMultipart()) {
            for (MimePart child : part.children()) {
                collect(child, false, parts, headers);
            }
        } else if (part.message() != null) {
            collect(part.message(), false, parts, headers);
        } else if (part.isText()) {
            String charset = part.param("charset");
            parts.add(new TextPart(part.bodyStart(), part.bodyOctets(), part.transferEncodingOrDefault().toLowerCase(Locale.ROOT),
                    charset == null ? "" : charset.strip().toLowerCase(Locale.ROOT)));
        }
    }

    /** The size of the largest text part in octets (as stored, before decoding), 0 without any. */
    long largestPart() {
        long max = 0;
        for (TextPart p : parts) {
            max = Math.max(max, p.length());
        }
        return max;
    }

    /**
     * Whether every text part's charset encodes ASCII characters as the same single octets and
     * never uses octets below 0x80 inside other characters, so that an ASCII string can be found
     * in the undecoded octets (UTF-8, US-ASCII, ISO-8859-*, windows-125*, KOI8-*, EUC-*; an
     * absent or unknown charset is read as UTF-8, as {@link SearchText} does).
     */
    boolean asciiTransparent() {
        for (TextPart p : parts) {
            if (!asciiTransparent(p.charset())) {
                return false;
            }
        }
        return true;
    }

    private static boolean asciiTransparent(String charset) {
        if (charset.isEmpty()) {
            return true;
        }
        if (charset.startsWith("utf-8") || charset.equals("utf8") || charset.equals("us-ascii") || charset.equals("ascii")
                || charset.startsWith("iso-8859-") || charset.startsWith("iso8859-") || charset.startsWith("windows-125")
                || charset.startsWith("cp125") || charset.startsWith("koi8-") || charset.startsWith("euc-")
                || charset.equals("ks_c_5601-1987")) {
            return true;
        }
        try {
            return !Charset.isSupported(charset); // unknown names are read as UTF-8
        } catch (IllegalArgumentException e) {
            return true; // illegal names too
        }
    }

    /** One line per part, {@code P start length encoding charset}, then {@code H name: value} lines. */
    String serialized() {
        StringBuilder sb = new StringBuilder();
        for (TextPart p : parts) {
            sb.append("P ").append(p.start()).append(' ').append(p.length()).append(' ').append(token(p.encoding()))
                    .append(' ').append(token(p.charset())).append('\n');
        }
        for (String line : partHeaders.split("\n")) {
            if (!line.isEmpty()) {
                sb.append("H ").append(line).append('\n');
            }
        }
        return sb.toString();
    }

    private static String token(String s) {
        return s.isEmpty() || s.contains(" ") || s.contains("\n") ? "-" : s;
    }

    /** Reads {@link #serialized()}; null when the text is not a layout (then it is recomputed). */
    static TextLayout parse(String s) {
        List<TextPart> parts = new ArrayList<>();
        StringBuilder headers = new StringBuilder();
        try {
            for (String line : s.split("\n")) {
                if (line.startsWith("P ")) {
                    String[] f = line.split(" ");
                    parts.add(new TextPart(Long.parseLong(f[1]), Long.parseLong(f[2]), f[3], f[4].equals("-") ? "" : f[4]));
                } else if (line.startsWith("H ")) {
                    headers.append(line, 2, line.length()).append('\n');
                } else if (!line.isEmpty()) {
                    return null;
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        return new TextLayout(List.copyOf(parts), headers.toString());
    }
}
