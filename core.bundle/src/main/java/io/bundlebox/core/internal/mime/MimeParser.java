package io.bundlebox.core.internal.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.james.mime4j.dom.field.ContentLanguageField;
import org.apache.james.mime4j.dom.field.ContentLocationField;
import org.apache.james.mime4j.field.LenientFieldParser;

/**
 * Computes the {@link MimePart} tree of a stored message in one sequential pass.
 *
 * <p>Memory is proportional to the header sizes and the number of parts, never to body sizes:
 * lines are scanned through a fixed buffer and only their leading octets are kept. Header
 * fields are kept up to {@value #MAX_FIELD_OCTETS} octets each, {@value #MAX_HEADER_OCTETS}
 * octets and {@value #MAX_FIELDS} fields per entity (the header region still spans the whole
 * header); multiparts and encapsulated messages nest at most {@value #MAX_DEPTH} deep (deeper
 * ones are leaves), and a message has at most {@value #MAX_PARTS} entities (later delimiters
 * are text). These bound the work a hostile message can cause.
 *
 * <p>Boundary handling follows RFC 2046 section 5.1.1: a delimiter line is "--" + boundary at
 * the start of a line; "--" + boundary + "--" closes the multipart; the line break before a
 * delimiter belongs to the delimiter; preamble and epilogue belong to no part. Like Dovecot,
 * the scanner checks the boundaries of every enclosing multipart, innermost first, so a
 * missing close delimiter of an inner multipart ends it at the outer delimiter; an exact match
 * (only white space or "--" after the boundary) is preferred over a prefix match.
 *
 * <p>Malformed input never throws: a line without a colon in a header (an mbox "From " line,
 * junk) is kept in the header region and ignored; a header without a blank line runs to the
 * next delimiter or the end; LF-only line breaks are accepted anywhere; raw 8-bit header octets
 * are read as UTF-8 when valid, else ISO-8859-1.
 */
public final class MimeParser {

    static final int MAX_FIELD_OCTETS = 64 * 1024;
    static final int MAX_HEADER_OCTETS = 1024 * 1024;
    static final int MAX_DEPTH = 64;
    static final int MAX_FIELDS = 10_000;
    static final int MAX_PARTS = 10_000;

    private MimeParser() {}

    /**
     * Parses the whole channel, from offset 0 to {@code channel.size()}.
     *
     * @return the root entity: headerStart 0, bodyEnd the message size
     * @throws IOException only when the channel fails
     */
    public static MimePart parse(SeekableByteChannel channel) throws IOException {
        return new Run(channel).parse();
    }

    /** One entity being parsed; the stack of frames mirrors the nesting. */
    private static final class Frame {
        final MimePart part;
        final boolean inDigest;
        final int depth;
        HeaderCollector header = new HeaderCollector();
        byte[] delimiter; // "--" + boundary while this multipart's boundary is active
        long linesAtBodyStart;

        Frame(MimePart part, boolean inDigest, int depth) {
            this.part = part;
            this.inDigest = inDigest;
            this.depth = depth;
        }

        boolean inHeader() { return header != null; }
    }

    private static final class Run {
        private final SeekableByteChannel channel;
        private final List<Frame> stack = new ArrayList<>();
        private int activeDelimiters;
        private int delimiterCapture; // octets of a body line to keep: the longest active delimiter + "--"
        private long lineBreaks; // LF-terminated lines consumed so far
        private int parts = 1;

        Run(SeekableByteChannel channel) {
            this.channel = channel;
        }

        MimePart parse() throws IOException {
            MimePart root = new MimePart(0);
            stack.add(new Frame(root, false, 0));
            LineScanner in = new LineScanner(channel, 0, channel.size());
            int previousEol = 0;
            long end = 0;
            while (in.next(top().inHeader() ? MAX_FIELD_OCTETS + 2
                    : delimiterCapture)) {
                Frame top = top();
                int matched = activeDelimiters > 0 ? matchDelimiter(in) : -1;
                if (matched >= 0 && parts >= MAX_PARTS && !isClose(in, stack.get(matched).delimiter.length)) {
                    matched = -1; // beyond the part limit a delimiter is just text of the current part
                }
                if (matched >= 0) {
                    onDelimiter(in, matched, previousEol);
                } else if (top.inHeader()) {
                    if (in.isBlank()) {
                        endHeader(top, in.lineEnd(), lineBreaks + (in.eolLength() > 0 ? 1 : 0));
                    } else {
                        top.header.add(in);
                    }
                }
                if (in.eolLength() > 0) {
                    lineBreaks++;
                }
                previousEol = in.eolLength();
                end = in.lineEnd();
            }
            long lines = lineBreaks;
            while (!stack.isEmpty()) {
                close(stack.removeLast(), end, lines);
            }
            return root;
        }

