package io.bundlebox.core.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/** An InputStream over {@code [offset, offset+length)} of a channel; does not close it. */
final class ChannelInputStream extends InputStream {

    private final SeekableByteChannel channel;
    private long position;
    private final long end;

    ChannelInputStream(SeekableByteChannel channel, long offset, long length) {
        this.channel = channel;
        this.position = offset;
        this.end = offset + length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        ByteBuffer target = ByteBuffer.wrap(b, off, (int) Math.min(len, end - position));
        int n = ChannelReads.readAt(channel, target, position);
        if (n <= 0) {
            return -1;
        }
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }
}
