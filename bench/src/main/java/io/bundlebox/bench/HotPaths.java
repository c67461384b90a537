package io.bundlebox.bench;

import io.bundlebox.itest.ImapClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Profiles one IMAP command of the in-process server with JDK Flight Recorder: runs it
 * repeatedly with execution samples every millisecond, then prints the methods most often on
 * top of the server's stacks (samples of the benchmark's own client threads left out) and the
 * first Bundlebox frame under them, for issue 15 item 4's closing note.
 */
final class HotPaths {

    private HotPaths() {
    }

    /** Runs {@code command} on {@code c} {@code repetitions} times under JFR and prints the top frames. */
    static void profile(ImapClient c, String command, int repetitions, Path dir) throws Exception {
        Path file = dir.resolve("hot-" + command.replaceAll("[^A-Za-z0-9]+", "_") + ".jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1)).withStackTrace();
            r.start();
            for (int i = 0; i < repetitions; i++) {
                c.ok(command);
            }
            r.stop();
            r.dump(file);
        }
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty() || frames.stream().anyMatch(f -> f.getMethod().getType().getName().startsWith("io.bundlebox.itest.")
                    || f.getMethod().getType().getName().startsWith("io.bundlebox.bench."))) {
                continue; // the benchmark's client
            }
            samples++;
            top.merge(name(frames.getFirst()), 1, Integer::sum);
            frames.stream().filter(f -> f.getMethod().getType().getName().startsWith("io.bundlebox."))
                    .findFirst().ifPresent(f -> ours.merge(name(f), 1, Integer::sum));
        }
        System.out.printf(Locale.ROOT, "%n-- JFR: %s x %d: %d server samples (%s)%n", command, repetitions, samples, file);
        print("top of stack", top, samples);
        print("first Bundlebox frame", ours, samples);
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName().replaceFirst("^io\\.bundlebox\\.", "") + "." + f.getMethod().getName()
                + ":" + f.getLineNumber();
    }

    private static void print(String what, Map<String, Integer> counts, int samples) {
        System.out.println("   " + what + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
                .forEach(e -> System.out.printf(Locale.ROOT, "     %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples),
                        e.getKey()));
    }
}
