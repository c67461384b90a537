package io.bundlebox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for IDLE (RFC 9051 section 6.3.13), run as its own process against a running
 * server. See bench/README.md for the commands.
 *
 * <ul>
 * <li>{@code prepare --home DIR [--users 100] [--password bench]}: writes {@code conf/users} with
 * users {@code u000..} (test-only {PLAIN} entries) and {@code conf/io.bundlebox.server.cfg} with the
 * connection limits lifted (all sessions come from one address) into a server home not started yet.
 * <li>{@code run --home DIR --port P [--users 100] [--sessions 10000] [--rounds 50] [--server-pid PID]}:
 * (1) wake latency of one idler for an APPEND by another session and for a file delivered into
 * Maildir {@code new/}; (2) server heap and RSS per idle session; (3) every one of
 * {@code sessions} idlers (spread over the users) woken by one delivery into its user's INBOX.
 * </ul>
 */
public final class IdleLoad {

    private static final byte[] MESSAGE = ("From: bench@example.org\r\nTo: you@example.org\r\nSubject: wake up\r\n"
            + "Message-ID: <bench@example.org>\r\n\r\nIDLE benchmark message.\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final long WAIT_SECONDS = 120;
    private static final AtomicLong DELIVERIES = new AtomicLong();

    private final Map<String, String> opts;
    private final Path home;
    private final String host;
    private final int port;
    private final int users;
    private final String password;

    private IdleLoad(Map<String, String> opts) {
        this.opts = opts;
        this.home = Path.of(require(opts, "home")).toAbsolutePath();
        this.host = opts.getOrDefault("host", "127.0.0.1");
        this.port = Integer.parseInt(opts.getOrDefault("port", "1143"));
        this.users = Integer.parseInt(opts.getOrDefault("users", "100"));
        this.password = opts.getOrDefault("password", "bench");
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("prepare") || args[0].equals("run"))) {
            System.err.println("usage: IdleLoad prepare --home DIR [--users 100] [--password bench]\n"
                    + "       IdleLoad run --home DIR --port P [--users 100] [--sessions 10000] [--rounds 50] [--server-pid PID] [--histogram true] [--jfr FILE]");
            System.exit(2);
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        IdleLoad load = new IdleLoad(opts);
        if (args[0].equals("prepare")) {
            load.prepare();
        } else {
            load.run();
        }
        System.exit(0); // watcher threads of still-open connections would not stop the JVM, but be explicit
    }

