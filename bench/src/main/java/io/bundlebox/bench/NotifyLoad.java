package io.bundlebox.bench;

import io.bundlebox.bench.servers.BundleboxServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 13 item 6: NOTIFY under load, against the real distribution started as its own process.
 * {@code sessions} connections spread over {@code users} users with {@code mailboxes} mailboxes
 * each send {@code NOTIFY SET STATUS (PERSONAL (MessageNew MessageExpunge))}; then messages are
 * delivered the way a delivery agent does (written into a folder's {@code tmp/}, renamed into
 * {@code new/}) at {@code rate} a second for {@code seconds}, spread round-robin over every
 * mailbox of every user. Each delivery k into a mailbox makes its UIDNEXT k+1: a session has been
 * told of it once it got {@code * STATUS "box" (MESSAGES .. UIDNEXT u)} with u &gt; k (the server
 * may fold several deliveries into one STATUS, RFC 5465 section 5.2). Reports how many
 * (session, delivery) events were told of the expected number, p50/p99/max latency from just
 * before the delivery's file is written to the STATUS line reaching the client, and the server's heap per session.
 *
 * <p>Run: {@code java -cp 'bench/target/lib/*:bench/target/io.bundlebox.bench-0.1.0-SNAPSHOT.jar'
 * io.bundlebox.bench.NotifyLoad --dist launcher/target/bundlebox --home /tmp/notify-load
 * [--users 100] [--mailboxes 20] [--sessions 2000] [--rate 200] [--seconds 60]}. Loopback only;
 * the server stops at the end.
 */
public final class NotifyLoad {

    private static final byte[] MESSAGE = ("From: bench@example.org\r\nTo: you@example.org\r\nSubject: notify\r\n"
            + "\r\nNOTIFY benchmark message.\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final Pattern STATUS = Pattern.compile("^\\* STATUS \"?m(\\d+)\"? \\(.*UIDNEXT (\\d+).*\\)$");

    private NotifyLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path dist = Path.of(o.getOrDefault("dist", "launcher/target/bundlebox"));
        Path home = Path.of(o.getOrDefault("home", "/tmp/bundlebox-notify-load")).toAbsolutePath();
        int users = Integer.parseInt(o.getOrDefault("users", "100"));
        int mailboxes = Integer.parseInt(o.getOrDefault("mailboxes", "20"));
        int sessions = Integer.parseInt(o.getOrDefault("sessions", "2000"));
        int rate = Integer.parseInt(o.getOrDefault("rate", "200"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "60"));
        boolean status = Boolean.parseBoolean(o.getOrDefault("status", "false"));
        boolean viaAppend = o.getOrDefault("via", "file").equals("append");
        String jvm = o.getOrDefault("jvm", "-Xmx1g");
        String notify = "NOTIFY SET " + (status ? "STATUS " : "") + "(PERSONAL (MessageNew MessageExpunge))";

