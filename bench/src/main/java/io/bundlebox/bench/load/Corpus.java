package io.bundlebox.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real messages for the load generator, read from an mbox of {@code ../shared/corpus} by the
 * end-to-end tests' {@code Mbox} reader, lines ended with CRLF as IMAP sends them. Kept: messages with a header/body separator, a single
 * Message-ID that a SEARCH string can carry, no NUL octet and at most {@code maxSize} octets.
 */
final class Corpus {

    private static final Pattern MESSAGE_ID = Pattern.compile("(?i)(?:^|\\r\\n)Message-ID:[ \\t]*(<[^<>\"\\\\\\s]+>)[ \\t]*\\r\\n");

    /** One message: its octets (CRLF), where its text begins, its Message-ID. */
    record Message(byte[] octets, int textStart, String messageId) {
        /** BODY[HEADER]: the header including the empty line after it (RFC 9051 section 6.4.5). */
        String header() {
            return new String(octets, 0, textStart, StandardCharsets.ISO_8859_1);
        }

        /** BODY[TEXT]. */
        String text() {
            return new String(octets, textStart, octets.length - textStart, StandardCharsets.ISO_8859_1);
        }

        /** BODY[]. */
        String whole() {
            return new String(octets, StandardCharsets.ISO_8859_1);
        }
    }

    private final List<Message> messages;

    private Corpus(List<Message> messages) {
        this.messages = messages;
    }

    /** Reads {@code mbox}; fails when it holds no usable message. */
    static Corpus read(Path mbox, int maxSize) throws IOException {
        List<Message> kept = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        java.util.Set<String> repeated = new java.util.HashSet<>();
        for (byte[] raw : io.bundlebox.itest.Mbox.read(mbox, Integer.MAX_VALUE)) {
            byte[] crlf = crlf(raw);
            Message m = message(crlf, maxSize);
            if (m != null) {
                kept.add(m);
                if (!ids.add(m.messageId())) {
                    repeated.add(m.messageId());
                }
            }
        }
        // a Message-ID that several messages share would make a search answer ambiguous
        kept.removeIf(m -> repeated.contains(m.messageId()));
        if (kept.isEmpty()) {
            throw new IOException("no usable message in " + mbox);
        }
        return new Corpus(List.copyOf(kept));
    }

    int size() {
        return messages.size();
    }

    Message get(int i) {
        return messages.get(i);
    }

    private static Message message(byte[] m, int maxSize) {
        if (m.length > maxSize) {
            return null;
        }
        int sep = -1;
        for (int i = 0; i + 3 < m.length; i++) {
            if (m[i] == 0) {
                return null;
            }
            if (sep < 0 && m[i] == '\r' && m[i + 1] == '\n' && m[i + 2] == '\r' && m[i + 3] == '\n') {
                sep = i + 4;
            }
        }
        if (sep < 0) {
            return null;
        }
        Matcher id = MESSAGE_ID.matcher(new String(m, 0, sep, StandardCharsets.ISO_8859_1));
        if (!id.find()) {
            return null;
        }
        String found = id.group(1);
        if (id.find()) {
            return null; // two Message-ID fields
        }
        return new Message(m, sep, found);
    }

    /** LF and lone CR line ends to CRLF; a message ends with CRLF. */
    private static byte[] crlf(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + raw.length / 20);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < raw.length && raw[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        byte[] r = out.toByteArray();
        return r;
    }
}
