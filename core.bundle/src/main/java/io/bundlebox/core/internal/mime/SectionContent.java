package io.bundlebox.core.internal.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;

/**
 * What a FETCH BODY[...] or BINARY[...] returns: its {@link #length()} in octets is known
 * before any octet is written (IMAP literals announce it first), and {@link #open} streams it.
 *
 * <ul>
 * <li>{@link Range}: octets of the stored message; write them from the channel.</li>
 * <li>{@link Bytes}: small computed octets (HEADER.FIELDS).</li>
 * <li>{@link Decoded}: a part body decoded from base64 or quoted-printable (BINARY).</li>
 * <li>{@link Missing}: the section does not exist; the FETCH response says NIL.</li>
 * </ul>
 */
public sealed interface SectionContent {

    /** @return octets that {@link #open} yields */
    long length();

    /**
     * @param channel the stored message (the channel {@link MimeParser#parse} read)
     * @return a stream of exactly {@link #length()} octets; closing it leaves the channel open
     */
    InputStream open(SeekableByteChannel channel) throws IOException;

    /** @return this content cut to {@code <origin.length>} (RFC 9051 section 6.4.5) */
    SectionContent partial(Partial partial);

    /** @return true unless {@link Missing} */
    default boolean exists() {
        return true;
    }

    /** Octets {@code [offset, offset+length)} of the stored message. */
    record Range(long offset, long length) implements SectionContent {
        @Override
        public InputStream open(SeekableByteChannel channel) {
            return new ChannelInputStream(channel, offset, length);
        }

        @Override
        public SectionContent partial(Partial p) {
            long origin = Math.min(p.origin(), length);
            return new Range(offset + origin, Math.min(p.length(), length - origin));
        }
    }

    /** Computed octets. */
    record Bytes(byte[] data) implements SectionContent {
        @Override
        public long length() {
            return data.length;
        }

        @Override
        public InputStream open(SeekableByteChannel channel) {
            return new ByteArrayInputStream(data);
        }

        @Override
        public SectionContent partial(Partial p) {
            int from = (int) Math.min(p.origin(), data.length);
            int to = (int) Math.min((long) from + p.length(), data.length);
            return new Bytes(Arrays.copyOfRange(data, from, to));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(data, b.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Bytes[" + data.length + "]";
        }
    }

    /**
     * The decoded octets {@code [skip, skip+length)} of the body at {@code [offset,
     * offset+encodedLength)} in transfer encoding {@code encoding} (lower case).
     */
    record Decoded(long offset, long encodedLength, String encoding, long skip, long length)
            implements SectionContent {
        @Override
        public InputStream open(SeekableByteChannel channel) throws IOException {
            InputStream in = TransferDecoding.decode(
                    new ChannelInputStream(channel, offset, encodedLength), encoding);
            in.skipNBytes(skip);
            return new LimitedStream(in, length);
        }

        @Override
        public SectionContent partial(Partial p) {
            long origin = Math.min(p.origin(), length);
            return new Decoded(offset, encodedLength, encoding, skip + origin,
                    Math.min(p.length(), length - origin));
        }
    }

    /** A section that does not exist in this message. */
    record Missing() implements SectionContent {
        @Override
        public long length() {
            return 0;
        }

        @Override
        public InputStream open(SeekableByteChannel channel) {
            return InputStream.nullInputStream();
        }

        @Override
        public SectionContent partial(Partial p) {
            return this;
        }

        @Override
        public boolean exists() {
            return false;
        }
    }
}
