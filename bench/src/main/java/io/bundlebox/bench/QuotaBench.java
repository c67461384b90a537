package io.bundlebox.bench;

import io.bundlebox.itest.ImapClient;
import io.bundlebox.itest.ImapTestServer;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.Mailbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;

/**
 * Issue 12 item 7, measured over IMAP against the real server (ImapTestServer: Felix, the built
 * bundles, ext.quota among them):
 * <ul>
 * <li>APPEND throughput over 4 connections (into 4 more mailboxes of that same user, 1.5 KB messages, fsync) with
 * quota on (ext.quota active, limits set, far from reached) and off (ext.quota stopped: no guard),
 * alternating A/B/A/B in one run on one server [target: on within 5 % of off];
 * <li>GETQUOTAROOT for a user with 100 mailboxes holding 100,000 messages: the first after the
 * server started (reads the 100 indexes), then warm [target &lt; 1 ms].
 * </ul>
 *
 * <p>Run: {@code java -cp 'bench/target/lib/*:bench/target/io.bundlebox.bench-0.1.0-SNAPSHOT.jar'
 * io.bundlebox.bench.QuotaBench [WORKDIR [ROUNDS]]}.
 */
public final class QuotaBench {

    private static final String USER = "bench";
    private static final int MAILBOXES = 100;
    private static final int PER_MAILBOX = 1_000;
    private static final int APPENDS_PER_CONNECTION = 400;

    private QuotaBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir") + "/bundlebox-quota-bench");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path home = work.resolve("home");
        build(home.resolve("var/mail"));
        Files.deleteIfExists(home.resolve("conf/users"));
        try (ImapTestServer server = ImapTestServer.start(home)) {
            server.addUser(USER, "pw");
            server.configure("io.bundlebox.ext.quota", Map.of("storage.kib", "100000000", "messages", "100000000",
                    "mailboxes", "1000"));
            getQuotaRoot(server);
            appendAB(server, rounds);
        }
    }

    /** 100 mailboxes of 1,000 messages each, written straight into cur/ and indexed once. */
    private static void build(Path root) throws Exception {
        Path home = root.resolve(USER);
        if (Files.exists(home.resolve(".Box099/bundlebox-index"))) {
            System.out.println("build: reusing " + home);
            return;
        }
        long start = System.nanoTime();
        long base = 1_600_000_000L;
        for (int b = 0; b < MAILBOXES; b++) {
            Path dir = b == 0 ? home : home.resolve(String.format(".Box%03d", b));
            for (String sub : List.of("cur", "new", "tmp")) {
                Files.createDirectories(dir.resolve(sub));
            }
            if (b > 0) {
                Files.createFile(dir.resolve("maildirfolder"));
            }
            for (int i = 0; i < PER_MAILBOX; i++) {
                int n = b * PER_MAILBOX + i;
                byte[] message = StoreBench.message(n);
                Path file = dir.resolve("cur").resolve((base + n) + ".M" + n + "P1.bench,S=" + message.length + ":2,S");
                Files.write(file, message);
                Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(base + n)));
            }
        }
        long written = System.nanoTime();
        try (MailStore store = StoreBench.open(root)) {
            for (var info : store.user(USER).list()) {
                try (Mailbox box = store.user(USER).open(info.name())) {
                    box.snapshot();
                }
            }
        }
        System.out.printf("build: %d mailboxes, %d messages written in %d ms, indexed in %d ms%n", MAILBOXES,
                MAILBOXES * PER_MAILBOX, (written - start) / 1_000_000, (System.nanoTime() - written) / 1_000_000);
    }

    private static void getQuotaRoot(ImapTestServer server) throws Exception {
        try (ImapClient c = server.login(USER, "pw")) {
            long start = System.nanoTime();
            List<String> first = c.ok("GETQUOTAROOT INBOX");
            System.out.printf("GETQUOTAROOT, first after the server started (%d mailboxes, %d messages): %.1f ms%n  %s%n",
                    MAILBOXES, MAILBOXES * PER_MAILBOX, (System.nanoTime() - start) / 1e6, first.get(1));
            int runs = 2_000;
            long[] t = new long[runs];
            for (int i = 0; i < runs; i++) {
                long s = System.nanoTime();
                c.ok("GETQUOTAROOT INBOX");
                t[i] = System.nanoTime() - s;
            }
            long[] noop = new long[runs];
            for (int i = 0; i < runs; i++) {
                long s = System.nanoTime();
                c.ok("NOOP");
                noop[i] = System.nanoTime() - s;
            }
            Arrays.sort(t);
            Arrays.sort(noop);
            System.out.printf("GETQUOTAROOT, warm: median %.3f ms, p99 %.3f ms, best %.3f ms over %d runs [target < 1 ms]"
                    + " (NOOP round trip on the same connection: median %.3f ms)%n", t[runs / 2] / 1e6,
                    t[runs * 99 / 100] / 1e6, t[0] / 1e6, runs, noop[runs / 2] / 1e6);
        }
    }

    /** A/B/B/A/...: rounds of 4 x 400 APPENDs with ext.quota stopped (off) and active (on), the order alternating. */
    private static void appendAB(ImapTestServer server, int rounds) throws Exception {
        Bundle quota = server.bundle("io.bundlebox.ext.quota");
        try (ImapClient admin = server.login(USER, "pw")) {
            for (int i = 0; i < 4; i++) {
                admin.command("CREATE M" + i);
            }
        }
        appends(server, 0); // warm-up, not counted
        List<Double> off = new ArrayList<>();
        List<Double> on = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            // A/B then B/A: the order alternates, so neither side always runs right after a switch
            if (r % 2 == 0) {
                quota.stop();
                off.add(appends(server, 1 + 2 * r));
                quota.start();
                awaitQuota(server);
                on.add(appends(server, 2 + 2 * r));
            } else {
                on.add(appends(server, 1 + 2 * r));
                quota.stop();
                off.add(appends(server, 2 + 2 * r));
            }
            System.out.printf("round %d: quota off %.0f msg/s, quota on %.0f msg/s (on/off %.3f)%n", r + 1,
                    off.get(r), on.get(r), on.get(r) / off.get(r));
        }
        double offMean = off.stream().mapToDouble(d -> d).average().orElseThrow();
        double onMean = on.stream().mapToDouble(d -> d).average().orElseThrow();
        System.out.printf("APPEND over 4 connections: quota off %.0f msg/s, on %.0f msg/s: on/off = %.3f"
                + " [target >= 0.95]; load average %.1f%n", offMean, onMean, onMean / offMean,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        double[] ratios = java.util.stream.IntStream.range(0, rounds).mapToDouble(i -> on.get(i) / off.get(i)).sorted().toArray();
        System.out.printf("median of the %d per-round on/off ratios: %.3f (lowest %.3f, highest %.3f)%n", rounds,
                ratios[rounds / 2], ratios[0], ratios[rounds - 1]);
    }

    private static void awaitQuota(ImapTestServer server) throws Exception {
        try (ImapClient c = server.login(USER, "pw")) {
            io.bundlebox.itest.Await.until(java.time.Duration.ofSeconds(10), "ext.quota back",
                    () -> c.command("GETQUOTA \"\"").getLast().contains(" OK "));
        }
    }

    /** 4 connections append 400 messages each into M0..M3; returns messages per second. */
    private static double appends(ImapTestServer server, int round) throws Exception {
        return ImapMailboxBench.appendRate(server, USER, List.of("M0", "M1", "M2", "M3"), APPENDS_PER_CONNECTION, round + "/");
    }
}