    private static String require(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    private static String user(int i) {
        return String.format(Locale.ROOT, "u%03d", i);
    }

    private void prepare() throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            names.add(user(i));
        }
        io.bundlebox.bench.servers.BundleboxServer.prepareHome(home, names, password);
        System.out.println("wrote " + users + " users to " + home.resolve("conf/users")
                + " and lifted the connection limits in conf/io.bundlebox.server.cfg");
    }

    private void run() throws Exception {
        int sessions = Integer.parseInt(opts.getOrDefault("sessions", "10000"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "50"));
        String serverPid = opts.get("server-pid");

        System.out.println("== wake latency of one idler (" + rounds + " rounds each, after 5 warm-up rounds)");
        long[][] single = singleIdlerLatencies(rounds);
        report("APPEND by another session -> untagged EXISTS", single[0]);
        report("file delivered into Maildir new/ -> untagged EXISTS", single[1]);

        ServerFootprint before = ServerFootprint.measure(serverPid);
        System.out.println("== opening " + sessions + " idle sessions over " + users + " users");
        long start = System.nanoTime();
        List<IdleClient> idlers = new ArrayList<>(sessions);
        AtomicLongArray wokenAt = new AtomicLongArray(sessions);
        AtomicLongArray deliveredAt = new AtomicLongArray(users);
        CountDownLatch allWoken = new CountDownLatch(sessions);
        openIdlers(sessions, idlers, (session, nanos) -> {
            if (deliveredAt.get(session % users) != 0 && wokenAt.compareAndSet(session, 0, nanos)) {
                allWoken.countDown();
            }
        });
        System.out.printf(Locale.ROOT, "   %d sessions idling after %.1f s%n", idlers.size(), (System.nanoTime() - start) / 1e9);
        ServerFootprint after = ServerFootprint.measure(serverPid);
        if (serverPid != null && Boolean.parseBoolean(opts.getOrDefault("histogram", "false"))) {
            String histogram = ServerFootprint.jcmd(serverPid, "GC.class_histogram");
            histogram.lines().limit(25).forEach(l -> System.out.println("   " + l));
        }
        if (before != null && after != null) {
            System.out.printf(Locale.ROOT, "== server footprint: heap used %d -> %d MiB, RSS %d -> %d MiB%n",
                    before.heapBytes() >> 20, after.heapBytes() >> 20, before.rssBytes() >> 20, after.rssBytes() >> 20);
            System.out.printf(Locale.ROOT, "   per idle session: heap %.1f KiB, RSS %.1f KiB%n",
                    (after.heapBytes() - before.heapBytes()) / 1024.0 / sessions,
                    (after.rssBytes() - before.rssBytes()) / 1024.0 / sessions);
        }

        String jfr = opts.get("jfr");
        if (serverPid != null && jfr != null) { // profile the server during the mass wake
            ServerFootprint.jcmd(serverPid, "JFR.start name=wake filename=" + Path.of(jfr).toAbsolutePath());
        }
        System.out.println("== one delivery into each user's INBOX wakes all " + sessions + " idlers");
        long serverCpuBefore = ServerFootprint.cpuMillis(serverPid);
        long ownCpuBefore = ServerFootprint.cpuMillis(Long.toString(ProcessHandle.current().pid()));
        long wakeStart = System.nanoTime();
        for (int u = 0; u < users; u++) {
            deliveredAt.set(u, System.nanoTime());
            deliver(user(u));
        }
        boolean all = allWoken.await(WAIT_SECONDS, TimeUnit.SECONDS);
        long[] latencies = new long[sessions];
        int woken = 0;
        for (int s = 0; s < sessions; s++) {
            long t = wokenAt.get(s);
            if (t != 0) {
                latencies[woken++] = t - deliveredAt.get(s % users);
            }
        }
        System.out.println("   woken: " + woken + " of " + sessions + (all ? "" : " (gave up after " + WAIT_SECONDS + " s)"));
        long wakeMillis = (System.nanoTime() - wakeStart) / 1_000_000;
        report("delivery -> EXISTS at every idler", Arrays.copyOf(latencies, woken));
        if (serverPid != null) { // on a shared machine: how much CPU the wake took, not only how long
            System.out.printf(Locale.ROOT, "   CPU during the wake (%d ms wall): server %d ms, load generator %d ms; load average %s%n",
                    wakeMillis, ServerFootprint.cpuMillis(serverPid) - serverCpuBefore,
                    ServerFootprint.cpuMillis(Long.toString(ProcessHandle.current().pid())) - ownCpuBefore,
                    Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        }
        if (serverPid != null && jfr != null) {
            ServerFootprint.jcmd(serverPid, "JFR.stop name=wake");
        }
        for (IdleClient c : idlers) {
            c.close();
        }
        if (!all) {
            System.exit(1);
        }
    }

    /** Latencies (ns) for APPEND and for delivery, measured with one idler and one writer of user u000. */
    private long[][] singleIdlerLatencies(int rounds) throws Exception {
        BlockingQueue<Long> exists = new LinkedBlockingQueue<>();
        String user = user(0);
        try (IdleClient idler = new IdleClient(host, port).loginAndSelect(user, password);
                IdleClient writer = new IdleClient(host, port).loginAndSelect(user, password)) {
            idler.idle(exists::add);
            long[] append = new long[rounds];
            long[] delivery = new long[rounds];
            for (int r = -5; r < rounds; r++) {
                long t0 = System.nanoTime();
                writer.append(MESSAGE);
                long lat = awaitExists(exists) - t0;
                if (r >= 0) {
                    append[r] = lat;
                }
            }
            for (int r = -5; r < rounds; r++) {
                long t0 = System.nanoTime();
                deliver(user);
                long lat = awaitExists(exists) - t0;
                if (r >= 0) {
                    delivery[r] = lat;
                }
            }
            return new long[][] {append, delivery};
        }
    }

    private static long awaitExists(BlockingQueue<Long> exists) throws InterruptedException {
        Long t = exists.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (t == null) {
            throw new IllegalStateException("no EXISTS within " + WAIT_SECONDS + " s");
        }
        return t;
    }

    /** Receives the arrival time of an EXISTS at session number {@code session}. */
    @FunctionalInterface
    private interface WakeListener {
        void woken(int session, long nanos);
    }

    private void openIdlers(int sessions, List<IdleClient> idlers, WakeListener listener) throws Exception {
        Semaphore connecting = new Semaphore(64); // stays well inside the server's accept backlog
        IdleClient[] opened = new IdleClient[sessions];
        AtomicInteger failures = new AtomicInteger();
        List<Thread> threads = new ArrayList<>(sessions);
        for (int i = 0; i < sessions; i++) {
            int session = i;
            connecting.acquire();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    IdleClient c = new IdleClient(host, port).loginAndSelect(user(session % users), password);
                    c.idle(nanos -> listener.woken(session, nanos));
                    opened[session] = c;
                } catch (IOException e) {
                    if (failures.incrementAndGet() <= 5) {
                        System.err.println("session " + session + ": " + e);
                    }
                } finally {
                    connecting.release();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " sessions could not start idling");
        }
        idlers.addAll(Arrays.asList(opened));
    }

    /** What a delivery agent does: write the message into tmp/, then rename it into new/. */
    private void deliver(String user) throws IOException {
        Path maildir = home.resolve("var/mail").resolve(user);
        String name = System.currentTimeMillis() / 1000 + ".M" + DELIVERIES.incrementAndGet() + "P"
                + ProcessHandle.current().pid() + ".bench";
        Path tmp = maildir.resolve("tmp").resolve(name);
        Files.write(tmp, MESSAGE);
        Files.move(tmp, maildir.resolve("new").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            System.out.println("   " + what + ": no samples");
            return;
        }
        System.out.printf(Locale.ROOT, "   %s: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n", what, sorted.length,
                percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** Heap in use after a full GC ({@code jcmd}) and resident set size ({@code /proc}) of the server. */
    record ServerFootprint(long heapBytes, long rssBytes) {

        private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
        private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

        static ServerFootprint measure(String pid) throws IOException, InterruptedException {
            if (pid == null) {
                return null;
            }
            jcmd(pid, "GC.run");
            Matcher heap = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
            Matcher rss = VM_RSS.matcher(Files.readString(Path.of("/proc", pid, "status")));
            if (!heap.find() || !rss.find()) {
                throw new IllegalStateException("cannot read the footprint of process " + pid);
            }
            return new ServerFootprint(Long.parseLong(heap.group(1)) * 1024, Long.parseLong(rss.group(1)) * 1024);
        }

        /** User plus system CPU time of a process (and its reaped children), or 0 without a pid. */
        static long cpuMillis(String pid) {
            return pid == null ? 0 : io.bundlebox.bench.servers.ServerProcess.treeCpuNanos(Long.parseLong(pid)) / 1_000_000;
        }

        private static String jcmd(String pid, String command) throws IOException, InterruptedException {
            Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
            Path jcmd = java.resolveSibling("jcmd");
            Process p = new ProcessBuilder(Files.exists(jcmd) ? jcmd.toString() : "jcmd", pid, command)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        }
    }
}
