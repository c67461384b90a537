package io.bundlebox.core.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a FETCH BODY[...] or BINARY[...] returns: its {@link #length()} in octets is known
 * before any octet is written (IMAP literals announce it first), and {@link #open} streams it.
 *
 * <ul>
 * <li>{@link Range}: octets of the stored message; write them from the channel.</li>
 * <li>{@link Ranges}: several ranges of the stored message written back to back
 * (HEADER.FIELDS and HEADER.FIELDS.NOT: the selected header lines, as stored).</li>
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

    /** Ranges of the stored message, in order, written back to back. */
    record Ranges(List<Range> ranges) implements SectionContent {
        public Ranges {
            ranges = List.copyOf(ranges);
        }

        @Override
        public long length() {
            long total = 0;
            for (Range r : ranges) {
                total += r.length();
            }
            return total;
        }

        @Override
        public InputStream open(SeekableByteChannel channel) {
            List<InputStream> streams = new ArrayList<>(ranges.size());
            for (Range r : ranges) {
                streams.add(r.open(channel)); // opening reads nothing yet
            }
            return new SequenceInputStream(Collections.enumeration(streams));
        }

        @Override
        public SectionContent partial(Partial p) {
            List<Range> cut = new ArrayList<>();
            long skip = p.origin();
            long want = p.length();
            for (Range r : ranges) {
                if (want == 0) {
                    break;
                }
                if (skip >= r.length()) {
                    skip -= r.length();
                    continue;
                }
                long n = Math.min(want, r.length() - skip);
                cut.add(new Range(r.offset() + skip, n));
                want -= n;
                skip = 0;
            }
            return new Ranges(cut);
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
