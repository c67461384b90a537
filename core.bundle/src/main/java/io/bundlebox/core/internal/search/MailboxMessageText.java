package io.bundlebox.core.internal.search;

import io.bundlebox.core.internal.mime.MimeParser;
import io.bundlebox.core.internal.mime.MimePart;
import io.bundlebox.core.internal.mime.SearchText;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mime.HeaderBlock;
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
 * per message and never again. Body keys use the core's MIME layer ({@link MimeParser},
 * {@link SearchText}); for the common case of an ASCII string they parse a message once, cache
 * its {@link TextLayout} under {@value #LAYOUT_CACHE_KEY} and from then on read only its text
 * parts and search their octets ({@link OctetSearch}). Every scan stops at the first match. A
 * message that disappeared (expunged elsewhere) has no header fields and no text.
 */
public final class MailboxMessageText implements MessageText {

    private static final Logger LOG = Logger.getLogger(MailboxMessageText.class.getName());

    /** Cache key of the decoded header fields; the version changes with their format. */
    public static final String HEADER_CACHE_KEY = "search.headers.v1";

    /** Cache key of the {@link TextLayout}; the version changes with its format. */
    public static final String LAYOUT_CACHE_KEY = "search.layout.v1";

    /**
     * Text parts larger than this take the streaming character path: the octet path holds a
     * part whole in memory.
     */
    private static final long MAX_OCTET_PATH_PART = 8L << 20;

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
                byte[] block = HeaderBlock.read(ch);
                parsed = HeaderFields.parse(block, block.length);
            }
            mailbox.cache(uid, HEADER_CACHE_KEY, parsed.serialized());
            return parsed;
        } catch (MailStoreException e) {
            LOG.fine(() -> "message " + uid + " in " + mailbox.name() + " not searchable: " + e.getMessage());
            return HeaderFields.parse(new byte[0], 0);
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

    /**
     * Streams the message's decoded text past the string, stopping at a match. An ASCII string
     * in ASCII-transparent text parts of at most {@value #MAX_OCTET_PATH_PART} octets takes the
     * fast path over the cached {@link TextLayout}; anything else is parsed and streamed as
     * characters by the MIME layer.
     */
    private boolean scanContent(SearchString s, boolean withPartHeaders) throws IOException {
        try (SeekableByteChannel ch = mailbox.content(uid)) {
            byte[] needle = OctetSearch.asciiNeedle(s.text());
            TextLayout layout = needle == null ? null : layout(ch);
            if (layout == null || !layout.asciiTransparent() || layout.largestPart() > MAX_OCTET_PATH_PART) {
                MimePart root = MimeParser.parse(ch.position(0));
                return withPartHeaders ? SearchText.textContains(ch, root, s.text()) : SearchText.bodyContains(ch, root, s.text());
            }
            if (withPartHeaders && s.foundIn(layout.partHeaders())) {
                return true;
            }
            for (TextLayout.TextPart part : layout.parts()) {
                OctetSearch.Octets text = OctetSearch.decode(read(ch, part.start(), part.length()), part.encoding());
                if (OctetSearch.contains(text.bytes(), text.length(), needle)) {
                    return true;
                }
            }
            return false;
        } catch (MailStoreException e) {
            LOG.fine(() -> "message " + uid + " in " + mailbox.name() + " not searchable: " + e.getMessage());
            return false;
        }
    }

    /** The cached text layout, or one computed by parsing {@code ch} (and then cached). */
    private TextLayout layout(SeekableByteChannel ch) throws IOException, MailStoreException {
        String cached = mailbox.cached(uid, LAYOUT_CACHE_KEY);
        TextLayout layout = cached == null ? null : TextLayout.parse(cached);
        if (layout == null) {
            layout = TextLayout.of(MimeParser.parse(ch));
            mailbox.cache(uid, LAYOUT_CACHE_KEY, layout.serialized());
        }
        return layout;
    }

    private static byte[] read(SeekableByteChannel ch, long start, long length) throws IOException {
        byte[] bytes = new byte[(int) Math.min(length, Integer.MAX_VALUE - 8)];
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        ch.position(start);
        while (buf.hasRemaining() && ch.read(buf) > 0) {
            // read on
        }
        return buf.position() == bytes.length ? bytes : Arrays.copyOf(bytes, buf.position());
    }
}
