package io.bundlebox.core.internal.mime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One entity of a parsed message (RFC 2045 section 2.4): the message itself, a body part of a
 * multipart, or the message encapsulated in a {@code message/rfc822} / {@code message/global}
 * part. Produced by {@link MimeParser#parse}; immutable once returned.
 *
 * <p>Offsets are absolute octet positions in the stored message:
 * {@code headerStart <= bodyStart <= bodyEnd}. The header region {@code [headerStart, bodyStart)}
 * includes the blank separator line when there is one; the body region
 * {@code [bodyStart, bodyEnd)} excludes the line break that precedes a boundary delimiter, which
 * belongs to the delimiter (RFC 2046 section 5.1.1).
 *
 * <p>The MIME attributes hold the raw (unfolded, trimmed) header values as sent; parameters
 * have RFC 2231 continuations merged (see {@link Param}).
 */
public final class MimePart {

    /**
     * A content parameter (RFC 2045 section 5.1), in the order the header gave it. RFC 2231
     * segments of one attribute are merged and decoded by Mime4j: {@code n*0=a; n*1=b} and
     * {@code n*=utf-8''a%62} both give name "n", value "ab".
     *
     * @param name the attribute as sent, without RFC 2231 "*" suffixes
     * @param value the value, unquoted and decoded
     * @param charsetTagged true when the value came with an RFC 2231 charset ({@code n*=} or
     *     {@code n*0*=}); BODYSTRUCTURE then shows it as {@code n*} (RFC 9051 section 7.5.2)
     */
    public record Param(String name, String value, boolean charsetTagged) {
        /** A plain parameter. */
        public Param(String name, String value) {
            this(name, value, false);
        }
    }

    /** An unfolded header field: name as sent, value with surrounding white space trimmed. */
    public record HeaderField(String name, String value) {}

    /** A Content-Disposition (RFC 2183): type as sent, parameters (RFC 2231 merged). */
    public record Disposition(String type, List<Param> params) {}

    long headerStart;
    long bodyStart;
    long bodyEnd;
    long bodyLines;
    List<HeaderField> headers = List.of();
    String type = "TEXT";
    String subtype = "PLAIN";
    List<Param> params = List.of(new Param("CHARSET", "US-ASCII"));
    String contentId;
    String description;
    String transferEncoding;
    String md5;
    Disposition disposition;
    List<String> language;
    String location;
    boolean multipart;
    final List<MimePart> children = new ArrayList<>();
    private final List<MimePart> childrenView = Collections.unmodifiableList(children);
    MimePart message;

    MimePart(long headerStart) {
        this.headerStart = headerStart;
        this.bodyStart = headerStart;
        this.bodyEnd = headerStart;
    }

    /** @return octet offset where this entity's header begins */
    public long headerStart() { return headerStart; }

    /** @return octet offset where the body begins (just after the blank line, if any) */
    public long bodyStart() { return bodyStart; }

    /** @return octet offset just past the body */
    public long bodyEnd() { return bodyEnd; }

    /** @return body size in octets, in its transfer encoding (RFC 9051 body-fld-octets) */
    public long bodyOctets() { return bodyEnd - bodyStart; }

    /**
     * @return text lines of the body (RFC 9051 body-fld-lines): the line breaks inside the body
     *     region; the break before a boundary delimiter belongs to the delimiter (RFC 2046 section
     *     5.1.1), so the last line before it is not counted, nor a last line without a break
     */
    public long bodyLines() { return bodyLines; }

    /** @return header fields in order; possibly truncated for absurdly large headers */
    public List<HeaderField> headers() { return headers; }

    /** @return media type as sent ("TEXT" when defaulted), never null */
    public String type() { return type; }

    /** @return media subtype as sent ("PLAIN" when defaulted), never null */
    public String subtype() { return subtype; }

    /** @return content-type parameters in header order; empty if none */
    public List<Param> params() { return params; }

    /** @return the value of a content-type parameter (ASCII case-insensitive name), or null */
    public String param(String name) {
        for (Param p : params) {
            if (p.name().equalsIgnoreCase(name)) {
                return p.value();
            }
        }
        return null;
    }

    /** @return Content-ID value or null */
    public String contentId() { return contentId; }

    /** @return Content-Description value (encoded words as sent) or null */
    public String description() { return description; }

    /** @return Content-Transfer-Encoding as sent, or null when absent (meaning 7bit) */
    public String transferEncoding() { return transferEncoding; }

    /** @return Content-MD5 value or null */
    public String md5() { return md5; }

    /** @return Content-Disposition or null */
    public Disposition disposition() { return disposition; }

    /** @return Content-Language tags or null when absent */
    public List<String> language() { return language; }

    /** @return Content-Location URI or null */
    public String location() { return location; }

    /**
     * @return true for multipart/* (then {@link #children()} holds the body parts; a multipart
     *     in which no delimiter was found has one headerless text/plain part spanning its body,
     *     as RFC 9051 requires at least one)
     */
    public boolean isMultipart() { return multipart; }

    /** @return body parts of a multipart, in order; empty for other types */
    public List<MimePart> children() { return childrenView; }

    /**
     * @return for a message/rfc822 or message/global part, the encapsulated message; when the
     *     part is transfer-encoded (not allowed by RFC 2046 section 5.2.1, but seen) or nested
     *     too deep, an empty message at the part's end; null for other types
     */
    public MimePart message() { return message; }

    /** @return true for text/* (ASCII case-insensitive) */
    public boolean isText() { return type.equalsIgnoreCase("text"); }

    /** @return the transfer encoding lower-cased, "7bit" when absent */
    public String transferEncodingOrDefault() {
        return transferEncoding == null || transferEncoding.isEmpty()
                ? "7bit" : transferEncoding.toLowerCase(Locale.ROOT);
    }

    /** @return the first header field of that name (ASCII case-insensitive), or null */
    public String header(String name) {
        for (HeaderField f : headers) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return type + "/" + subtype + "[" + headerStart + "," + bodyStart + "," + bodyEnd + "]"
                + (children.isEmpty() ? "" : children) + (message == null ? "" : "{" + message + "}");
    }
}
