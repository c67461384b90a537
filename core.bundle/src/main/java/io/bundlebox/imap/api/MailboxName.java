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
    private static final Base64.Decoder B64D = Base64.getDecoder();

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
     * Decodes modified UTF-7.
     *
     * @throws IllegalArgumentException when the name is not valid modified UTF-7
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
                String b64 = wire.substring(i + 1, end).replace(',', '/');
                byte[] bytes;
                try {
                    bytes = B64D.decode(b64);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("bad modified UTF-7 sequence");
                }
                if (bytes.length % 2 != 0) {
                    throw new IllegalArgumentException("bad modified UTF-7 sequence");
                }
                out.append(new String(bytes, StandardCharsets.UTF_16BE));
            }
            i = end + 1;
        }
        return out.toString();
    }
}
