package io.bundlebox.store.maildir.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** File-system steps that make writes survive a crash: fsync of files and of directories. */
final class Durable {

    private Durable() {
    }

    /** Fault injection for tests: runs before every directory fsync and may block or fail it. */
    @FunctionalInterface
    interface SyncHook {
        void beforeSync(Path dir) throws IOException;
    }

    /** The installed hook, or null (always, outside tests). */
    static volatile SyncHook hook;

    /** Flushes a directory's entries (a rename or unlink in it) to disk. */
    static void syncDirectory(Path dir) throws IOException {
        SyncHook h = hook;
        if (h != null) {
            h.beforeSync(dir);
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Replaces {@code file} with {@code content} atomically and durably (tmp, fsync, rename, fsync dir). */
    static void writeAtomically(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp" + ProcessHandle.current().pid());
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(file.getParent());
    }
}
