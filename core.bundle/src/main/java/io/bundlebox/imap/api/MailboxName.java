package io.bundlebox.imap.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Mailbox names on the wire (RFC 9051 sections 5.1 and 5.1.3): UTF-8 once the client enabled
 * IMAP4rev2 or UTF8=ACCEPT, modified UTF-7 for IMAP4rev1 clients. Inside Bundlebox a mailbox
 * name is a Java string with {@code /} as hierarchy delimiter, and {@code INBOX} in any case
 * means the inbox.
 */
public final class MailboxName {

    /** The hierarchy delimiter Bundlebox uses (section 5.1.1). */
    public static final char DELIMITER = '/';
    /** The name of the inbox, case-insensitive on input (section 5.1). */
    public static final String INBOX = "INBOX";

    private static final Base64.Encoder B64E = Base64.getEncoder().withoutPadding();
    private static final String MODIFIED_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    private MailboxName() {
    }

    /** {@code INBOX} for any case of it (and for INBOX/... its first component), else the name. */
    public static String normalize(String name) {
        if (name.equalsIgnoreCase(INBOX)) {
            return INBOX;
        }
        if (name.length() > 6 && name.charAt(5) == DELIMITER
                && name.substring(0, 5).toUpperCase(Locale.ROOT).equals(INBOX)) {
            return INBOX + name.substring(5);
        }
        return name;
    }

    /**
     * Encodes a name as modified UTF-7 (RFC 3501 section 5.1.3 / RFC 9051 section 5.1.3).
     */
    public static String encodeUtf7(String name) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c >= 0x20 && c <= 0x7e) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            int j = i;
            while (j < name.length() && (name.charAt(j) < 0x20 || name.charAt(j) > 0x7e)) {
                j++;
            }
            byte[] utf16 = name.substring(i, j).getBytes(StandardCharsets.UTF_16BE);
            out.append('&').append(B64E.encodeToString(utf16).replace('/', ',')).append('-');
            i = j;
        }
        return out.toString();
    }

    /**
     * Decodes modified UTF-7 strictly: the base64 of a {@code &...-} run uses the modified
     * alphabet ({@code ,} for {@code /}) without padding, holds whole UTF-16 code units with zero
     * bits left over and no unpaired surrogate, and encodes no printable US-ASCII character
     * (RFC 3501 section 5.1.3: those must represent themselves, {@code &} as {@code &-}).
     *
     * @throws IllegalArgumentException when the name is not valid modified UTF-7, saying why
     */
    public static String decodeUtf7(String wire) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < wire.length()) {
            char c = wire.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("mailbox name has a non-ASCII character outside UTF-7");
            }
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int end = wire.indexOf('-', i);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated modified UTF-7 sequence");
            }
            if (end == i + 1) {
                out.append('&');
            } else {
                out.append(decodeBase64Run(wire.substring(i + 1, end)));
            }
            i = end + 1;
        }
        return out.toString();
    }

    private static String decodeBase64Run(String run) {
        int bits = 0;
        int bitCount = 0;
        StringBuilder units = new StringBuilder();
        for (int k = 0; k < run.length(); k++) {
            int v = MODIFIED_BASE64.indexOf(run.charAt(k));
            if (v < 0) {
                throw new IllegalArgumentException("bad modified UTF-7 sequence: '" + run.charAt(k) + "' is not modified base64");
            }
            bits = (bits << 6) | v;
            bitCount += 6;
            if (bitCount >= 16) {
                bitCount -= 16;
                units.append((char) ((bits >>> bitCount) & 0xffff));
            }
        }
        // what is left must be padding: fewer than 6 bits, all zero (a minimal encoding)
        if (bitCount >= 6 || (bits & ((1 << bitCount) - 1)) != 0) {
            throw new IllegalArgumentException("bad modified UTF-7 sequence: incomplete UTF-16 code unit");
        }
        for (int k = 0; k < units.length(); k++) {
            char u = units.charAt(k);
            if (u >= 0x20 && u <= 0x7e) {
                throw new IllegalArgumentException("bad modified UTF-7 sequence: encodes printable US-ASCII");
            }
            if (Character.isHighSurrogate(u) && (k + 1 == units.length() || !Character.isLowSurrogate(units.charAt(k + 1)))
                    || Character.isLowSurrogate(u) && (k == 0 || !Character.isHighSurrogate(units.charAt(k - 1)))) {
                throw new IllegalArgumentException("bad modified UTF-7 sequence: unpaired surrogate");
            }
        }
        return units.toString();
    }
}
