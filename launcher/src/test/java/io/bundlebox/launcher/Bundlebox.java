package io.bundlebox.launcher;

import io.bundlebox.itest.ImapClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code bin/bundlebox} of the built distribution, run as an operator would: a separate process
 * with its output captured. Integration tests only (the distribution exists after {@code package}).
 */
final class Bundlebox implements AutoCloseable {

    /** Generous on a loaded 2-core machine; the measured start is far below. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(45);

    private final Process process;
    private final int port;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final List<Thread> pumps;

    private Bundlebox(Process process, int port) {
        this.process = process;
        this.port = port;
        this.pumps = List.of(pump(process.getInputStream(), stdout), pump(process.getErrorStream(), stderr));
    }

    /** The full distribution folder, {@code launcher/target/bundlebox}. */
    static Path dist() {
        return Path.of(System.getProperty("bundlebox.dist", "target/bundlebox"));
    }

    /** The result of a command that ran to its end. */
    record Result(int status, String stdout, List<String> stderr) {
    }

    /** Runs {@code bin/bundlebox ARGS} to completion, {@code input} on standard input. */
    static Result run(String input, String... args) throws IOException, InterruptedException {
        Process p = processBuilder(args).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bundlebox " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), err.lines().toList());
    }

    /** Starts the server on a free loopback port without waiting for it. */
    static Bundlebox launch(Path home, int port) throws IOException {
        Process p = processBuilder("--home", home.toString(), "--imap", "127.0.0.1:" + port).start();
        p.getOutputStream().close();
        return new Bundlebox(p, port);
    }

    /** Starts the server in {@code home} on a free port and waits until it accepts connections. */
    static Bundlebox start(Path home) throws IOException, InterruptedException {
        Bundlebox b = launch(home, freePort());
        b.awaitListening();
        return b;
    }

    private static ProcessBuilder processBuilder(String... args) {
        List<String> command = new ArrayList<>();
        command.add(dist().resolve("bin/bundlebox").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        // the JDK running the tests is new enough; the script must find it through JAVA_HOME
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return pb;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Thread pump(InputStream stream, List<String> lines) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // process gone
            }
        });
    }

    int port() {
        return port;
    }

    Process process() {
        return process;
    }

    /** Waits until the listener accepts a connection; fails with the output when the process ends first. */
    void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("bundlebox exited with " + process.exitValue() + ": " + stdout() + stderr());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(20); // polling a condition with a deadline, not a fixed wait
            }
        }
        throw new AssertionError("not listening on " + port + " within " + START_TIMEOUT + ": " + stdout());
    }

    /** Waits for a standard output line matching {@code condition}. */
    String awaitOutput(Predicate<String> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stdout) {
            while (true) {
                Optional<String> hit = stdout.stream().filter(condition).findFirst();
                if (hit.isPresent()) {
                    return hit.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no such output line within " + timeout + ": " + stdout);
                }
                stdout.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    List<String> stdout() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    List<String> stderr() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    /** A new IMAP connection (greeting read). */
    ImapClient connect() throws IOException {
        return new ImapClient("127.0.0.1", port);
    }

    /** Waits for the process to end and returns its exit status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bundlebox did not exit; output " + stdout());
        }
        for (Thread pump : pumps) {
            pump.join(10_000); // the rest of the output, up to end of stream
        }
        return process.exitValue();
    }

    /** Sends SIGTERM ({@link Process#destroy()}) and returns the exit status. */
    int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
        }
    }

    /** Whether a file holds {@code text}. */
    static boolean contains(Path file, String text) throws IOException {
        return Files.exists(file) && Files.readString(file).contains(text);
    }
}
