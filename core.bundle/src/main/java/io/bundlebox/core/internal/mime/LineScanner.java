package io.bundlebox.core.internal.mime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Splits a region of a channel into lines (ending in LF, CRLF, or the region's end) and reports
 * their absolute offsets, keeping at most {@code captureLimit} leading octets of each line so
 * that a 100 MB line costs no more memory than a short one.
 *
 * <p>Reads from {@code start} on with {@link ChannelReads#readAt}, so scanners and streams
 * over the same channel do not disturb each other.
 */
final class LineScanner {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final SeekableByteChannel channel;
    private final long regionEnd;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int bufferPos;
    private int bufferLimit;
    private long bufferBase; // absolute offset of buffer[0]
    private boolean eof;

    private byte[] captured = new byte[256];
    private int capturedLength;
    private long lineStart;
    private long lineEnd;
    private int eolLength;

    LineScanner(SeekableByteChannel channel, long start, long end) {
        this.channel = channel;
        this.bufferBase = start;
        this.regionEnd = end;
    }

    /**
     * Advances to the next line.
     *
     * @param captureLimit how many leading octets of the line to keep (line break included)
     * @return false at the end of the region
     */
    boolean next(int captureLimit) throws IOException {
        if (bufferPos == bufferLimit && !fill()) {
            return false;
        }
        lineStart = bufferBase + bufferPos;
        capturedLength = 0;
        int previous = -1;
        while (true) {
            int lf = -1;
            for (int i = bufferPos; i < bufferLimit; i++) {
                if (buffer[i] == '\n') {
                    lf = i;
                    break;
                }
            }
            int stop = lf < 0 ? bufferLimit : lf + 1;
            capture(bufferPos, stop, captureLimit);
            if (lf >= 0) {
                boolean cr = lf > bufferPos ? buffer[lf - 1] == '\r' : previous == '\r';
                bufferPos = stop;
                lineEnd = bufferBase + bufferPos;
                eolLength = cr ? 2 : 1;
                return true;
            }
            if (stop > bufferPos) {
                previous = buffer[stop - 1];
            }
            bufferPos = stop;
            if (!fill()) {
                lineEnd = bufferBase + bufferPos;
                eolLength = 0;
                return true;
            }
        }
    }

    private void capture(int from, int to, int limit) {
        int n = Math.min(to - from, limit - capturedLength);
        if (n <= 0) {
            return;
        }
        if (capturedLength + n > captured.length) {
            byte[] bigger = new byte[Math.max(captured.length * 2, capturedLength + n)];
            System.arraycopy(captured, 0, bigger, 0, capturedLength);
            captured = bigger;
        }
        System.arraycopy(buffer, from, captured, capturedLength, n);
        capturedLength += n;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        bufferBase += bufferLimit;
        bufferPos = 0;
        bufferLimit = 0;
        long remaining = regionEnd - bufferBase;
        if (remaining <= 0) {
            eof = true;
            return false;
        }
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, remaining));
        while (target.hasRemaining()) {
            if (ChannelReads.readAt(channel, target, bufferBase + target.position()) < 0) {
                break;
            }
        }
        bufferLimit = target.position();
        if (bufferLimit == 0) {
            eof = true;
            return false;
        }
        return true;
    }

    /** @return absolute offset of the current line's first octet */
    long lineStart() { return lineStart; }

    /** @return absolute offset just past the current line's break */
    long lineEnd() { return lineEnd; }

    /** @return length of the line break: 2 (CRLF), 1 (LF) or 0 (end of region) */
    int eolLength() { return eolLength; }

    /** @return octets of the line without its break */
    long contentLength() { return lineEnd - lineStart - eolLength; }

    /** @return true when the line has no content (a blank line) */
    boolean isBlank() { return contentLength() == 0; }

    /** @return the captured leading octets (valid up to {@link #capturedLength()}) */
    byte[] captured() { return captured; }

    /** @return how many octets of the line were captured, line break included */
    int capturedLength() { return capturedLength; }

    /** @return captured octets of the line content, i.e. without the line break */
    int capturedContentLength() { return (int) Math.min(capturedLength, contentLength()); }
}
