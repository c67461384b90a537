package io.bundlebox.store.maildir.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Keeps every file the store opens for one user inside that user's Maildir: a path whose real
 * path (symbolic links resolved) leaves the user's mail folder is refused. A symlinked folder
 * {@code .Link -> ../bob} would otherwise serve another user's mail and rewrite their
 * {@code dovecot-uidlist}; a symlinked message file would serve any file of the machine. Each
 * refused path is logged once.
 */
final class Confinement {

    private static final Logger LOG = Logger.getLogger(Confinement.class.getName());
    private final Path home;
    private final Path realHome;
    private final Set<Path> refused = ConcurrentHashMap.newKeySet();

    /**
     * @param home the user's mail folder, which must exist
     * @throws IOException when its real path cannot be found
     */
    Confinement(Path home) throws IOException {
        this.home = home;
        this.realHome = home.toRealPath();
    }

    /** The real path of the user's mail folder. */
    Path realHome() {
        return realHome;
    }

    /**
     * The real path of {@code path} when it lies inside the user's mail folder, else null (the
     * path is logged once). A missing path gives {@link NoSuchFileException}.
     */
    Path real(Path path) throws IOException {
        Path real = path.toRealPath();
        if (real.startsWith(realHome)) {
            return real;
        }
        if (refused.add(path)) {
            LOG.warning(() -> "refusing " + home.relativize(path) + " of " + home.getFileName()
                    + ": a symbolic link out of the user's Maildir (to " + real + ")");
        }
        return null;
    }

    /**
     * Reads a small file of the store's own ({@code subscriptions}, {@code dovecot-keywords},
     * ...) without following a symbolic link in its last component.
     */
    static String readOwnFile(Path file) throws IOException {
        try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * Opens the directory {@code dir} of the user's mail folder as a handle to open its files by
     * name, walking from the mail folder's parent one name at a time without following a
     * symbolic link ({@code openat} with {@code O_NOFOLLOW}): what it reaches is inside, and stays
     * the directory it was whatever is renamed or linked later (no check-then-open window).
     *
     * @param dir a directory at or under the user's mail folder, as the store names it
     * @return the handle; null when a name on the way is a symbolic link (such a folder's files
     *     are opened by path and checked through {@link #real}), when {@code dir} is not under the
     *     mail folder, or when the platform has no such handles
     * @throws NoSuchFileException when a directory on the way is missing
     * @throws IOException when a directory cannot be opened
     */
    SecureDirectoryStream<Path> openDirectory(Path dir) throws IOException {
        Path relative = home.relativize(dir);
        Path parent = realHome.getParent();
        if (parent == null || relative.startsWith("..") || relative.isAbsolute()) {
            return null;
        }
        DirectoryStream<Path> top = Files.newDirectoryStream(parent);
        if (!(top instanceof SecureDirectoryStream<Path> at)) {
            top.close();
            return null;
        }
        List<Path> names = new ArrayList<>();
        names.add(realHome.getFileName());
        if (!relative.toString().isEmpty()) {
            relative.forEach(names::add);
        }
        try {
            for (Path name : names) {
                SecureDirectoryStream<Path> next = at.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
                at.close();
                at = next;
            }
            return at;
        } catch (NoSuchFileException e) {
            at.close();
            throw e;
        } catch (IOException e) {
            at.close();
            // ELOOP, a symbolic link (inside or out: real() tells per file); anything else the
            // open by path reports
            return null;
        }
    }

    /** Whether {@code path} exists and lies inside the user's mail folder (a symlink out of it does not count). */
    boolean inside(Path path) {
        try {
            return real(path) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the Maildir folder at {@code dir} and its cur/, new/ and tmp/ all lie inside. */
    boolean folderInside(Path dir) {
        return inside(dir) && inside(dir.resolve("cur")) && inside(dir.resolve("new")) && inside(dir.resolve("tmp"));
    }
}
