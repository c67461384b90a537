package io.bundlebox.store.maildir.internal;

import io.bundlebox.mailstore.MailboxInfo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The folders of one user's Maildir++ as last seen, so that LIST and every open cost what
 * changed, not a walk: the user folder's mtime changes when a folder is created, removed or
 * renamed (by anyone), a folder's own mtime when its {@code cur/} or special-use file is
 * replaced. Unchanged mtimes reuse the checked result (a folder inside the Maildir, with
 * {@code cur/}); an mtime within {@value #RACY_MILLIS} ms of now is not trusted (a change in the
 * same timestamp tick would not show), and this store's own changes drop the cache.
 */
final class FolderListing {

    private static final long RACY_MILLIS = 100;

    /** One checked folder: its mailbox name, the folder's mtime when checked, its special-use attributes. */
    private record Folder(String name, long mtime, Set<String> specialUse) {
    }

    private record Seen(long homeMtime, Map<Path, Folder> folders) {
    }

    private final Path home;
    private final Confinement confinement;
    private final Function<Path, Set<String>> specialUse;
    private volatile Seen seen;

    FolderListing(Path home, Confinement confinement, Function<Path, Set<String>> specialUse) {
        this.home = home;
        this.confinement = confinement;
        this.specialUse = specialUse;
    }

    /** The mailboxes other than INBOX, in directory order. */
    List<MailboxInfo> list() throws IOException {
        long homeMtime = mtime(home);
        Seen s = seen;
        if (s == null || s.homeMtime() != homeMtime || racy(homeMtime)) {
            s = scan(homeMtime);
        } else {
            Map<Path, Folder> updated = null;
            for (Map.Entry<Path, Folder> f : s.folders().entrySet()) {
                long m = mtime(f.getKey());
                if (m != f.getValue().mtime() || racy(m)) {
                    if (updated == null) {
                        updated = new LinkedHashMap<>(s.folders());
                    }
                    Folder again = check(f.getKey(), f.getValue().name());
                    if (again == null) {
                        updated.remove(f.getKey());
                    } else {
                        updated.put(f.getKey(), again);
                    }
                }
            }
            if (updated != null) {
                s = new Seen(homeMtime, updated);
            }
        }
        seen = s;
        List<MailboxInfo> all = new ArrayList<>(s.folders().size());
        s.folders().values().forEach(f -> all.add(new MailboxInfo(f.name(), f.specialUse())));
        return all;
    }

    /** Whether the mailbox {@code name} (not INBOX) exists at {@code dir}: two stats when nothing changed. */
    boolean exists(String name, Path dir) {
        long homeMtime = mtime(home);
        Seen s = seen;
        if (s != null && s.homeMtime() == homeMtime && !racy(homeMtime)) {
            Folder f = s.folders().get(dir);
            if (f == null) {
                return false;
            }
            long m = mtime(dir);
            if (m == f.mtime() && !racy(m)) {
                return true;
            }
        }
        return check(dir, name) != null;
    }

    /** Forgets what was seen (after this store changed the tree). */
    void invalidate() {
        seen = null;
    }

    private Seen scan(long homeMtime) throws IOException {
        Map<Path, Folder> folders = new LinkedHashMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(home, ".*")) {
            for (Path dir : stream) {
                String name = FolderNames.fromDirName(dir.getFileName().toString());
                Folder f = name == null ? null : check(dir, name);
                if (f != null) {
                    folders.put(dir, f);
                }
            }
        }
        return new Seen(homeMtime, folders);
    }

    /** A folder with cur/ inside the user's Maildir (links out are refused, logged once), or null. */
    private Folder check(Path dir, String name) {
        long m = mtime(dir);
        if (!Files.isDirectory(dir.resolve("cur")) || !confinement.folderInside(dir)) {
            return null;
        }
        return new Folder(name, m, specialUse.apply(dir));
    }

    /**
     * Whether an mtime (nanoseconds, as {@link #mtime} gives) is too close to now to prove that
     * nothing changed since (a change in the same timestamp tick would not show).
     */
    static boolean racy(long mtimeNanos) {
        return System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(mtimeNanos) < RACY_MILLIS;
    }

    /** The mtime of {@code p} (not following a link) in nanoseconds; -1 when missing, -2 when unreadable. */
    static long mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS);
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            return -2;
        }
    }
}
