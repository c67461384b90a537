package io.bundlebox.core.internal.mime;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * FETCH BODY[section]&lt;partial&gt;, BINARY[part]&lt;partial&gt; and BINARY.SIZE[part]
 * (RFC 9051 section 6.4.5, RFC 3516) over a parsed message.
 *
 * <p>Part numbering (RFC 9051 section 6.4.5.1): the parts of a multipart are numbered from 1;
 * a message that is not multipart has the single part 1, its body; a message/rfc822 or
 * message/global part's numbers continue into the encapsulated message by the same rule.
 */
public final class Sections {

    /** Header lines are only looked at up to their colon; longer field names never match. */
    private static final int FIELD_NAME_LIMIT = 1000;

    private Sections() {}

    /**
     * The entity addressed by part numbers.
     *
     * @param root the parsed message
     * @param part part numbers; empty addresses the root
     * @return the part (for "1" of a non-multipart message: the message itself, whose body is
     *     part 1), or null when there is no such part
     */
    public static MimePart resolve(MimePart root, List<Integer> part) {
        MimePart current = root;
        boolean isMessage = true; // current is a message (root or encapsulated), not a body part
        for (int n : part) {
            MimePart container = current;
            if (!isMessage && !current.isMultipart()) {
                if (current.message() == null) {
                    return null;
                }
                container = current.message();
            }
            if (container.isMultipart()) {
                if (n < 1 || n > container.children().size()) {
                    return null;
                }
                current = container.children().get(n - 1);
            } else if (n == 1) {
                current = container; // the single part of a non-multipart message is its body
            } else {
                return null;
            }
            isMessage = false;
        }
        return current;
    }

    /**
     * BODY[section] and its partial form.
     *
     * @param channel the stored message, for HEADER.FIELDS (read only for those)
     * @param root the message parsed from the channel
     * @param partial the {@code <origin.length>}, or null
     * @return a {@link SectionContent.Range}, {@link SectionContent.Ranges} (HEADER.FIELDS) or
     *     {@link SectionContent.Missing} when the part does not exist or HEADER/TEXT name a
     *     part that is not a message/rfc822
     */
    public static SectionContent body(SeekableByteChannel channel, MimePart root, Section section, Partial partial)
            throws IOException {
        SectionContent content = body(channel, root, section);
        return partial == null ? content : content.partial(partial);
    }

    private static SectionContent body(SeekableByteChannel channel, MimePart root, Section section)
            throws IOException {
        MimePart part = resolve(root, section.part());
        if (part == null) {
            return new SectionContent.Missing();
        }
        if (section.text() == Section.Text.NONE) {
            return section.part().isEmpty()
                    ? range(root.headerStart(), root.bodyEnd())
                    : range(part.bodyStart(), part.bodyEnd());
        }
        if (section.text() == Section.Text.MIME) {
            return range(part.headerStart(), part.bodyStart());
        }
        MimePart message = section.part().isEmpty() ? root : part.message();
        if (message == null) {
            return new SectionContent.Missing();
        }
        return switch (section.text()) {
            case HEADER -> range(message.headerStart(), message.bodyStart());
            case TEXT -> range(message.bodyStart(), message.bodyEnd());
            case HEADER_FIELDS -> headerFields(channel, message, section.fieldNames(), true);
            case HEADER_FIELDS_NOT -> headerFields(channel, message, section.fieldNames(), false);
            default -> throw new AssertionError(section.text());
        };
    }

    private static SectionContent range(long from, long to) {
        return new SectionContent.Range(from, to - from);
    }

