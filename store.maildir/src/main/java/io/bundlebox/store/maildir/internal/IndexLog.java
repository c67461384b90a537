package io.bundlebox.store.maildir.internal;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The append-only index file of one folder, {@value #FILE}.
 *
 * <p>Format (big-endian): a 20-byte header, the magic {@code BBXIDX01}, the folder's UIDVALIDITY
 * (8 bytes) and the CRC-32 of those 16 bytes; then records, each {@code int length}, the body
 * ({@code length} bytes, first byte the record type) and the CRC-32 of the body. A crash can
 * leave a torn last record: reading stops at the first record whose length or CRC does not
 * fit, and the file is cut back there. A bad header means the file is damaged and the folder
 * index is rebuilt from the message files and {@code dovecot-uidlist}.
 *
 * <p>Appends are not synchronised here (the folder lock orders them); {@link #sync} is a group
 * commit safe to call from many threads.
 */
final class IndexLog implements Closeable {

    static final String FILE = "bundlebox-index";
    private static final byte[] MAGIC = "BBXIDX01".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 20;
    /** Larger bodies are treated as damage (the length field was torn or overwritten). */
    private static final int MAX_BODY = 64 << 20;

    private final FileChannel channel;
    private final GroupSync sync;
    private long end;
    private volatile boolean superseded;

    private IndexLog(FileChannel channel, long end) {
        this.channel = channel;
        this.end = end;
        this.sync = new GroupSync(() -> channel.force(false));
    }

    /** What {@link #read} found. */
    record Content(long uidValidity, Bodies bodies, long validEnd, boolean tornTail) {
    }

    /** The record bodies of a file read whole: body {@code i} is {@code lengths[i]} bytes at {@code starts[i]}. */
    record Bodies(byte[] bytes, int[] starts, int[] lengths, int count) {
    }

    /**
     * Reads the whole file.
     *
     * @return the records, or null when the file is missing or its header is damaged
     */
    static Content read(Path file) throws IOException {
        byte[] bytes;
        try {
            try (var stream = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                bytes = stream.readAllBytes();
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(file)) {
                // Not ours: a link may point at another folder's index. Treated as damaged (set aside, rebuilt).
                return null;
            }
            throw e;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER || !ByteBuffer.wrap(bytes, 0, MAGIC.length).equals(ByteBuffer.wrap(MAGIC))
                || crc(bytes, 0, 16) != in.getInt(16)) {
            return null;
        }
        long uidValidity = in.getLong(8);
        int[] starts = new int[1024];
        int[] lengths = new int[1024];
        int count = 0;
        int pos = HEADER;
        while (pos + 4 <= bytes.length) {
            int length = in.getInt(pos);
            if (length <= 0 || length > MAX_BODY || pos + 8L + length > bytes.length
                    || crc(bytes, pos + 4, length) != in.getInt(pos + 4 + length)) {
                break;
            }
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                lengths = Arrays.copyOf(lengths, count * 2);
            }
            starts[count] = pos + 4;
            lengths[count++] = length;
            pos += 8 + length;
        }
        return new Content(uidValidity, new Bodies(bytes, starts, lengths, count), pos, pos != bytes.length);
    }

    /** Opens an existing, already read file for appending after {@code validEnd}, cutting off a torn tail. */
    static IndexLog append(Path file, long validEnd) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        try {
            if (channel.size() != validEnd) {
                channel.truncate(validEnd);
                channel.force(false);
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new IndexLog(channel, validEnd);
    }

    /**
     * Writes a complete new file with {@code bodies} and atomically replaces {@code file} with
     * it (fsync of file and directory included), then opens it for appending.
     */
    static IndexLog create(Path file, long uidValidity, List<byte[]> bodies) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            header.put(MAGIC).putLong(uidValidity);
            header.putInt(crc(header.array(), 0, 16)).flip();
            writeFully(out, header);
            ByteArrayOutputStream chunk = new ByteArrayOutputStream(1 << 20);
            for (byte[] body : bodies) {
                chunk.writeBytes(frame(body));
                if (chunk.size() > (1 << 20)) {
                    writeFully(out, ByteBuffer.wrap(chunk.toByteArray()));
                    chunk.reset();
                }
            }
            writeFully(out, ByteBuffer.wrap(chunk.toByteArray()));
            out.force(false);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Durable.syncDirectory(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        return new IndexLog(channel, channel.size());
    }

    /**
     * Appends records (not yet durable: call {@link #sync}). On failure the file is cut back so
     * that no partial record stays.
     */
    void append(List<byte[]> bodies) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] body : bodies) {
            all.writeBytes(frame(body));
        }
        long before = end;
        try {
            ByteBuffer buffer = ByteBuffer.wrap(all.toByteArray());
            while (buffer.hasRemaining()) {
                channel.write(buffer, end + buffer.position());
            }
            end += all.size();
        } catch (IOException e) {
            try {
                channel.truncate(before);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Returns once every record appended so far is on disk (shared fsync, see {@link GroupSync}).
     * A log replaced by compaction counts as synced: its successor was written from the same
     * state and fsynced before the swap.
     */
    void sync() throws IOException {
        if (superseded) {
            return;
        }
        try {
            sync.sync();
        } catch (java.nio.channels.ClosedChannelException e) {
            if (!superseded) {
                throw e;
            }
        }
    }

    /** Marks this log as replaced by a compacted, already durable file, and closes it. */
    void supersede() throws IOException {
        superseded = true;
        channel.close();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static byte[] frame(byte[] body) {
        ByteBuffer framed = ByteBuffer.allocate(body.length + 8);
        framed.putInt(body.length).put(body).putInt(crc(body, 0, body.length));
        return framed.array();
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** Builds one record body. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        private final byte[] scratch = new byte[8];

        Writer(char type) {
            out.write(type);
        }

        Writer putLong(long value) {
            ByteBuffer.wrap(scratch).putLong(value);
            out.write(scratch, 0, 8);
            return this;
        }

        Writer putString(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            ByteBuffer.wrap(scratch).putInt(bytes.length);
            out.write(scratch, 0, 4);
            out.writeBytes(bytes);
            return this;
        }

        Writer putStrings(java.util.Collection<String> values) {
            ByteBuffer.wrap(scratch).putInt(values.size());
            out.write(scratch, 0, 4);
            values.forEach(this::putString);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** Reads record bodies written by {@link Writer}; {@link #at} a body, the type byte comes first. */
    static final class Reader {
        private final ByteBuffer in;

        Reader(byte[] bytes) {
            this.in = ByteBuffer.wrap(bytes);
        }

        /** Positions this reader at the body starting at {@code start}. */
        Reader at(int start) {
            in.position(start);
            return this;
        }

        int position() {
            return in.position();
        }

        byte[] array() {
            return in.array();
        }

        /** Skips a string list, returning its encoded length in bytes (count included). */
        int skipStrings() {
            int start = in.position();
            int n = in.getInt();
            for (int i = 0; i < n; i++) {
                int length = in.getInt();
                in.position(in.position() + length);
            }
            return in.position() - start;
        }

        char type() {
            return (char) in.get();
        }

        long getLong() {
            return in.getLong();
        }

        String getString() {
            int length = in.getInt();
            String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
            in.position(in.position() + length);
            return value;
        }

        String[] getStrings() {
            String[] values = new String[in.getInt()];
            for (int i = 0; i < values.length; i++) {
                values[i] = getString();
            }
            return values;
        }
    }
}
