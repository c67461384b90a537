package io.bundlebox.core.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.mime4j.util.CharsetUtil;

/**
 * Decoded text for SEARCH (RFC 9051 section 6.4.4): header values with RFC 2047 encoded words
 * decoded, and the text of the body parts decoded from their transfer encoding and charset,
 * delivered in chunks so a huge body never sits in memory.
 *
 * <p>Charsets: the part's charset parameter through {@link Charset#forName} then Mime4j's
 * {@link CharsetUtil#lookup}; absent, US-ASCII or unknown ones are read as UTF-8 (a superset of
 * ASCII that keeps most undeclared 8-bit mail readable), ISO-8859-1 as windows-1252 (as web
 * browsers do); malformed octets become U+FFFD. An
 * unknown transfer encoding is read as is. Nothing here throws for malformed mail.
 */
public final class SearchText {

    private static final int CHUNK_CHARS = 8192;

    private SearchText() {}

    /** Receives decoded text. */
    @FunctionalInterface
    public interface TextSink {
        /**
         * @param chunk the next piece of one part's text (valid only during the call)
         * @return false to stop early (e.g. once a match is found)
         */
        boolean accept(CharSequence chunk);

        /** Called after the last chunk of each part, so matches do not span parts. */
        default void endOfPart() {}
    }

    /**
     * @param entity a message or body part
     * @param name a field name, ASCII case-insensitive
     * @return the unfolded values of every field of that name, RFC 2047 decoded; empty if none
     */
    public static List<String> headerValues(MimePart entity, String name) {
        List<String> values = new ArrayList<>();
        for (MimePart.HeaderField f : entity.headers()) {
            if (f.name().equalsIgnoreCase(name)) {
                values.add(HeaderValues.decodeEncodedWords(f.value()));
            }
        }
        return values;
    }

    /** @return every header field of the entity as "Name: decoded value", one per line (LF) */
    public static String headerText(MimePart entity) {
        StringBuilder out = new StringBuilder();
        for (MimePart.HeaderField f : entity.headers()) {
            out.append(f.name()).append(": ").append(HeaderValues.decodeEncodedWords(f.value())).append('\n');
        }
        return out.toString();
    }

    /**
     * Streams the decoded text of every text/* leaf part, in part order, descending into
     * multiparts and encapsulated messages (SEARCH BODY).
     *
     * @return false if the sink stopped early
     */
    public static boolean bodyText(SeekableByteChannel channel, MimePart root, TextSink sink) throws IOException {
        return visit(channel, root, sink, false);
    }

    /**
     * Like {@link #bodyText} but also yields, before each entity's body, its header text
     * ({@link #headerText}): the root header, MIME headers of parts and headers of
     * encapsulated messages (SEARCH TEXT).
     */
    public static boolean allText(SeekableByteChannel channel, MimePart root, TextSink sink) throws IOException {
        return visit(channel, root, sink, true);
    }

    /** @return whether SEARCH BODY {@code needle} matches (see {@link TextMatcher}) */
    public static boolean bodyContains(SeekableByteChannel channel, MimePart root, String needle) throws IOException {
        return contains(channel, root, needle, false);
    }

    /** @return whether SEARCH TEXT {@code needle} matches: any header or body text */
    public static boolean textContains(SeekableByteChannel channel, MimePart root, String needle) throws IOException {
        return contains(channel, root, needle, true);
    }

    private static boolean contains(SeekableByteChannel channel, MimePart root, String needle, boolean headers)
            throws IOException {
        TextMatcher matcher = new TextMatcher(needle);
        visit(channel, root, new TextSink() {
            @Override
            public boolean accept(CharSequence chunk) {
                return !matcher.feed(chunk);
            }

            @Override
            public void endOfPart() {
                if (!matcher.matched()) {
                    matcher.reset();
                }
            }
        }, headers);
        return matcher.matched();
    }

    private static boolean visit(SeekableByteChannel channel, MimePart part, TextSink sink, boolean headers)
            throws IOException {
        if (headers) {
            boolean go = sink.accept(headerText(part));
            sink.endOfPart();
            if (!go) {
                return false;
            }
        }
        if (part.isMultipart()) {
            for (MimePart child : part.children()) {
                if (!visit(channel, child, sink, headers)) {
                    return false;
                }
            }
            return true;
        }
        if (part.message() != null) {
            return visit(channel, part.message(), sink, headers);
        }
        if (!part.isText()) {
            return true;
        }
        String encoding = part.transferEncodingOrDefault();
        InputStream raw = new ChannelInputStream(channel, part.bodyStart(), part.bodyOctets());
        InputStream decoded = TransferDecoding.isKnown(encoding) ? TransferDecoding.decode(raw, encoding) : raw;
        try (Reader reader = new InputStreamReader(decoded, decoder(part.param("charset")))) {
            char[] buffer = new char[CHUNK_CHARS];
            int n;
            while ((n = reader.read(buffer)) > 0) {
                if (!sink.accept(java.nio.CharBuffer.wrap(buffer, 0, n))) {
                    sink.endOfPart();
                    return false;
                }
            }
        }
        sink.endOfPart();
        return true;
    }

    /** The decoder for a charset parameter, falling back as the class comment says. */
    static CharsetDecoder decoder(String charsetName) {
        return charset(charsetName).newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    static Charset charset(String name) {
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        Charset charset = null;
        try {
            charset = Charset.forName(name.strip());
        } catch (IllegalArgumentException e) { // illegal or unsupported name
            try {
                charset = CharsetUtil.lookup(name.strip());
            } catch (RuntimeException ignored) {
                // fall through to UTF-8
            }
        }
        if (charset == null || charset.equals(StandardCharsets.US_ASCII)) {
            return StandardCharsets.UTF_8;
        }
        if (charset.equals(StandardCharsets.ISO_8859_1) && Charset.isSupported("windows-1252")) {
            return Charset.forName("windows-1252"); // its superset, what "Latin-1" mail really holds
        }
        return charset;
    }
}
