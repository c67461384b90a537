package io.bundlebox.core.internal.search;

import java.io.IOException;
import java.util.List;

/**
 * The decoded text of one message that text search keys compare with (RFC 9051 section 6.4.4:
 * "MIME content transfer encodings and MIME-HDRS strings in headers MUST be decoded before
 * comparing text"). Implementations load lazily: header access must not read the body.
 */
public interface MessageText {

    /**
     * Decoded values (RFC 2047 encoded words decoded, unfolded, trimmed) of the top-level header
     * fields named {@code name}, compared case-insensitively, in message order; empty when absent.
     */
    List<String> header(String name) throws IOException;

    /** Whether {@code s} occurs in a decoded top-level header field, {@code name: value}. */
    boolean headersContain(SearchString s) throws IOException;

    /**
     * Whether {@code s} occurs in the decoded body text (SEARCH BODY): every text/* part,
     * transfer encoding and charset decoded, including those of attached messages; other parts
     * are skipped, as the RFC allows.
     */
    boolean bodyContains(SearchString s) throws IOException;

    /**
     * Whether {@code s} occurs anywhere in the decoded message (SEARCH TEXT): the header fields,
     * including the MIME header fields of parts, or the body text.
     */
    boolean textContains(SearchString s) throws IOException;

    /** Opens the text of messages of one mailbox by UID. */
    @FunctionalInterface
    interface Source {
        /**
         * The text of message {@code uid}; loading happens on first use. A message that is
         * gone has no header fields and no body text.
         */
        MessageText of(long uid);
    }
}
