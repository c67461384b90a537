package io.bundlebox.core.internal.search;

import io.bundlebox.mailstore.AppendResult;
import io.bundlebox.mailstore.Changes;
import io.bundlebox.mailstore.CopyResult;
import io.bundlebox.mailstore.ExpungeResult;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import io.bundlebox.mailstore.StoreResult;
import io.bundlebox.imap.api.ResponseCode;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * A read-only mailbox for search tests: records and contents given up front (in memory or as
 * files), a derived-value cache, and a count of content opens.
 */
final class MemoryMailbox implements Mailbox {

    private final List<MessageRecord> records = new ArrayList<>();
    private final Map<Long, LongFunction<SeekableByteChannel>> contents = new HashMap<>();
    private final Map<String, String> cache = new HashMap<>();
    int contentOpens;

    /** Adds a message with the next UID. */
    MemoryMailbox add(long uid, Set<String> flags, Instant internalDate, byte[] message) {
        records.add(new MessageRecord(uid, flags, internalDate, message.length, 1, null));
        contents.put(uid, u -> new BytesChannel(message));
        return this;
    }

    MemoryMailbox add(long uid, Set<String> flags, Instant internalDate, String message) {
        return add(uid, flags, internalDate, message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a message stored in {@code file}. */
    MemoryMailbox addFile(long uid, Path file) throws java.io.IOException {
        records.add(new MessageRecord(uid, Set.of(), Instant.EPOCH, Files.size(file), 1, null));
        contents.put(uid, u -> {
            try {
                return Files.newByteChannel(file, StandardOpenOption.READ);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return this;
    }

    /** Forgets a message's content, as if expunged elsewhere. */
    void dropContent(long uid) {
        contents.remove(uid);
    }

    @Override
    public String name() {
        return "INBOX";
    }

    @Override
    public long uidValidity() {
        return 1;
    }

    @Override
    public MailboxSnapshot snapshot() {
        return new MailboxSnapshot(1, records.isEmpty() ? 1 : records.get(records.size() - 1).uid() + 1, 1,
                records.toArray(MessageRecord[]::new));
    }

    @Override
    public Set<String> keywords() {
        return Set.of();
    }

    @Override
    public SeekableByteChannel content(long uid) throws MailStoreException {
        LongFunction<SeekableByteChannel> c = contents.get(uid);
        if (c == null) {
            throw new MailStoreException(ResponseCode.EXPUNGEISSUED, "gone");
        }
        contentOpens++;
        return c.apply(uid);
    }

    @Override
    public String cached(long uid, String key) {
        return cache.get(uid + "/" + key);
    }

    @Override
    public void cache(long uid, String key, String value) {
        cache.put(uid + "/" + key, value);
    }

    @Override
    public AppendResult append(InputStream content, long size, Set<String> flags, Instant internalDate) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CopyResult copy(long[] uids, Mailbox target) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CopyResult move(long[] uids, Mailbox target) {
        throw new UnsupportedOperationException();
    }

    @Override
    public StoreResult store(long[] uids, FlagMode mode, Set<String> flags, long unchangedSince) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ExpungeResult expunge(long[] uids) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Changes changesSince(long modSeq) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }

    /** A read-only channel over bytes. */
    private static final class BytesChannel implements SeekableByteChannel {
        private final byte[] bytes;
        private int position;
        private boolean open = true;

        BytesChannel(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read(java.nio.ByteBuffer dst) {
            if (position >= bytes.length) {
                return -1;
            }
            int n = Math.min(dst.remaining(), bytes.length - position);
            dst.put(bytes, position, n);
            position += n;
            return n;
        }

        @Override
        public int write(java.nio.ByteBuffer src) {
            throw new java.nio.channels.NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            position = (int) Math.min(newPosition, bytes.length);
            return this;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new java.nio.channels.NonWritableChannelException();
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
}
