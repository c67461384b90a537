package io.bundlebox.store.maildir.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Open handles of folders' {@code cur/} directories, through which message files are opened by
 * name alone ({@code openat} with {@code O_NOFOLLOW}, see {@link Confinement#openDirectory}):
 * a SEARCH BODY over 100k messages otherwise resolves every message's whole path to check it
 * stays in the user's Maildir (eight {@code readlink} calls per message).
 *
 * <p>Each handle holds a file descriptor (and the C library's directory buffer), so at most
 * {@link #capacity} are open per store, the least recently used closed first. A handle closed
 * while in use makes that open fail with {@link java.nio.file.ClosedDirectoryStreamException};
 * the caller then opens the file by its path. Thread-safe.
 */
final class DirectoryHandles {

    private static final Logger LOG = Logger.getLogger(DirectoryHandles.class.getName());
    /** Handles a store keeps open by default: folders whose messages are being read at once. */
    static final int DEFAULT_CAPACITY = 64;

    /** What opens a folder's handle: null when the folder has none (a symbolic link on the way). */
    interface Opener {
        SecureDirectoryStream<Path> open() throws IOException;
    }

    private final int capacity;
    // guarded by this; in access order, so the eldest is the least recently used
    private final LinkedHashMap<Object, SecureDirectoryStream<Path>> open = new LinkedHashMap<>(16, 0.75f, true);

    /** @param capacity the most handles open at once, at least 1 */
    DirectoryHandles(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * The handle of {@code owner}'s directory, opened by {@code opener} when none is open.
     *
     * @param owner whose handle it is (one folder's index; compared by identity)
     * @return the handle, or null when {@code opener} gave none
     * @throws IOException from {@code opener}
     */
    SecureDirectoryStream<Path> get(Object owner, Opener opener) throws IOException {
        synchronized (this) {
            SecureDirectoryStream<Path> handle = open.get(owner);
            if (handle != null) {
                return handle;
            }
        }
        // opened outside the lock: a slow disk must not hold up every other folder's reads
        SecureDirectoryStream<Path> opened = opener.open();
        if (opened == null) {
            return null;
        }
        SecureDirectoryStream<Path> raced;
        SecureDirectoryStream<Path> evicted = null;
        synchronized (this) {
            raced = open.putIfAbsent(owner, opened);
            if (raced == null && open.size() > capacity) {
                Iterator<Map.Entry<Object, SecureDirectoryStream<Path>>> eldest = open.entrySet().iterator();
                evicted = eldest.next().getValue();
                eldest.remove();
            }
        }
        closeQuietly(raced != null ? opened : evicted);
        return raced != null ? raced : opened;
    }

    /** Closes {@code owner}'s handle, if open (its folder closed, or its directory is not the one it was). */
    void forget(Object owner) {
        SecureDirectoryStream<Path> handle;
        synchronized (this) {
            handle = open.remove(owner);
        }
        closeQuietly(handle);
    }

    /** Handles open now. */
    synchronized int size() {
        return open.size();
    }

    private static void closeQuietly(SecureDirectoryStream<Path> handle) {
        if (handle != null) {
            try {
                handle.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing a directory handle", e);
            }
        }
    }
}
