package io.bundlebox.store.maildir.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * ONE {@link WatchService} and one watcher thread for every {@link MaildirStore} a provider has
 * open (one per tenant): inotify instances are scarce (128 per user on this kind of machine), so
 * a store never assumes it is the only one (DESIGN.md section 4.1, "store per tenant"). Started
 * with the first store, stopped with the last.
 *
 * <p>The watcher gathers events for at most {@value #GATHER_MILLIS} ms after the first (so a
 * rename's two halves, queued together, meet), and at most {@value #MAX_BATCH} file names; hands
 * each folder its batch; and between batches lets every store check for folders that vanished.
 * So a file delivered from outside reaches its folder within about {@value #GATHER_MILLIS} ms of
 * its event plus the folder's own work, however steady the stream of deliveries.
 */
final class MaildirWatcher {

    private static final Logger LOG = Logger.getLogger(MaildirWatcher.class.getName());
    /** How long the watcher gathers further events after the first, so a rename's two halves meet. */
    private static final long GATHER_MILLIS = 20;
    /** File names a batch takes at most; the rest wait for the next one. */
    private static final int MAX_BATCH = 10_000;

    private record Watched(MaildirStore store, FolderIndex folder, boolean isNew) {
    }

    private final Map<WatchKey, Watched> watched = new ConcurrentHashMap<>();
    private final Set<MaildirStore> stores = ConcurrentHashMap.newKeySet();
    private WatchService service;
    private Thread thread;
    /** Counts the watcher's passes; {@link #quiesce} waits for it to move. */
    private long passes;

    /** Adds a store; the first one starts the watch service and its thread. */
    synchronized void attach(MaildirStore store) throws IOException {
        if (service == null) {
            service = FileSystems.getDefault().newWatchService();
            WatchService s = service;
            thread = new Thread(() -> loop(s), "bundlebox-maildir-watch");
            thread.setDaemon(true);
            thread.start();
        }
        stores.add(store);
    }

    /**
     * Removes a store after the watcher has handled what was queued for it (so its clean-close
     * mark covers every outside change made so far); the last one stops the watch service.
     */
    void detach(MaildirStore store) {
        quiesce();
        Thread stopping = null;
        synchronized (this) {
            stores.remove(store);
            watched.entrySet().removeIf(e -> {
                if (e.getValue().store() == store) {
                    e.getKey().cancel();
                    return true;
                }
                return false;
            });
            if (stores.isEmpty() && service != null) {
                try {
                    service.close();
                } catch (IOException e) {
                    LOG.log(Level.FINE, "closing the watch service", e);
                }
                service = null;
                stopping = thread;
                thread = null;
            }
        }
        if (stopping != null) {
            try {
                stopping.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Watches {@code dir} (a folder's {@code new/} or {@code cur/}) for files coming and going. */
    void watch(MaildirStore store, FolderIndex folder, Path dir, boolean isNew) throws IOException {
        WatchService s;
        synchronized (this) {
            s = service;
        }
        if (s == null) {
            throw new IOException("the Maildir watcher is stopped");
        }
        WatchKey key = dir.register(s, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
        watched.put(key, new Watched(store, folder, isNew));
    }

    /** Cancels the watches of folders of {@code store} whose index was closed or discarded. */
    void forgetClosed(MaildirStore store) {
        watched.entrySet().removeIf(e -> {
            if (e.getValue().store() == store && e.getValue().folder().isClosed()) {
                e.getKey().cancel();
                return true;
            }
            return false;
        });
    }

    /** Waits (5 s at most) until the watcher has handled what was queued when it was called. */
    private void quiesce() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        synchronized (this) {
            if (thread == null || thread == Thread.currentThread()) {
                return;
            }
            long target = passes + 2; // the pass running now may have started before the caller's changes
            while (passes < target && thread != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void loop(WatchService s) {
        try {
            while (true) {
                // wakes up now and then to let stores check for vanished folders, and for quiesce()
                WatchKey first = s.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    stores.forEach(MaildirStore::checkVanished);
                    passed();
                    continue;
                }
                Map<FolderIndex, Set<String>[]> batch = new HashMap<>();
                Set<FolderIndex> overflowed = new LinkedHashSet<>();
                int gathered = collect(first, batch, overflowed);
                // a window from the first event, not "until quiet": under a steady stream of
                // deliveries (one every 5 ms at 200/s) the quiet gap never came, and a batch grew
                // for seconds before any folder heard of its files
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATHER_MILLIS);
                for (long left = end - System.nanoTime(); left > 0 && gathered <= MAX_BATCH; left = end - System.nanoTime()) {
                    WatchKey more = s.poll(left, TimeUnit.NANOSECONDS);
                    if (more == null) {
                        break;
                    }
                    gathered += collect(more, batch, overflowed);
                }
                batch.forEach((folder, names) -> {
                    try {
                        folder.onFileEvents(names[0], names[1], overflowed.contains(folder));
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "cannot handle file events of " + folder.user() + "/" + folder.name(), e);
                    }
                });
                stores.forEach(MaildirStore::checkVanished);
                passed();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // the last store closed
        }
    }

    private synchronized void passed() {
        passes++;
        notifyAll();
    }

    /** Adds the events of {@code key} to {@code batch}; returns how many file names it added. */
    @SuppressWarnings("unchecked")
    private int collect(WatchKey key, Map<FolderIndex, Set<String>[]> batch, Set<FolderIndex> overflowed) {
        Watched w = watched.get(key);
        List<WatchEvent<?>> polled = key.pollEvents();
        if (!key.reset()) {
            watched.remove(key);
        }
        if (w == null || w.folder().isClosed()) {
            return 0;
        }
        int added = 0;
        Set<String>[] names = batch.computeIfAbsent(w.folder(),
                f -> new Set[] {new LinkedHashSet<String>(), new LinkedHashSet<String>()});
        for (WatchEvent<?> event : polled) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                overflowed.add(w.folder());
            } else if (names[w.isNew() ? 0 : 1].add(event.context().toString())) {
                added++;
            }
        }
        return added;
    }
}
