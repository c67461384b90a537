package io.bundlebox.core.internal.mime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;

/** Reads at an absolute offset of a stored message. */
final class ChannelReads {

    private ChannelReads() {}

    /**
     * Reads into {@code target} from {@code offset}. A {@link FileChannel} is read positionally,
     * so concurrent readers of one file channel do not disturb each other; any other channel
     * is positioned first and must then not be shared between threads.
     *
     * @return octets read, or -1 at the end of the channel
     */
    static int readAt(SeekableByteChannel channel, ByteBuffer target, long offset) throws IOException {
        if (channel instanceof FileChannel file) {
            return file.read(target, offset);
        }
        channel.position(offset);
        return channel.read(target);
    }
}
