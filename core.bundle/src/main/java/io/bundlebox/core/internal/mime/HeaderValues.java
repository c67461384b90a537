package io.bundlebox.core.internal.mime;

import io.bundlebox.mime.EncodedWords;
import io.bundlebox.mime.HeaderBlock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteArrayBuffer;
import org.apache.james.mime4j.util.MimeParameterMapping;

/**
 * Header value helpers on top of Mime4j: octets to text, field splitting, parameter lists with
 * RFC 2231 merging, RFC 2047 decoding. None of these throws on malformed input.
 */
final class HeaderValues {

    private HeaderValues() {}

    /**
     * Header octets as text: UTF-8 when they are valid UTF-8 (RFC 6532), else ISO-8859-1, which
     * maps every octet to one char so raw 8-bit headers survive (and never fail).
     */
    static String text(byte[] bytes, int offset, int length) {
        return HeaderBlock.text(bytes, offset, length);
    }

    /**
     * Splits one unfolded header field (RFC 5322 section 2.2) into name and trimmed value.
     *
     * @return null for a malformed line (no colon, or white space inside the name such as an
     *     mbox "From " line), which the caller keeps as raw header text but otherwise ignores
     */
    static MimePart.HeaderField field(String unfolded) {
        int colon = unfolded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String name = stripTrailingWsp(unfolded.substring(0, colon)); // obs-optional "Name :"
        if (name.isEmpty()) {
            return null;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 127) {
                return null;
            }
        }
        return new MimePart.HeaderField(name, unfolded.substring(colon + 1).strip());
    }

    private static String stripTrailingWsp(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** A structured value: the part before the first ';' and its parameters. */
    record ValueWithParams(String value, List<MimePart.Param> params) {}

    /**
     * Parses "value; a=b; c*0=..." (Content-Type, Content-Disposition) with Mime4j's
     * {@link RawFieldParser}; RFC 2231 names of one attribute are merged and decoded by Mime4j's
     * {@link MimeParameterMapping}, which yields one decoded value per attribute.
     */
    static ValueWithParams valueWithParams(String fieldValue) {
        byte[] utf8 = fieldValue.getBytes(StandardCharsets.UTF_8);
        ByteArrayBuffer buf = new ByteArrayBuffer(utf8, utf8.length, false);
        RawBody body = RawFieldParser.DEFAULT.parseRawBody(buf, new ParserCursor(0, utf8.length));
        List<NameValuePair> raw = body.getParams();
        // base name (lower case) -> whether any segment uses the extended (charset) syntax
        Map<String, Boolean> rfc2231 = new LinkedHashMap<>();
        for (NameValuePair p : raw) {
            String name = p.getName();
            int star = name.indexOf('*');
            if (star > 0) {
                rfc2231.merge(name.substring(0, star).toLowerCase(Locale.ROOT), name.endsWith("*"),
                        Boolean::logicalOr);
            }
        }
        MimeParameterMapping mapping = null;
        if (!rfc2231.isEmpty()) {
            mapping = new MimeParameterMapping();
            for (NameValuePair p : raw) {
                String base = p.getName().split("\\*", 2)[0].toLowerCase(Locale.ROOT);
                if (rfc2231.containsKey(base)) {
                    mapping.addParameter(p.getName(), p.getValue() == null ? "" : p.getValue());
                }
            }
        }
        List<MimePart.Param> params = new ArrayList<>(raw.size());
        List<String> done = new ArrayList<>();
        for (NameValuePair p : raw) {
            String name = p.getName();
            if (name.isEmpty()) {
                continue;
            }
            int star = name.indexOf('*');
            String base = star < 0 ? name : name.substring(0, star);
            String key = base.toLowerCase(Locale.ROOT);
            if (mapping != null && rfc2231.containsKey(key)) {
                if (done.contains(key) || base.isEmpty()) {
                    continue;
                }
                done.add(key);
                params.add(new MimePart.Param(base, String.valueOf(mapping.get(key)), rfc2231.get(key)));
            } else {
                params.add(new MimePart.Param(name, p.getValue() == null ? "" : p.getValue()));
            }
        }
        return new ValueWithParams(body.getValue() == null ? "" : body.getValue().strip(), List.copyOf(params));
    }

    /** RFC 2231 section 7 attribute-char percent-encoding of the UTF-8 octets of {@code s}. */
    static String percentEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean attributeChar = c > ' ' && c < 127 && "*'%()<>@,;:\\\"/[]?=".indexOf(c) < 0;
            if (attributeChar) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    /** RFC 2047 decoding by Mime4j, silent and lenient; returns the input if decoding fails. */
    static String decodeEncodedWords(String value) {
        return EncodedWords.decodeKeepingBreaks(value);
    }

}
