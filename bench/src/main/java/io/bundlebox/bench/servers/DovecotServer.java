package io.bundlebox.bench.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private Dovecot 2.3 (Debian's {@code dovecot-imapd}) for benchmarks, as an outsider would run
 * it: its own configuration written into {@code dir} (runtime, state and logs there too), IMAP on
 * 127.0.0.1 and a free port, users from a passwd-file with {PLAIN} passwords, Maildir under
 * {@code mailRoot/USER} owned by {@code nobody}, every other setting Dovecot's default (fsync
 * included: {@code mail_fsync = optimized}). Stopped by the master's PID; the master runs the
 * login, auth and imap processes, whose CPU time {@link #cpuNanos()} includes.
 */
public final class DovecotServer implements ServerProcess {

    /** The uid and gid mail is accessed as (Dovecot refuses root): nobody/nogroup. */
    public static final int NOBODY = 65534;
    private static final Path MASTER = Path.of("/usr/sbin/dovecot");

    private final Path dir;
    private final Path config;
    private final Path mailRoot;
    private final int port;
    private final long pid;

    private DovecotServer(Path dir, Path config, Path mailRoot, int port, long pid) {
        this.dir = dir;
        this.config = config;
        this.mailRoot = mailRoot;
        this.port = port;
        this.pid = pid;
    }

    /** Whether Debian's Dovecot is installed here. */
    public static boolean installed() {
        return Files.isExecutable(MASTER);
    }

    /**
     * Starts Dovecot with {@code users} (each with {@code password}) over the Maildirs under
     * {@code mailRoot} (created if missing; existing content is served as it is and handed to nobody).
     *
     * @param dir an empty or reusable folder for the configuration, runtime files and logs
     * @throws IOException when Dovecot is not installed or does not greet within 60 s
     */
    public static DovecotServer start(Path dir, Path mailRoot, Collection<String> users, String password)
            throws IOException, InterruptedException {
        if (!installed()) {
            throw new IOException("Dovecot is not installed (apt-get install dovecot-imapd)");
        }
        dir = dir.toAbsolutePath();
        mailRoot = mailRoot.toAbsolutePath();
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("state"));
        Files.createDirectories(mailRoot);
        // the login and mail processes (dovenull, nobody) pass through the folders above the mail
        for (Path p = mailRoot.getParent(); p != null && p.getNameCount() > 0; p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        chownTree(mailRoot);
        StringBuilder passwd = new StringBuilder();
        for (String u : users) {
            passwd.append(u).append(":{PLAIN}").append(password).append('\n');
        }
        Files.writeString(dir.resolve("passwd"), passwd);
        int port = ServerProcess.freeLoopbackPort();
        Path config = dir.resolve("dovecot.conf");
        Files.writeString(config, """
                # written by io.bundlebox.bench.servers.DovecotServer: a private instance for a benchmark
                base_dir = %1$s/run
                state_dir = %1$s/state
                log_path = %1$s/dovecot.log
                ssl = no
                protocols = imap
                listen = 127.0.0.1
                disable_plaintext_auth = no
                auth_mechanisms = plain login
                mail_location = maildir:%2$s/%%u
                mail_max_userip_connections = 1000
                passdb {
                  driver = passwd-file
                  args = %1$s/passwd
                }
                userdb {
                  driver = static
                  args = uid=%3$d gid=%3$d home=%2$s/%%u
                }
                service imap-login {
                  inet_listener imap {
                    address = 127.0.0.1
                    port = %4$d
                  }
                  inet_listener imaps {
                    port = 0
                  }
                }
                """.formatted(dir, mailRoot, NOBODY, port));
        Path log = dir.resolve("start.log");
        // the master daemonizes; its children keep the inherited output open, so it goes to a file
        Process master = new ProcessBuilder(MASTER.toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!master.waitFor(60, TimeUnit.SECONDS) || master.exitValue() != 0) {
            throw new IOException("dovecot did not start: " + Files.readString(log));
        }
        // the daemonized master writes its PID file a moment after the starter exits
        Path pidFile = dir.resolve("run/master.pid");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(pidFile) || Files.size(pidFile) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IOException("dovecot wrote no PID file; see " + dir.resolve("dovecot.log"));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ServerProcess.awaitGreeting(port, 60, ProcessHandle.of(pid).orElse(null), dir.resolve("dovecot.log"));
        return new DovecotServer(dir, config, mailRoot, port, pid);
    }

    /** Hands {@code root} and everything under it to nobody, as Dovecot's mail processes run. */
    public static void chownTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setAttribute(p, "unix:uid", NOBODY);
                Files.setAttribute(p, "unix:gid", NOBODY);
            }
        }
    }

    /**
     * A Maildir for Dovecot made of hard links to the message files of {@code from} (its
     * {@code cur/} and {@code new/}; indexes and other files are not taken), so both servers
     * read the same octets from the same inodes.
     */
    public static void linkMaildir(Path from, Path to) throws IOException {
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(to.resolve(sub));
        }
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> files = Files.list(from.resolve(sub))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.createLink(to.resolve(sub).resolve(f.getFileName()), f);
                }
            }
        }
    }

    /** The configuration file it runs with (for {@code doveadm -c}). */
    public Path config() {
        return config;
    }

    /** The folder holding one Maildir per user. */
    public Path mailRoot() {
        return mailRoot;
    }

    /** The folder of its configuration, runtime files and logs. */
    public Path dir() {
        return dir;
    }

    @Override
    public String name() {
        return "dovecot";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long pid() {
        return pid;
    }

    /** Its log so far (errors of the mail processes land there). */
    public String log() throws IOException {
        Path log = dir.resolve("dovecot.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
