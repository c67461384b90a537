package io.bundlebox.bench;

import io.bundlebox.imap.api.Flag;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.StoreConfig;
import io.bundlebox.mailstore.UserMailboxes;
import io.bundlebox.store.maildir.internal.MaildirStoreProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Store-level benchmarks of the Maildir store (issue 4 targets in brackets):
 * <ul>
 * <li>open + snapshot of a 100,000-message mailbox, first after a restart (fresh JVM) [500 ms]
 *     and warm [10 ms];</li>
 * <li>iterating the flags of all 100,000 messages [60 ms];</li>
 * <li>APPEND with fsync over 4 threads into 4 mailboxes [1,100 msg/s] and into one shared
 *     mailbox [450 msg/s].</li>
 * </ul>
 * Usage: {@code StoreBench [all|build|cold|warm|append] <work dir> [messages]}; {@code all} (the
 * default) builds the mailbox once under the work dir (reused when present), measures the cold
 * open in a child JVM, then the rest in this one. Wall-clock figures of this machine, printed
 * one per line.
 */
public final class StoreBench {

    private static final String USER = "bench";
    private static final int APPENDS_PER_THREAD = 750;

    private StoreBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        Path work = Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir") + "/bundlebox-bench");
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        Path big = work.resolve("big");
        switch (mode) {
            case "build" -> build(big, messages);
            case "cold" -> cold(big);
            case "warm" -> warm(big);
            case "append" -> append(work.resolve("append"));
            case "all" -> {
                build(big, messages);
                coldInChildJvm(big);
                warm(big);
                append(work.resolve("append"));
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    /** Writes {@code count} small synthetic messages straight into cur/ and lets the store index them once. */
    static void build(Path root, int count) throws Exception {
        Path home = root.resolve(USER);
        if (Files.exists(home.resolve("bundlebox-index"))) {
            System.out.println("build: reusing " + home);
            return;
        }
        long start = System.nanoTime();
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(home.resolve(sub));
        }
        long base = 1_600_000_000L;
        for (int i = 0; i < count; i++) {
            byte[] message = message(i);
            String letters = (i % 3 == 0 ? "" : "S") + (i % 50 == 0 ? "F" : "");
            letters = letters.chars().sorted().collect(StringBuilder::new, StringBuilder::appendCodePoint,
                    StringBuilder::append).toString();
            Path file = home.resolve("cur").resolve((base + i) + ".M" + i + "P1.bench,S=" + message.length + ":2," + letters);
            Files.write(file, message);
            Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(base + i)));
        }
        long written = System.nanoTime();
        try (MailStore store = open(root); Mailbox inbox = store.user(USER).open("INBOX")) {
            System.out.printf("build: %d files written in %d ms, indexed in %d ms (%d messages)%n", count,
                    (written - start) / 1_000_000, (System.nanoTime() - written) / 1_000_000, inbox.snapshot().size());
        }
    }

    /** First open + snapshot after a restart: this JVM has never seen the store. */
    static void cold(Path root) throws Exception {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try (MailStore store = open(root); Mailbox inbox = store.user(USER).open("INBOX")) {
            MailboxSnapshot s = inbox.snapshot();
            long took = System.nanoTime() - start;
            long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
            System.out.printf("cold open+snapshot (first after restart, new JVM): %.1f ms wall, %.1f ms CPU of the"
                    + " opening thread, for %d messages (load average %.1f) [target <= 500 ms]%n", took / 1e6, cpu / 1e6,
                    s.size(), java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void coldInChildJvm(Path root) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StoreBench.class.getName(), "cold", root.getParent().toString()).inheritIO().start();
        if (child.waitFor() != 0) {
            throw new IllegalStateException("cold run failed");
        }
    }

    /** Warm open + snapshot, and iterating the flags of every message. */
    static void warm(Path root) throws Exception {
        try (MailStore store = open(root)) {
            UserMailboxes user = store.user(USER);
            try (Mailbox first = user.open("INBOX")) {
                first.snapshot();
            }
            long[] openTimes = new long[200];
            for (int i = 0; i < openTimes.length; i++) {
                long start = System.nanoTime();
                try (Mailbox inbox = user.open("INBOX")) {
                    inbox.snapshot();
                }
                openTimes[i] = System.nanoTime() - start;
            }
            System.out.printf("warm open+snapshot: median %.3f ms, max %.3f ms [target <= 10 ms]%n",
                    median(openTimes) / 1e6, Arrays.stream(openTimes).max().orElse(0) / 1e6);

            try (Mailbox inbox = user.open("INBOX")) {
                long[] flagTimes = new long[50];
                int seen = 0;
                for (int round = 0; round < flagTimes.length; round++) {
                    long start = System.nanoTime();
                    MailboxSnapshot s = inbox.snapshot();
                    seen = 0;
                    for (int i = 0; i < s.size(); i++) {
                        if (s.get(i).has(Flag.SEEN)) {
                            seen++;
                        }
                    }
                    flagTimes[round] = System.nanoTime() - start;
                }
                System.out.printf("iterate flags of %d messages (%d \\Seen): median %.3f ms, max %.3f ms [target <= 60 ms]%n",
                        inbox.snapshot().size(), seen, median(flagTimes) / 1e6,
                        Arrays.stream(flagTimes).max().orElse(0) / 1e6);

                // After a change the snapshot is rebuilt once: the cost a session sees after a write.
                long uid = inbox.snapshot().get(0).uid();
                long[] afterChange = new long[20];
                for (int i = 0; i < afterChange.length; i++) {
                    inbox.store(new long[] {uid}, i % 2 == 0 ? Mailbox.FlagMode.ADD : Mailbox.FlagMode.REMOVE,
                            Set.of(Flag.FLAGGED), Long.MAX_VALUE);
                    long start = System.nanoTime();
                    inbox.snapshot();
                    afterChange[i] = System.nanoTime() - start;
                }
                System.out.printf("snapshot right after a flag change (rebuilt): median %.3f ms%n", median(afterChange) / 1e6);
            }
        }
    }

    /** APPEND with fsync: 4 threads into 4 mailboxes, then 4 threads into one. */
    static void append(Path root) throws Exception {
        deleteTree(root);
        try (MailStore store = open(root)) {
            UserMailboxes user = store.user(USER);
            List<String> four = List.of("A", "B", "C", "D");
            for (String name : four) {
                user.create(name, Set.of());
            }
            run(user, four, "4 threads into 4 mailboxes", 1_100);
            run(user, List.of("INBOX", "INBOX", "INBOX", "INBOX"), "4 threads into 1 shared mailbox", 450);
        }
        deleteTree(root);
    }

    private static void run(UserMailboxes user, List<String> mailboxes, String what, int target) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(mailboxes.size());
        List<Future<?>> done = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < mailboxes.size(); t++) {
            String name = mailboxes.get(t);
            int thread = t;
            done.add(pool.submit(() -> {
                try (Mailbox box = user.open(name)) {
                    for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                        byte[] m = message(thread * 1_000_000 + i);
                        box.append(new ByteArrayInputStream(m), m.length, Set.of(), null);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        int total = APPENDS_PER_THREAD * mailboxes.size();
        System.out.printf("APPEND with fsync, %s: %d messages in %.2f s = %.0f msg/s [target >= %d msg/s]%n",
                what, total, seconds, total / seconds, target);
    }

    static MailStore open(Path root) throws Exception {
        return new MaildirStoreProvider().open(new StoreConfig(root, Map.of()));
    }

    /** A small synthetic message of about 1.5 KB. */
    static byte[] message(int n) {
        String body = ("Line " + n + " of a synthetic benchmark message, long enough to look like mail.\r\n").repeat(18);
        return ("From: Sender " + n + " <sender" + n + "@example.org>\r\nTo: bench@example.org\r\nSubject: message "
                + n + "\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\nMessage-ID: <" + n + "@bench.example.org>\r\n\r\n"
                + body).getBytes(StandardCharsets.US_ASCII);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
