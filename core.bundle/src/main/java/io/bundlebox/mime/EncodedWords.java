package io.bundlebox.mime;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/** RFC 2047 encoded words (section 6), decoded by Mime4j, silently and leniently. */
public final class EncodedWords {

    private EncodedWords() {
    }

    /**
     * Decodes the encoded words of an (unfolded) header value; text outside encoded words is
     * kept; line breaks produced by decoding become spaces.
     *
     * @param value a header value, or null
     * @return the decoded text; {@code value} itself when it holds no {@code =?} or cannot be
     *     decoded; null for null
     */
    public static String decode(String value) {
        String decoded = decodeKeepingBreaks(value);
        return decoded == value ? value : decoded.replace('\r', ' ').replace('\n', ' ');
    }

    /**
     * Like {@link #decode} but keeps line breaks that decoding produced (for values such as
     * file names that are passed on as they decode).
     */
    public static String decodeKeepingBreaks(String value) {
        if (value == null || value.indexOf("=?") < 0) {
            return value;
        }
        try {
            return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
        } catch (RuntimeException e) {
            return value;
        }
    }
}
