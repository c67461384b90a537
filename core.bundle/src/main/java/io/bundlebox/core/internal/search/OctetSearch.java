package io.bundlebox.core.internal.search;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;

/**
 * The fast path of BODY/TEXT search for an ASCII string in text whose charset keeps ASCII as
 * single octets ({@link TextLayout#asciiTransparent()}): transfer decoding on byte arrays and an
 * ASCII case-insensitive octet search, with no charset decoding. Over the 2,322 messages of the
 * USRP corpus this is several times faster than decoding to characters, mostly because
 * quoted-printable, the commonest encoding there, is decoded here in a tight loop.
 *
 * <p>Matching differs from {@link io.bundlebox.core.internal.mime.TextMatcher} only for
 * non-ASCII characters whose case folding is ASCII (the Kelvin sign, long s), which this path
 * does not fold: RFC 9051 section 6.4.4 asks for case-insensitivity within the ASCII range.
 */
final class OctetSearch {

    private OctetSearch() {
    }

    /**
     * The ASCII string lower-cased as octets, or null when it is not ASCII (the caller then takes
     * the character path).
     */
    static byte[] asciiNeedle(String s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            out[i] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        return out;
    }

    /** Whether {@code needle} (lower-case ASCII) occurs in {@code hay[0, length)}, ASCII case ignored. */
    static boolean contains(byte[] hay, int length, byte[] needle) {
        int n = needle.length;
        if (n == 0) {
            return true;
        }
        byte first = needle[0];
        byte firstUpper = first >= 'a' && first <= 'z' ? (byte) (first - 32) : first;
        int last = length - n;
        outer:
        for (int i = 0; i <= last; i++) {
            byte b = hay[i];
            if (b != first && b != firstUpper) {
                continue;
            }
            for (int j = 1; j < n; j++) {
                int c = hay[i + j];
                if (c >= 'A' && c <= 'Z') {
                    c += 32;
                }
                if (c != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Decoded octets: the first {@code length} of {@code bytes}. */
    record Octets(byte[] bytes, int length) {
    }

    /**
     * Decodes a part body from its Content-Transfer-Encoding (RFC 2045 section 6): base64 and
     * quoted-printable (in place, reusing {@code raw}); anything else (7bit, 8bit, binary,
     * unknown) is taken as it is, as the MIME layer does. Malformed input is decoded as far as
     * possible, never rejected.
     */
    static Octets decode(byte[] raw, String encoding) {
        return switch (encoding) {
            case "quoted-printable" -> new Octets(raw, decodeQuotedPrintable(raw));
            case "base64" -> {
                byte[] out = decodeBase64(raw);
                yield new Octets(out, out.length);
            }
            default -> new Octets(raw, raw.length);
        };
    }

    /**
     * Quoted-printable (RFC 2045 section 6.7), in place: {@code =XX} becomes its octet, {@code =}
     * before a line break (with optional white space) is a soft break and disappears; a stray
     * {@code =} stays as it is.
     *
     * @return the decoded length
     */
    static int decodeQuotedPrintable(byte[] b) {
        int out = 0;
        int n = b.length;
        for (int i = 0; i < n; i++) {
            byte c = b[i];
            if (c != '=') {
                b[out++] = c;
                continue;
            }
            if (i + 2 < n && hex(b[i + 1]) >= 0 && hex(b[i + 2]) >= 0) {
                b[out++] = (byte) (hex(b[i + 1]) << 4 | hex(b[i + 2]));
                i += 2;
                continue;
            }
            int j = i + 1;
            while (j < n && (b[j] == ' ' || b[j] == '\t')) {
                j++;
            }
            if (j < n && b[j] == '\r') {
                j++;
            }
            if (j < n && b[j] == '\n') {
                i = j; // soft line break
                continue;
            }
            if (j == n) {
                break; // soft break at the very end
            }
            b[out++] = c;
        }
        return out;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /** Base64 ignoring line breaks and junk; on malformed padding, Mime4j's lenient decoder. */
    private static byte[] decodeBase64(byte[] raw) {
        try {
            return Base64.getMimeDecoder().decode(raw);
        } catch (IllegalArgumentException e) {
            try (Base64InputStream in = new Base64InputStream(new ByteArrayInputStream(raw), DecodeMonitor.SILENT)) {
                return in.readAllBytes();
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
        }
    }
}
