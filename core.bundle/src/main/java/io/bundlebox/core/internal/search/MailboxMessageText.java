package io.bundlebox.core.internal.search;

import io.bundlebox.core.internal.mime.MimeParser;
import io.bundlebox.core.internal.mime.MimePart;
import io.bundlebox.core.internal.mime.SearchText;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@link MessageText} of a stored message. The decoded top-level header fields are read from
 * the header block alone and cached with the message ({@link Mailbox#cache}) under
 * {@value #HEADER_CACHE_KEY}, so header keys (FROM, SUBJECT, HEADER, SENT*...) read a file once
 * per message and never again; body keys parse the message with the core's MIME layer
 * ({@link MimeParser}, {@link SearchText}) each time, stopping at the first match. A message
 * that disappeared (expunged elsewhere) has no header fields and no text.
 */
public final class MailboxMessageText implements MessageText {

    private static final Logger LOG = Logger.getLogger(MailboxMessageText.class.getName());

    /** Cache key of the decoded header fields; the version changes with their format. */
    public static final String HEADER_CACHE_KEY = "search.headers.v1";

    /** Header blocks beyond this are cut (and the rest is treated as body by the parser). */
    private static final int MAX_HEADER_OCTETS = 1 << 20;

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
        return scanContent(s, false);
    }

    @Override
    public boolean textContains(SearchString s) throws IOException {
        return headersContain(s) || scanContent(s, true);
    }

    /** Parses the message and streams its decoded text past the matcher, stopping at a match. */
    private boolean scanContent(SearchString s, boolean withPartHeaders) throws IOException {
        try (SeekableByteChannel ch = mailbox.content(uid)) {
            MimePart root = MimeParser.parse(ch);
            return withPartHeaders ? SearchText.textContains(ch, root, s.text()) : SearchText.bodyContains(ch, root, s.text());
        } catch (MailStoreException e) {
            LOG.fine(() -> "message " + uid + " in " + mailbox.name() + " not searchable: " + e.getMessage());
            return false;
        }
    }
}
