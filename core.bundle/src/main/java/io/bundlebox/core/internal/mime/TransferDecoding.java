package io.bundlebox.core.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;

/** Content-Transfer-Encoding (RFC 2045 section 6) decoding with Mime4j's lenient decoders. */
final class TransferDecoding {

    private TransferDecoding() {}

    /** @return true for 7bit, 8bit and binary (and an absent header), whose octets are the data */
    static boolean isIdentity(String encoding) {
        return switch (encoding.toLowerCase(Locale.ROOT)) {
            case "7bit", "8bit", "binary" -> true;
            default -> false;
        };
    }

    /** @return true when {@link #decode} can decode it */
    static boolean isKnown(String encoding) {
        return isIdentity(encoding) || isDecoded(encoding);
    }

    private static boolean isDecoded(String encoding) {
        String e = encoding.toLowerCase(Locale.ROOT);
        return e.equals("base64") || e.equals("quoted-printable");
    }

    /**
     * Wraps an encoded stream in its decoder; malformed input is decoded as far as possible
     * (Mime4j's silent monitor), never rejected.
     *
     * @throws IllegalArgumentException for an encoding that {@link #isKnown} rejects
     */
    static InputStream decode(InputStream encoded, String encoding) {
        return switch (encoding.toLowerCase(Locale.ROOT)) {
            case "base64" -> new Base64InputStream(encoded, DecodeMonitor.SILENT);
            case "quoted-printable" -> new QuotedPrintableInputStream(encoded, DecodeMonitor.SILENT);
            case "7bit", "8bit", "binary" -> encoded;
            default -> throw new IllegalArgumentException("unknown transfer encoding " + encoding);
        };
    }

    /** @return the number of octets {@code in} yields, consuming it */
    static long count(InputStream in) throws IOException {
        return in.transferTo(OutputStream.nullOutputStream());
    }
}
