package io.bundlebox.bench.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Latencies per command, cycles and errors of one phase of the load, shared by its clients. */
final class Stats {

    private final Map<String, Latencies> byCommand = new ConcurrentHashMap<>();
    final AtomicLong cycles = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    private final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();

    /** A growable array of nanosecond latencies. */
    static final class Latencies {
        private long[] values = new long[1024];
        private int size;

        synchronized void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        synchronized long[] sorted() {
            long[] s = Arrays.copyOf(values, size);
            Arrays.sort(s);
            return s;
        }
    }

    void record(String command, long nanos) {
        byCommand.computeIfAbsent(command, c -> new Latencies()).add(nanos);
    }

    void error(String user, String what) {
        errors.incrementAndGet();
        if (firstErrors.size() < 10) {
            firstErrors.add(user + ": " + what);
        }
    }

    long count(String command) {
        Latencies l = byCommand.get(command);
        return l == null ? 0 : l.sorted().length;
    }

    List<String> firstErrors() {
        return new ArrayList<>(firstErrors);
    }

    /** One line per command: count, rate per second of {@code seconds}, p50/p90/p99/max in ms. */
    List<String> table(double seconds) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "    %-14s %8s %9s %8s %8s %8s %8s", "command", "count", "per s", "p50 ms",
                "p90 ms", "p99 ms", "max ms"));
        byCommand.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            long[] s = e.getValue().sorted();
            if (s.length > 0) {
                lines.add(String.format(Locale.ROOT, "    %-14s %8d %9.1f %8.2f %8.2f %8.2f %8.1f", e.getKey(), s.length,
                        s.length / seconds, pct(s, 50), pct(s, 90), pct(s, 99), s[s.length - 1] / 1e6));
            }
        });
        return lines;
    }

    private static double pct(long[] sorted, int p) {
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
