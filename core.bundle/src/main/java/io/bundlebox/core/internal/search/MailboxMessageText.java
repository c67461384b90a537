package io.bundlebox.core.internal.search;

import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.CharsetUtil;

/**
 * {@link MessageText} of a stored message, on Apache Mime4j. The decoded top-level header fields
 * are cached with the message ({@link Mailbox#cache}) under {@value #HEADER_CACHE_KEY}, so header
 * keys (FROM, SUBJECT, HEADER, SENT*...) read the file once per message and never again; body
 * keys parse the message each time, stopping at the first match. A message that disappeared
 * (expunged elsewhere) has no headers and no text.
 *
 * <p>Stand-in until the core's MIME layer offers decoded text: everything it needs is behind
 * {@link MessageText}.
 */
public final class MailboxMessageText implements MessageText {

    private static final Logger LOG = Logger.getLogger(MailboxMessageText.class.getName());

    /** Cache key of the decoded header fields; the version changes with their format. */
    public static final String HEADER_CACHE_KEY = "search.headers.v1";

    /** Header blocks beyond this are cut (and the rest is treated as body by the parser). */
    private static final int MAX_HEADER_OCTETS = 1 << 20;

    /** Lenient: real mail has long lines, many fields, and big parts. */
    private static final MimeConfig MIME_CONFIG = MimeConfig.copy(MimeConfig.PERMISSIVE).setMaxContentLen(-1).build();

    private final Mailbox mailbox;
    private final long uid;
    private HeaderFields headers;

    private MailboxMessageText(Mailbox mailbox, long uid) {
        this.mailbox = mailbox;
        this.uid = uid;
    }

    /** A source for the messages of {@code mailbox}. */
    public static MessageText.Source source(Mailbox mailbox) {
        return uid -> new MailboxMessageText(mailbox, uid);
    }

    @Override
    public List<String> header(String name) throws IOException {
        List<String> values = new ArrayList<>(1);
        for (HeaderFields.Field f : headers().fields()) {
            if (f.name().equalsIgnoreCase(name)) {
                values.add(f.value());
            }
        }
        return values;
    }

    @Override
    public boolean headersContain(SearchString s) throws IOException {
        return s.foundIn(headers().serialized());
    }

    private HeaderFields headers() throws IOException {
        if (headers == null) {
            headers = loadHeaders();
        }
        return headers;
    }

    private HeaderFields loadHeaders() throws IOException {
        try {
            String cached = mailbox.cached(uid, HEADER_CACHE_KEY);
            if (cached != null) {
                return HeaderFields.fromSerialized(cached);
            }
            HeaderFields parsed;
            try (SeekableByteChannel ch = mailbox.content(uid)) {
                byte[] block = readHeaderBlock(ch);
                parsed = HeaderFields.parse(block, block.length);
            }
            mailbox.cache(uid, HEADER_CACHE_KEY, parsed.serialized());
            return parsed;
        } catch (MailStoreException e) {
            LOG.fine(() -> "message " + uid + " in " + mailbox.name() + " not searchable: " + e.getMessage());
            return HeaderFields.parse(new byte[0], 0);
        }
    }

    /** Reads up to and including the empty line that ends the header (or the whole message). */
    private static byte[] readHeaderBlock(SeekableByteChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        int scanned = 0;
        while (true) {
            if (!buf.hasRemaining()) {
                if (buf.capacity() >= MAX_HEADER_OCTETS) {
                    return Arrays.copyOf(buf.array(), buf.position());
                }
                buf = ByteBuffer.allocate(buf.capacity() * 2).put(buf.flip());
            }
            int n = ch.read(buf);
            byte[] a = buf.array();
            int end = buf.position();
            for (int i = Math.max(scanned, 1); i < end; i++) {
                // LF LF or LF CR LF: the empty line
                if (a[i] == '\n' && (a[i - 1] == '\n' || (a[i - 1] == '\r' && i >= 2 && a[i - 2] == '\n'))) {
                    return Arrays.copyOf(a, i + 1);
                }
            }
            scanned = end;
            if (n < 0) {
                return Arrays.copyOf(a, end);
            }
        }
    }

    @Override
    public boolean bodyContains(SearchString s) throws IOException {
        try (SeekableByteChannel ch = mailbox.content(uid)) {
            BodyScan scan = new BodyScan(s);
            scan.parse(new BufferedInputStream(Channels.newInputStream(ch), 64 * 1024));
            return scan.found;
        } catch (MailStoreException e) {
            LOG.fine(() -> "message " + uid + " in " + mailbox.name() + " not searchable: " + e.getMessage());
            return false;
        }
    }

    /** One streaming pass over a message, stopping at the first match. */
    private static final class BodyScan extends AbstractContentHandler {
        private final SearchString needle;
        private final MimeStreamParser parser = new MimeStreamParser(MIME_CONFIG);
        private final char[] chunk = new char[8192];
        private int messageDepth;
        boolean found;

        BodyScan(SearchString needle) {
            this.needle = needle;
            parser.setContentDecoding(true); // base64 and quoted-printable decoded for body()
            parser.setContentHandler(this);
        }

        void parse(InputStream in) throws IOException {
            try {
                parser.parse(in);
            } catch (MimeException e) {
                // malformed beyond what permissive parsing tolerates: what was seen counts
            }
        }

        @Override
        public void startMessage() {
            messageDepth++;
        }

        @Override
        public void endMessage() {
            messageDepth--;
        }

        @Override
        public void field(Field field) {
            // header fields of attached messages (message/rfc822) are body text of the outer one
            if (messageDepth > 1 && !found) {
                String body = field.getBody();
                match(field.getName() + ": " + HeaderFields.decode(body == null ? "" : body.replace("\r\n", "")));
            }
        }

        @Override
        public void body(BodyDescriptor bd, InputStream is) throws IOException {
            if (found || !"text".equalsIgnoreCase(bd.getMediaType())) {
                return;
            }
            Reader r = new InputStreamReader(is, charset(bd.getCharset()));
            StringBuilder text = new StringBuilder();
            int n;
            while ((n = r.read(chunk)) > 0) {
                text.append(chunk, 0, n);
            }
            match(text);
        }

        private void match(CharSequence text) {
            if (needle.foundIn(text)) {
                found = true;
                parser.stop();
            }
        }

        /** The part's charset; UTF-8 for US-ASCII (its superset, for stray 8-bit) and unknown names. */
        private static Charset charset(String name) {
            Charset c = name == null ? null : CharsetUtil.lookup(name);
            return c == null || c.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : c;
        }
    }
}
