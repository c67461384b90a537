package io.bundlebox.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * An installation home: {@code conf/} (watched configuration, {@code users}, {@code logging.properties}),
 * {@code extensions/} (the hot folder), {@code var/mail/} (one Maildir per user), {@code var/log/}
 * and {@code var/felix-cache/} (framework storage, cleaned on every start).
 */
final class Home {

    /** FileInstall's watcher of extensions/, a factory configuration read from conf/. */
    static final String EXTENSIONS_WATCHER_CFG = "org.apache.felix.fileinstall-extensions.cfg";

    private final Path dir;
    @SuppressWarnings("unused") // held, never read: the lock lives as long as the process
    private FileLock heldLock;

    Home(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    Path dir() {
        return dir;
    }

    Path conf() {
        return dir.resolve("conf");
    }

    Path extensions() {
        return dir.resolve("extensions");
    }

    Path usersFile() {
        return conf().resolve("users");
    }

    Path loggingProperties() {
        return conf().resolve("logging.properties");
    }

    Path logFile() {
        return dir.resolve("var/log/bundlebox.log");
    }

    /**
     * The Maven build output folder this home lies in: a {@code target} folder next to a
     * {@code pom.xml}, which {@code mvn clean} deletes with every user's mail in it.
     *
     * @return that {@code target} folder, or empty when the home is not inside one
     */
    Optional<Path> buildOutput() {
        for (Path p = dir; p != null && p.getParent() != null; p = p.getParent()) {
            if (p.getFileName().toString().equals("target") && Files.isRegularFile(p.getParent().resolve("pom.xml"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    Path felixCache() {
        return dir.resolve("var/felix-cache");
    }

    /**
     * Claims the home for this process until it exits: two servers on one home would share the
     * mail store and wipe each other's framework cache.
     *
     * @throws LauncherException when another running server holds the home
     */
    void lock() throws LauncherException {
        Path lockFile = dir.resolve("var/bundlebox.lock");
        try {
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new LauncherException("home " + dir + " is in use by another running server");
            }
            heldLock = lock; // released by the operating system when the process ends
        } catch (IOException e) {
            throw new LauncherException("cannot lock " + lockFile + ": " + describe(e));
        }
    }

    /** The {@code imap} key of {@code conf/io.bundlebox.server.cfg}, which outranks {@code --imap}, if set. */
    Optional<String> configuredImap() {
        Properties cfg = new Properties();
        try (InputStream in = Files.newInputStream(conf().resolve("io.bundlebox.server.cfg"))) {
            cfg.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // the server reports what is wrong with the file
        }
        return Optional.ofNullable(cfg.getProperty("imap")).map(String::strip).filter(v -> !v.isEmpty());
    }

    /**
     * Makes sure the home exists and can be written, and sets up what is missing. A home without
     * {@code var/} is new: it gets the distribution's default {@code conf/} files and extension
     * jars (files already there are kept). Every start restores the extensions watcher's
     * configuration if it was deleted, since without it hot install would silently stop.
     *
     * @return true when this is the first start of the home
     * @throws LauncherException when the home cannot be used, naming why
     */
    boolean prepare(Distribution dist) throws LauncherException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new LauncherException("home " + dir + " is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LauncherException("cannot create home " + dir + ": " + describe(e));
        }
        if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
            throw new LauncherException("home " + dir + " is not readable and writable by this user");
        }
        boolean fresh = !Files.isDirectory(dir.resolve("var"));
        try {
            if (fresh) {
                copyMissing(dist.conf(), conf());
                copyMissing(dist.extensions(), extensions());
            }
            Files.createDirectories(conf());
            Files.createDirectories(extensions());
            Files.createDirectories(dir.resolve("var/mail"));
            Files.createDirectories(dir.resolve("var/log"));
            Path watcher = conf().resolve(EXTENSIONS_WATCHER_CFG);
            if (!Files.exists(watcher)) {
                Files.copy(dist.conf().resolve(EXTENSIONS_WATCHER_CFG), watcher);
            }
        } catch (IOException e) {
            throw new LauncherException("cannot set up home " + dir + ": " + describe(e));
        }
        return fresh;
    }

    /** Copies the files of {@code from} that {@code to} lacks; nothing when both are the same folder. */
    private static void copyMissing(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        if (!Files.isDirectory(from) || Files.isSameFile(from, to)) {
            return;
        }
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                try {
                    Files.copy(f, to.resolve(f.getFileName().toString()));
                } catch (FileAlreadyExistsException e) {
                    // the operator's file wins
                }
            }
        }
    }

    /** An I/O error as the operator should read it (the JDK's messages are often just a path). */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return "permission denied on " + a.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        return e.getClass().getSimpleName() + " " + e.getMessage();
    }
}