    /**
     * HEADER.FIELDS (wanted=true) / HEADER.FIELDS.NOT: the fields, as stored (folding and line
     * breaks kept), whose name is (not) in {@code names}, ASCII case-insensitively; then the
     * blank line if the header has one. Lines that are not fields (an mbox "From " line) only
     * appear in the NOT form. The result refers to the stored octets, so even a huge malformed
     * header costs one range per run of selected lines, at most {@value MimeParser#MAX_FIELDS}
     * runs (the rest of such a header is left out).
     */
    private static SectionContent headerFields(SeekableByteChannel channel, MimePart message, List<String> names,
            boolean wanted) throws IOException {
        List<SectionContent.Range> selected = new ArrayList<>();
        long runStart = -1; // start of the current run of selected lines, or -1
        LineScanner in = new LineScanner(channel, message.headerStart(), message.bodyStart());
        boolean copying = !wanted; // lines before the first field are not fields either
        while (selected.size() < MimeParser.MAX_FIELDS && in.next(FIELD_NAME_LIMIT)) {
            byte[] line = in.captured();
            if (!in.isBlank() && line[0] != ' ' && line[0] != '\t') {
                copying = listed(fieldName(line, in.capturedContentLength()), names) == wanted;
            }
            boolean take = copying || in.isBlank();
            if (take && runStart < 0) {
                runStart = in.lineStart();
            } else if (!take && runStart >= 0) {
                selected.add(new SectionContent.Range(runStart, in.lineStart() - runStart));
                runStart = -1;
            }
            if (in.isBlank()) {
                break;
            }
        }
        if (runStart >= 0) {
            selected.add(new SectionContent.Range(runStart, in.lineEnd() - runStart));
        }
        return new SectionContent.Ranges(selected);
    }

    /** @return the field name of a header line, or null when the line is not a field */
    private static String fieldName(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            if (line[i] == ':') {
                MimePart.HeaderField f = HeaderValues.field(HeaderValues.text(line, 0, i + 1));
                return f == null ? null : f.name();
            }
        }
        return null;
    }

    private static boolean listed(String name, List<String> names) {
        if (name == null) {
            return false;
        }
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * BINARY[part]&lt;partial&gt; (RFC 3516, RFC 9051 section 6.4.5): the part's body decoded
     * from its Content-Transfer-Encoding. An empty part list means the whole message, as is.
     * Multipart and message parts, which RFC 9051 allows only for leaves, are returned as
     * stored rather than refused.
     *
     * @param decodedSize the part's decoded size when known (e.g. cached from
     *     {@link #binarySize}), else -1 and it is computed by a decoding pass
     * @return {@link SectionContent.Range} for identity encodings, {@link SectionContent.Decoded}
     *     for base64/quoted-printable, {@link SectionContent.Missing} for no such part
     * @throws UnknownCteException for any other transfer encoding
     */
    public static SectionContent binary(SeekableByteChannel channel, MimePart root, List<Integer> part,
            Partial partial, long decodedSize) throws IOException, UnknownCteException {
        SectionContent content = binary(channel, root, part, decodedSize);
        return partial == null ? content : content.partial(partial);
    }

    private static SectionContent binary(SeekableByteChannel channel, MimePart root, List<Integer> partNumbers,
            long decodedSize) throws IOException, UnknownCteException {
        if (partNumbers.isEmpty()) {
            return range(root.headerStart(), root.bodyEnd());
        }
        MimePart part = resolve(root, partNumbers);
        if (part == null) {
            return new SectionContent.Missing();
        }
        String encoding = part.transferEncodingOrDefault();
        if (part.isMultipart() || TransferDecoding.isIdentity(encoding)) {
            return range(part.bodyStart(), part.bodyEnd());
        }
        if (!TransferDecoding.isKnown(encoding)) {
            throw new UnknownCteException(part.transferEncoding());
        }
        long size = decodedSize >= 0 ? decodedSize : decodedSize(channel, part, encoding);
        return new SectionContent.Decoded(part.bodyStart(), part.bodyOctets(), encoding, 0, size);
    }

    /**
     * BINARY.SIZE[part]: the octets {@link #binary} would return, computed by a streaming
     * decode (worth caching per message and part).
     *
     * @return the decoded size, or -1 when there is no such part
     * @throws UnknownCteException for a transfer encoding that cannot be decoded
     */
    public static long binarySize(SeekableByteChannel channel, MimePart root, List<Integer> part)
            throws IOException, UnknownCteException {
        SectionContent content = binary(channel, root, part, -1);
        return content.exists() ? content.length() : -1;
    }

    private static long decodedSize(SeekableByteChannel channel, MimePart part, String encoding) throws IOException {
        try (var in = TransferDecoding.decode(
                new ChannelInputStream(channel, part.bodyStart(), part.bodyOctets()), encoding)) {
            return TransferDecoding.count(in);
        }
    }
}
