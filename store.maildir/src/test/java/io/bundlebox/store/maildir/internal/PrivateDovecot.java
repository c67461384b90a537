package io.bundlebox.store.maildir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A private Dovecot 2.3 instance for interoperability tests: its own configuration, runtime and
 * state folders in a temp folder, no listening protocol at all (only the auth service that
 * {@code doveadm} asks for the user), mail as user {@code nobody} (Dovecot refuses root),
 * Maildir++ under {@code mailRoot/%u}. Stopped by its PID. Absent Dovecot fails the test under
 * {@code CI=true} (.ci/run installs it) and skips it, saying so, elsewhere.
 */
final class PrivateDovecot implements AutoCloseable {

    private static final String NOBODY = "65534";
    private final Path dir;
    private final Path config;
    private final long pid;

    private PrivateDovecot(Path dir, Path config, long pid) {
        this.dir = dir;
        this.config = config;
        this.pid = pid;
    }

    /** Starts Dovecot serving the Maildirs under {@code mailRoot} (made readable and writable for nobody). */
    static PrivateDovecot start(Path dir, Path mailRoot) throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/sbin/dovecot")) && Files.isExecutable(Path.of("/usr/bin/doveadm"));
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("Dovecot (dovecot, doveadm) is missing: .ci/run installs the Debian package dovecot-imapd");
        }
        Assumptions.assumeTrue(present, "Dovecot is not installed (apt-get install dovecot-imapd): interop test skipped");
        // JUnit's temp folder is 0700: nobody must be able to pass through it.
        Files.setPosixFilePermissions(mailRoot.getParent(), PosixFilePermissions.fromString("rwx--x--x"));
        try (Stream<Path> all = Files.walk(mailRoot)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setAttribute(p, "unix:uid", Integer.parseInt(NOBODY));
                Files.setAttribute(p, "unix:gid", Integer.parseInt(NOBODY));
            }
        }
        Path config = dir.resolve("dovecot.conf");
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(config, """
                base_dir = %1$s/run
                state_dir = %1$s/state
                log_path = %1$s/dovecot.log
                ssl = no
                protocols =
                listen = 127.0.0.1
                default_internal_user = root
                default_login_user = root
                mail_location = maildir:%2$s/%%u
                passdb {
                  driver = static
                  args = password=unused
                }
                userdb {
                  driver = static
                  args = uid=%3$s gid=%3$s home=%2$s/%%u
                }
                """.formatted(dir, mailRoot, NOBODY));
        // The master daemonizes; its children keep the inherited output open, so it goes to a file.
        Process master = new ProcessBuilder("/usr/sbin/dovecot", "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("start.log").toFile()).start();
        if (!master.waitFor(60, TimeUnit.SECONDS) || master.exitValue() != 0) {
            fail("dovecot did not start: " + Files.readString(dir.resolve("start.log")));
        }
        Path pidFile = dir.resolve("run/master.pid");
        Path socket = dir.resolve("run/auth-userdb");
        StoreFixture.await(Duration.ofSeconds(20), "Dovecot's auth socket", () -> Files.exists(pidFile) && Files.exists(socket));
        return new PrivateDovecot(dir, config, Long.parseLong(Files.readString(pidFile).trim()));
    }

    /** Runs {@code doveadm -c <config> args...} and returns its standard output; fails on a non-zero exit. */
    String doveadm(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/doveadm", "-c", config.toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    /** {@code doveadm save}: delivers {@code message} into {@code mailbox} of {@code user}. */
    void save(String user, String mailbox, String message) throws Exception {
        Path file = Files.createTempFile(dir, "save", ".eml");
        Files.writeString(file, message);
        List<String> command = List.of("/usr/bin/doveadm", "-c", config.toString(), "save", "-u", user, "-m", mailbox);
        Process p = new ProcessBuilder(command).redirectInput(file.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "doveadm save: " + out);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }
}
