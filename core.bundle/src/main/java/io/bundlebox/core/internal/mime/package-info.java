/**
 * The MIME layer of the core (not exported): one streaming pass over a stored message yields a
 * {@link io.bundlebox.core.internal.mime.MimePart} tree with byte offsets (RFC 2045/2046); from it
 * come ENVELOPE, BODY and BODYSTRUCTURE as IMAP value trees (RFC 9051 section 7.5.2), section
 * and BINARY extraction as byte ranges or decoded streams (RFC 9051 section 6.4.5, RFC 3516),
 * and decoded header/body text for SEARCH (RFC 9051 section 6.4.4).
 *
 * <p>Messages are read from a {@link java.nio.channels.SeekableByteChannel}; a
 * {@link java.nio.channels.FileChannel} is read positionally, so one may serve concurrent
 * FETCHes, while other channel types are re-positioned on every read and must stay on one
 * thread. Nothing here closes the channel.
 *
 * <p>Header field syntax, address lists, RFC 2047 encoded words, RFC 2231 parameters and the
 * transfer decodings are Apache Mime4j's; this package adds only the offset-keeping boundary
 * scanner Mime4j lacks.
 */
package io.bundlebox.core.internal.mime;