        private Frame top() {
            return stack.getLast();
        }

        /** @return the stack index of the multipart whose delimiter this line is, or -1 */
        private int matchDelimiter(LineScanner in) {
            byte[] line = in.captured();
            int length = in.capturedContentLength();
            if (length < 3 || line[0] != '-' || line[1] != '-') {
                return -1;
            }
            for (boolean exact : new boolean[] {true, false}) {
                for (int i = stack.size() - 1; i >= 0; i--) {
                    byte[] d = stack.get(i).delimiter;
                    if (d != null && startsWith(line, length, d) && (!exact || onlyTrailer(line, length, d.length))) {
                        return i;
                    }
                }
            }
            return -1;
        }

        private static boolean startsWith(byte[] line, int length, byte[] prefix) {
            if (length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (line[i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        /** RFC 2046: after the boundary only "--" (close) and/or linear white space may follow. */
        private static boolean onlyTrailer(byte[] line, int length, int from) {
            int i = from;
            if (i + 1 < length && line[i] == '-' && line[i + 1] == '-') {
                i += 2;
            }
            for (; i < length; i++) {
                if (line[i] != ' ' && line[i] != '\t') {
                    return false;
                }
            }
            return true;
        }

        private static boolean isClose(LineScanner in, int delimiterLength) {
            byte[] line = in.captured();
            return in.capturedContentLength() >= delimiterLength + 2
                    && line[delimiterLength] == '-' && line[delimiterLength + 1] == '-';
        }

        private void onDelimiter(LineScanner in, int matched, int previousEol) {
            // the line break before the delimiter line is part of the delimiter (RFC 2046 section
            // 5.1.1), so it is neither an octet nor a line of the body: body-fld-lines counts the
            // line breaks inside the body, as Dovecot and Cyrus do
            long end = in.lineStart() - previousEol;
            long linesEnd = lineBreaks - (previousEol > 0 ? 1 : 0);
            while (stack.size() - 1 > matched) {
                close(stack.removeLast(), end, linesEnd);
            }
            Frame multipart = stack.get(matched);
            if (isClose(in, multipart.delimiter.length)) {
                deactivate(multipart); // what follows is epilogue
            } else {
                MimePart child = new MimePart(in.lineEnd());
                parts++;
                multipart.part.children.add(child);
                stack.add(new Frame(child, multipart.part.subtype.equalsIgnoreCase("digest"),
                        multipart.depth + 1));
            }
        }

        private void close(Frame frame, long end, long linesEnd) {
            MimePart part = frame.part;
            if (frame.inHeader()) {
                long headerEnd = Math.max(part.headerStart, end);
                frame.header.finish(part, frame.inDigest);
                frame.header = null;
                part.bodyStart = headerEnd;
                frame.linesAtBodyStart = linesEnd;
            }
            deactivate(frame);
            part.bodyEnd = Math.max(part.bodyStart, end);
            part.bodyLines = part.bodyEnd == part.bodyStart ? 0 : Math.max(0, linesEnd - frame.linesAtBodyStart);
            if (isMessageType(part) && part.message == null) {
                // encoded (invalid per RFC 2046 section 5.2.1) or too deep to parse: RFC 9051
                // grammar still needs an envelope and a body, so show an empty message
                part.message = new MimePart(part.bodyEnd);
            }
            if (part.multipart && part.children.isEmpty()) {
                // no delimiter found: show the body as one headerless text/plain part (RFC 9051
                // needs 1*body; Mime4j and Python also read such a body as text)
                MimePart text = new MimePart(part.bodyStart);
                text.bodyEnd = part.bodyEnd;
                text.bodyLines = part.bodyLines;
                part.children.add(text);
            }
        }

        private void activate(Frame frame, byte[] delimiter) {
            frame.delimiter = delimiter;
            activeDelimiters++;
            delimiterCapture = Math.max(delimiterCapture, delimiter.length + 2);
        }

        private void deactivate(Frame frame) {
            if (frame.delimiter == null) {
                return;
            }
            frame.delimiter = null;
            activeDelimiters--;
            delimiterCapture = 0;
            for (Frame f : stack) {
                if (f.delimiter != null) {
                    delimiterCapture = Math.max(delimiterCapture, f.delimiter.length + 2);
                }
            }
        }

        private void endHeader(Frame frame, long bodyStart, long linesAtBodyStart) {
            MimePart part = frame.part;
            frame.header.finish(part, frame.inDigest);
            frame.header = null;
            part.bodyStart = bodyStart;
            frame.linesAtBodyStart = linesAtBodyStart;
            if (frame.depth >= MAX_DEPTH) {
                return;
            }
            if (part.multipart) {
                String boundary = part.param("boundary");
                if (boundary != null && !boundary.isEmpty()) {
                    activate(frame, ("--" + boundary).getBytes(StandardCharsets.UTF_8));
                }
            } else if (isEncapsulatedMessage(part)) {
                MimePart message = new MimePart(bodyStart);
                parts++;
                part.message = message;
                Frame child = new Frame(message, false, frame.depth + 1);
                child.linesAtBodyStart = linesAtBodyStart;
                stack.add(child);
            }
        }
    }

    /** message/rfc822 or message/global: the types with nested part numbers (RFC 9051 6.4.5.1). */
    static boolean isMessageType(MimePart part) {
        return part.type.equalsIgnoreCase("message")
                && (part.subtype.equalsIgnoreCase("rfc822") || part.subtype.equalsIgnoreCase("global"));
    }

    /** A message part parsed in place: an encoded one's octets are not a message. */
    private static boolean isEncapsulatedMessage(MimePart part) {
        return isMessageType(part) && TransferDecoding.isIdentity(part.transferEncodingOrDefault());
    }

    /** Gathers the header lines of one entity into unfolded fields, within the size limits. */
    private static final class HeaderCollector {
        private final List<MimePart.HeaderField> fields = new ArrayList<>();
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private boolean hasCurrent;
        private long kept;

        void add(LineScanner in) {
            byte[] line = in.captured();
            int length = in.capturedContentLength();
            boolean continuation = line[0] == ' ' || line[0] == '\t';
            if (!continuation || !hasCurrent) {
                flush();
                hasCurrent = true;
            }
            // unfolding (RFC 5322 section 2.2.3) removes the line break and keeps the WSP
            int room = (int) Math.min(MAX_FIELD_OCTETS - current.size(), MAX_HEADER_OCTETS - kept);
            int n = Math.max(0, Math.min(length, room));
            current.write(line, 0, n);
            kept += n;
        }

        private void flush() {
            if (hasCurrent && current.size() > 0 && fields.size() < MAX_FIELDS) {
                byte[] bytes = current.toByteArray();
                MimePart.HeaderField field = HeaderValues.field(HeaderValues.text(bytes, 0, bytes.length));
                if (field != null) {
                    fields.add(field);
                }
            }
            current.reset();
            hasCurrent = false;
        }

        void finish(MimePart part, boolean inDigest) {
            flush();
            part.headers = List.copyOf(fields);
            applyMimeFields(part, inDigest);
        }
    }

    /** Sets the MIME attributes from the header fields (RFC 2045, 2183, 3282, 2557, 1864). */
    static void applyMimeFields(MimePart part, boolean inDigest) {
        String contentType = part.header("Content-Type");
        HeaderValues.ValueWithParams ct = contentType == null ? null : HeaderValues.valueWithParams(contentType);
        int slash = ct == null ? -1 : ct.value().indexOf('/');
        if (slash > 0 && slash < ct.value().length() - 1) {
            part.type = ct.value().substring(0, slash).strip();
            part.subtype = ct.value().substring(slash + 1).strip();
            part.params = ct.params();
        } else if (inDigest) { // RFC 2046 section 5.1.5
            part.type = "MESSAGE";
            part.subtype = "RFC822";
            part.params = List.of();
        } // else the RFC 2045 section 5.2 default set by the constructor
        part.multipart = part.type.equalsIgnoreCase("multipart");
        part.contentId = part.header("Content-ID");
        part.description = part.header("Content-Description");
        part.transferEncoding = part.header("Content-Transfer-Encoding");
        part.md5 = part.header("Content-MD5");
        String disposition = part.header("Content-Disposition");
        if (disposition != null) {
            HeaderValues.ValueWithParams d = HeaderValues.valueWithParams(disposition);
            if (!d.value().isEmpty()) {
                part.disposition = new MimePart.Disposition(d.value(), d.params());
            }
        }
        String language = part.header("Content-Language");
        if (language != null) {
            List<String> tags = leniently(() -> ((ContentLanguageField) LenientFieldParser.parse(
                    "Content-Language: " + language)).getLanguages());
            part.language = tags == null || tags.isEmpty() ? List.of(language) : List.copyOf(tags);
        }
        String location = part.header("Content-Location");
        if (location != null) {
            String uri = leniently(() -> ((ContentLocationField) LenientFieldParser.parse(
                    "Content-Location: " + location)).getLocation());
            part.location = uri == null ? location : uri;
        }
    }

    /** Runs a Mime4j field parse; null when it fails (its generated parsers throw Errors too). */
    private static <T> T leniently(Callable<T> parse) {
        try {
            return parse.call();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Exception | Error e) {
            return null;
        }
    }
}
