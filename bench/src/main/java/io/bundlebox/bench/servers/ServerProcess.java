package io.bundlebox.bench.servers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An IMAP server running as its own process on 127.0.0.1, started by a benchmark: its name, port
 * and process, so that its CPU time can be read apart from the load generator's.
 */
public interface ServerProcess extends AutoCloseable {

    /** A short name for reports ("bundlebox", "dovecot"). */
    String name();

    /** The loopback port it listens on. */
    int port();

    /** The PID whose process tree is the server. */
    long pid();

    /** CPU time (user + system) of the server's process tree so far, in nanoseconds; see {@link #treeCpuNanos}. */
    default long cpuNanos() {
        return treeCpuNanos(pid());
    }

    /** Stops the server (SIGTERM, then SIGKILL after 20 s) and waits for it. */
    @Override
    default void close() {
        ProcessHandle.of(pid()).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }

    /** Clock ticks per second of {@code /proc/PID/stat} ({@code getconf CLK_TCK}; 100 on Linux/x86-64). */
    long CLOCK_TICKS = 100;

    /**
     * CPU time of {@code pid} and its live descendants from {@code /proc/PID/stat}: user and system
     * time of each plus the time of their children already waited for (fields 14 to 17), so a
     * process that served one connection and exited still counts once its parent reaped it.
     *
     * @return nanoseconds; 0 when the process is gone
     */
    static long treeCpuNanos(long pid) {
        long ticks = ticks(pid);
        for (ProcessHandle child : (Iterable<ProcessHandle>) ProcessHandle.of(pid).stream()
                .flatMap(ProcessHandle::descendants)::iterator) {
            ticks += ticks(child.pid());
        }
        return ticks * 1_000_000_000L / CLOCK_TICKS;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** A port free on 127.0.0.1 right now. */
    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Waits until {@code port} on 127.0.0.1 accepts connections and greets with {@code * OK}.
     *
     * @throws IOException when it does not within {@code seconds}, or {@code alive} says the process died
     */
    static void awaitGreeting(int port, long seconds, ProcessHandle process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IOException("the server exited; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                s.setSoTimeout(5000);
                byte[] greeting = s.getInputStream().readNBytes(4);
                if (new String(greeting, StandardCharsets.US_ASCII).equals("* OK")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling a port that is not open yet: no event to wait for
        }
        throw new IOException("no IMAP greeting on 127.0.0.1:" + port + " within " + seconds + " s; see " + log);
    }
}
