package io.bundlebox.store.maildir.internal;

import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.MailboxChange;
import io.bundlebox.mailstore.MailboxListener;
import io.bundlebox.mailstore.UserMailboxes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Maildir mail root: the Maildir++ of user {@code u} is {@code root/u/}. Holds one shared
 * {@link FolderIndex} per opened folder, watched through the provider's one {@link MaildirWatcher}
 * (shared by every store it opened: inotify instances are scarce), and an event thread that calls
 * the listeners in the order changes became durable.
 */
final class MaildirStore implements MailStore {

    private static final Logger LOG = Logger.getLogger(MaildirStore.class.getName());
    private final Path root;
    private final MaildirWatcher watcher;
    private final ExecutorService events;
    private final Map<Path, FolderIndex> folders = new ConcurrentHashMap<>();
    private final Map<String, MaildirUser> users = new ConcurrentHashMap<>();
    private final List<MailboxListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong lastUidValidity = new AtomicLong();
    private volatile boolean closed;
    private final long compactAfter;
    private final DirectoryHandles directoryHandles = new DirectoryHandles(DirectoryHandles.DEFAULT_CAPACITY);

    /**
     * @param root the mail root, created when missing
     * @param watcher the provider's watcher, shared by all its stores
     * @param compactAfter superseded index records a folder may gather before its index is
     *     compacted while running (option {@value MaildirStoreProvider#COMPACT_AFTER})
     */
    MaildirStore(Path root, MaildirWatcher watcher, long compactAfter) throws MailStoreException {
        this.compactAfter = compactAfter;
        this.watcher = watcher;
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
            watcher.attach(this);
        } catch (IOException e) {
            throw Errors.io("open the mail root " + root, e);
        }
        // a virtual thread: with one store per tenant, a platform thread each would add up
        events = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("bundlebox-maildir-events").factory());
    }

    @Override
    public UserMailboxes user(String user) throws MailStoreException {
        checkOpen();
        String checked = FolderNames.checkUser(user);
        MaildirUser existing = users.get(checked);
        if (existing != null) {
            return existing;
        }
        Path home = root.resolve(checked);
        if (!home.getParent().equals(root)) {
            throw new MailStoreException(ResponseCode.NOPERM, "Invalid user name");
        }
        MaildirUser created = new MaildirUser(this, checked, home);
        Path real = created.realHome();
        if (real.startsWith(root) && !real.equals(home)) {
            // root/alice -> root/bob would serve bob's mail to alice.
            LOG.warning(() -> "refusing the mail folder of " + checked + ": a symbolic link to " + real);
            throw new MailStoreException(ResponseCode.NOPERM, "The mail folder of this user is not usable");
        }
        MaildirUser raced = users.putIfAbsent(checked, created);
        return raced != null ? raced : created;
    }

    @Override
    public void addListener(MailboxListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(MailboxListener listener) {
        listeners.remove(listener);
    }

    /** Hands a durable change to the listeners, in order, on the event thread. */
    void publish(MailboxChange change) {
        if (listeners.isEmpty() || closed) {
            return;
        }
        events.execute(() -> {
            for (MailboxListener l : listeners) {
                try {
                    l.changed(change);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a mailbox listener failed", e);
                }
            }
        });
    }

    /** The open cur/ handles of this store's folders, through which message files are read. */
    DirectoryHandles directoryHandles() {
        return directoryHandles;
    }

    /** Superseded index records a folder may gather before it is compacted while running. */
    long compactAfter() {
        return compactAfter;
    }

    /** A UIDVALIDITY never given before by this store: seconds since 1970, strictly increasing. */
    long newUidValidity() {
        long now = System.currentTimeMillis() / 1000;
        return lastUidValidity.updateAndGet(last -> Math.max(last + 1, now));
    }

    /** The shared index of the folder at {@code dir}, loaded and watched on first use. */
    FolderIndex folder(String user, String name, Path dir, Confinement confinement) throws MailStoreException {
        checkOpen();
        FolderIndex f = folders.get(dir);
        if (f != null && !f.isClosed()) {
            return f;
        }
        synchronized (folders) {
            f = folders.get(dir);
            if (f != null && !f.isClosed()) {
                return f;
            }
            f = FolderIndex.load(this, user, name, dir, confinement);
            try {
                watch(f, dir.resolve("new"), true);
                watch(f, dir.resolve("cur"), false);
            } catch (IOException e) {
                f.discard();
                throw Errors.io("watch mailbox " + name, e);
            }
            folders.put(dir, f);
            // Deliveries made between the scan in load() and the watch registration.
            f.scanNew();
            return f;
        }
    }

    private void watch(FolderIndex folder, Path dir, boolean isNew) throws IOException {
        watcher.watch(this, folder, dir, isNew);
    }

    /** Lets every open folder decide about files that vanished (called by the watcher between batches). */
    void checkVanished() {
        folders.values().forEach(FolderIndex::checkVanished);
    }

    /** Forgets (without writing) the indexes of folders at or under the given directories. */
    Map<Path, FolderIndex> discardFolders(List<Path> dirs) {
        return dropFolders(dirs, false);
    }

    /**
     * Closes cleanly (the index marked clean, so it reopens under its new name without a folder
     * check or a UID jump) and forgets the indexes of folders about to be renamed; they are marked
     * moving, so that handles on them wait for their {@link FolderIndex#successor} (set by the
     * rename once it is done or undone) instead of failing.
     */
    Map<Path, FolderIndex> closeFolders(List<Path> dirs) {
        return dropFolders(dirs, true);
    }

    private Map<Path, FolderIndex> dropFolders(List<Path> dirs, boolean clean) {
        Map<Path, FolderIndex> discarded = new HashMap<>();
        synchronized (folders) {
            for (Path dir : dirs) {
                FolderIndex f = folders.remove(dir);
                if (f != null) {
                    if (clean) {
                        f.moving(); // before it is closed: a handle that finds it closed waits for the successor
                        f.close();
                    } else {
                        f.discard();
                    }
                    discarded.put(dir, f);
                }
            }
            watcher.forgetClosed(this);
        }
        return discarded;
    }

    private void checkOpen() throws MailStoreException {
        if (closed) {
            throw new MailStoreException(ResponseCode.UNAVAILABLE, "The mail store is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // the watcher handles what is queued first, so the clean-close mark covers every outside
        // change made so far
        watcher.detach(this);
        synchronized (folders) {
            folders.values().forEach(FolderIndex::close);
            folders.clear();
        }
        events.shutdown();
        try {
            events.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
