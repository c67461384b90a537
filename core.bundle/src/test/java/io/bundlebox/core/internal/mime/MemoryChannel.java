package io.bundlebox.core.internal.mime;

import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;

/** A read-only SeekableByteChannel over a byte array, for tests. */
final class MemoryChannel implements SeekableByteChannel {

    private final byte[] data;
    private long position;
    private boolean open = true;

    MemoryChannel(byte[] data) {
        this.data = data;
    }

    /** A message written with "\n" line breaks, converted to CRLF. */
    static MemoryChannel crlf(String text) {
        return new MemoryChannel(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    static MemoryChannel of(String text) {
        return new MemoryChannel(text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] bytes() {
        return data;
    }

    @Override
    public int read(ByteBuffer dst) {
        if (position >= data.length) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), data.length - position);
        dst.put(data, (int) position, n);
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return data.length;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
