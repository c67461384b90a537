package io.bundlebox.store.maildir.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bundlebox.mailstore.AppendResult;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.StoreConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Shared helpers of the store tests: opening stores, appending, reading back, corpus access, waiting. */
final class StoreFixture {

    private StoreFixture() {
    }

    static MailStore open(Path root) throws MailStoreException {
        return open(root, Map.of());
    }

    static MailStore open(Path root, Map<String, Object> options) throws MailStoreException {
        return new MaildirStoreProvider().open(new StoreConfig(root, options));
    }

    static AppendResult append(Mailbox box, byte[] message, Set<String> flags, Instant date) throws MailStoreException {
        return box.append(new ByteArrayInputStream(message), message.length, flags, date);
    }

    static AppendResult append(Mailbox box, String message) throws MailStoreException {
        return append(box, message.getBytes(StandardCharsets.UTF_8), Set.of(), null);
    }

    static byte[] read(Mailbox box, long uid) throws Exception {
        try (SeekableByteChannel ch = box.content(uid)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) ch.size());
            while (buffer.hasRemaining() && ch.read(buffer) >= 0) {
                // keep reading
            }
            return buffer.array();
        }
    }

    static String message(int n) {
        return "From: sender" + n + "@example.org\r\nTo: user@example.org\r\nSubject: test " + n
                + "\r\nMessage-ID: <" + n + "@example.org>\r\n\r\nBody of message " + n + ".\r\n";
    }

    /** Up to {@code count} real messages from the corpus's mime-edge folder, smallest first; fails the test when absent (a corpus test must not pass without its data). */
    static List<Path> corpusMessages(int count) throws IOException {
        String shared = System.getProperty("bundlebox.shared");
        Path dir = shared == null ? null : Path.of(shared, "corpus", "mime-edge");
        assertTrue(dir != null && Files.isDirectory(dir),
                "corpus not found (system property bundlebox.shared=" + shared + ")");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".eml")).sorted().limit(count).toList();
        }
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }

    static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