        List<String> names = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            names.add(user(u));
            for (int m = 0; m < mailboxes; m++) {
                Path dir = home.resolve("var/mail").resolve(user(u)).resolve(".m" + m);
                for (String sub : new String[] {"cur", "new", "tmp"}) {
                    Files.createDirectories(dir.resolve(sub));
                }
                Files.writeString(dir.resolve("maildirfolder"), "");
            }
            for (String sub : new String[] {"cur", "new", "tmp"}) {
                Files.createDirectories(home.resolve("var/mail").resolve(user(u)).resolve(sub));
            }
        }
        // a --home apart from the distribution has its own extensions/ (the hot folder): give it the distribution's
        Files.createDirectories(home.resolve("extensions"));
        try (var jars = Files.list(dist.resolve("extensions"))) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                Files.copy(jar, home.resolve("extensions").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (BundleboxServer server = BundleboxServer.start(dist, home, names, "bench", jvm)) {
            String pid = Long.toString(server.pid());
            awaitNotify(server.port()); // extensions/ is a hot folder: ext.notify comes up just after the greeting
            IdleLoad.ServerFootprint before = IdleLoad.ServerFootprint.measure(pid);
            // per session and mailbox: the highest UIDNEXT told, and when each was first reached
            int boxes = mailboxes;
            long[][] deliveredAt = new long[users * mailboxes][];
            int perBox = (rate * seconds + users * mailboxes - 1) / (users * mailboxes) + 1;
            for (int i = 0; i < deliveredAt.length; i++) {
                deliveredAt[i] = new long[perBox + 1];
            }
            List<Watcher> watchers = new ArrayList<>();
            Semaphore connecting = new Semaphore(64);
            long openStart = System.nanoTime();
            List<Thread> opening = new ArrayList<>();
            AtomicInteger failures = new AtomicInteger();
            Watcher[] opened = new Watcher[sessions];
            for (int s = 0; s < sessions; s++) {
                int session = s;
                connecting.acquire();
                opening.add(Thread.ofVirtual().start(() -> {
                    try {
                        opened[session] = new Watcher(server.port(), session % users, boxes, perBox, notify);
                    } catch (IOException e) {
                        if (failures.incrementAndGet() <= 5) {
                            System.err.println("session " + session + ": " + e);
                        }
                    } finally {
                        connecting.release();
                    }
                }));
            }
            for (Thread t : opening) {
                t.join();
            }
            if (failures.get() > 0) {
                throw new IllegalStateException(failures.get() + " sessions could not start");
            }
            watchers.addAll(List.of(opened));
            System.out.printf(Locale.ROOT, "%d sessions with %s over %d users x %d mailboxes after %.1f s; deliveries %s%n",
                    sessions, notify, users, mailboxes, (System.nanoTime() - openStart) / 1e9,
                    viaAppend ? "by APPEND from one more session per user" : "into new/ from outside");
            Appender[] appenders = new Appender[viaAppend ? users : 0];
            for (int u = 0; u < appenders.length; u++) {
                appenders[u] = new Appender(server.port(), u);
            }
            IdleLoad.ServerFootprint after = IdleLoad.ServerFootprint.measure(pid);
            System.out.printf(Locale.ROOT, "server heap after GC %d -> %d MiB: %.1f KiB per NOTIFY session%n",
                    before.heapBytes() >> 20, after.heapBytes() >> 20,
                    (after.heapBytes() - before.heapBytes()) / 1024.0 / sessions);

            // deliveries: round-robin over every (user, mailbox), paced to `rate` a second
            int total = rate * seconds;
            int[] count = new int[users * mailboxes];
            long start = System.nanoTime();
            long cpuBefore = IdleLoad.ServerFootprint.cpuMillis(pid);
            for (int d = 0; d < total; d++) {
                long due = start + (long) d * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                int box = (d * 7919) % (users * mailboxes); // 7919 is prime to 2,000: every box in turn
                int k = ++count[box];
                int u = box / mailboxes;
                int m = box % mailboxes;
                if (viaAppend) {
                    deliveredAt[box][k] = System.nanoTime(); // just before the APPEND is sent
                    appenders[u].append("m" + m);
                    continue;
                }
                Path dir = home.resolve("var/mail").resolve(user(u)).resolve(".m" + m);
                String file = "17000" + d + ".M" + d + "P1.notifyload";
                long t0 = System.nanoTime(); // as IdleLoad: from just before the file is written into tmp/
                Files.write(dir.resolve("tmp").resolve(file), MESSAGE);
                Files.move(dir.resolve("tmp").resolve(file), dir.resolve("new").resolve(file), StandardCopyOption.ATOMIC_MOVE);
                deliveredAt[box][k] = t0;
            }
            long deliverNanos = System.nanoTime() - start;
            System.out.printf(Locale.ROOT, "%d deliveries in %.1f s (%.0f/s)%n", total, deliverNanos / 1e9, total / (deliverNanos / 1e9));

            // every session must reach the final UIDNEXT of each of its user's mailboxes
            long expected = 0;
            for (int s = 0; s < sessions; s++) {
                for (int m = 0; m < mailboxes; m++) {
                    expected += count[(s % users) * mailboxes + m];
                }
            }
            long deadline = System.nanoTime() + 120_000_000_000L;
            long told;
            do {
                told = 0;
                for (Watcher w : watchers) {
                    for (int m = 0; m < mailboxes; m++) {
                        told += Math.min(w.highest(m) - 1, count[w.user * mailboxes + m]);
                    }
                }
                if (told >= expected) {
                    break;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
            } while (System.nanoTime() < deadline);
            long cpu = IdleLoad.ServerFootprint.cpuMillis(pid) - cpuBefore;
            System.out.printf(Locale.ROOT, "events told: %d of %d (%s)%n", told, expected, told == expected ? "all" : "MISSING");
            List<Long> latencies = new ArrayList<>();
            for (Watcher w : watchers) {
                for (int m = 0; m < mailboxes; m++) {
                    int box = w.user * mailboxes + m;
                    for (int k = 1; k <= count[box]; k++) {
                        long at = w.reached(m, k + 1);
                        if (at != 0) {
                            latencies.add(at - deliveredAt[box][k]);
                        }
                    }
                }
            }
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "delivery -> STATUS at the client: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n",
                    sorted.length, pct(sorted, 50), pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
            System.out.printf(Locale.ROOT, "server CPU from the first delivery to the last event: %d ms; load average %s%n", cpu,
                    Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            for (Watcher w : watchers) {
                w.close();
            }
            for (Appender a : appenders) {
                a.close();
            }
        }
        System.exit(0);
    }

    /** Polls CAPABILITY after login (20 ms apart, 60 s at most) until it lists NOTIFY. */
    private static void awaitNotify(int port) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                s.getOutputStream().write(("a LOGIN " + user(0) + " bench\r\nb CAPABILITY\r\nc LOGOUT\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String all = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                if (all.contains("* CAPABILITY") && all.substring(all.indexOf("* CAPABILITY")).split("\r\n")[0].contains(" NOTIFY")) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("NOTIFY not advertised within 60 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static String user(int i) {
        return String.format(Locale.ROOT, "u%03d", i);
    }

    /** One NOTIFY session: logs in, sets NOTIFY, then a virtual thread reads and records STATUS lines. */
    private static final class Watcher implements AutoCloseable {
        final int user;
        private final Socket socket;
        private final InputStream in;
        /** Per mailbox: arrival time of UIDNEXT value u (index u), first reached. */
        private final AtomicLongArray[] reachedAt;
        private final int[] highest;

        Watcher(int port, int user, int mailboxes, int perBox, String notify) throws IOException {
            this.user = user;
            this.socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(0);
            this.in = new BufferedInputStream(socket.getInputStream());
            this.reachedAt = new AtomicLongArray[mailboxes];
            this.highest = new int[mailboxes];
            for (int m = 0; m < mailboxes; m++) {
                reachedAt[m] = new AtomicLongArray(perBox + 2);
                highest[m] = 1;
            }
            OutputStream out = socket.getOutputStream();
            readLine(); // greeting
            out.write(("a LOGIN " + user(user) + " bench\r\nb " + notify + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (String line; (line = readLine()) != null; ) {
                if (line.startsWith("a NO") || line.startsWith("a BAD") || line.startsWith("b NO") || line.startsWith("b BAD")) {
                    throw new IOException(line);
                }
                if (line.startsWith("b OK")) {
                    break;
                }
            }
            Thread.ofVirtual().start(this::readEvents);
        }

        private void readEvents() {
            try {
                for (String line; (line = readLine()) != null; ) {
                    long now = System.nanoTime();
                    Matcher m = STATUS.matcher(line);
                    if (m.matches()) {
                        int box = Integer.parseInt(m.group(1));
                        int uidNext = Integer.parseInt(m.group(2));
                        synchronized (this) {
                            for (int u = highest[box] + 1; u <= uidNext && u < reachedAt[box].length(); u++) {
                                reachedAt[box].set(u, now);
                            }
                            highest[box] = Math.max(highest[box], uidNext);
                        }
                    }
                }
            } catch (IOException e) {
                // closed at the end
            }
        }

        synchronized int highest(int box) {
            return highest[box];
        }

        long reached(int box, int uidNext) {
            return uidNext < reachedAt[box].length() ? reachedAt[box].get(uidNext) : 0;
        }

        private String readLine() throws IOException {
            return IdleClient.readLine(in);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * A session of the same user that delivers by APPEND (a non-synchronizing literal, RFC 7888),
     * without waiting for each tagged OK: its responses are drained by a virtual thread.
     */
    private static final class Appender implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private int tag;

        Appender(int port, int user) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            IdleClient.readLine(in); // greeting
            out.write(("a LOGIN " + user(user) + " bench\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (String line; (line = IdleClient.readLine(in)) != null; ) {
                if (line.startsWith("a ")) {
                    if (!line.startsWith("a OK")) {
                        throw new IOException(line);
                    }
                    break;
                }
            }
            Thread.ofVirtual().start(() -> {
                try {
                    for (String line; (line = IdleClient.readLine(in)) != null; ) {
                        if (line.matches("^p\\d+ (NO|BAD).*")) {
                            System.err.println("APPEND: " + line);
                        }
                    }
                } catch (IOException e) {
                    // closed at the end
                }
            });
        }

        /** One write for the command, its literal and the CRLF (no Nagle wait between them). */
        void append(String mailbox) throws IOException {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            b.writeBytes(("p" + (++tag) + " APPEND " + mailbox + " {" + MESSAGE.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(MESSAGE);
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(b.toByteArray());
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
