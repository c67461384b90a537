package io.bundlebox.bench;

import io.bundlebox.itest.ImapClient;
import io.bundlebox.itest.ImapTestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Issue 10 item 7 measured over IMAP, as a client sees it: a real server (Felix, the built bundles
 * with ext.condstore) on a loopback socket, a 100,000-message INBOX built by {@link StoreBench#build}.
 *
 * <ul>
 * <li>{@code UID FETCH 1:* (FLAGS) (CHANGEDSINCE m)} with nothing changed since m [target &lt; 5 ms],
 * against {@code NOOP} (the round trip) in the same run;</li>
 * <li>the QRESYNC resynchronisation of a client that last saw the mailbox before 1% of it changed
 * (650 messages' flags, 300 expunged including the highest UID, 50 appended):
 * {@code EXAMINE INBOX (QRESYNC (uidvalidity m))}, all responses read [target &lt; 50 ms], against a plain
 * {@code EXAMINE INBOX} in the same run.</li>
 * </ul>
 * Each pair is run alternately (A/B/A/B) so that load from elsewhere hits both alike; medians and
 * their ratio are printed.
 *
 * <p>Run: {@code java -cp 'bench/target/lib/*:bench/target/io.bundlebox.bench-0.1.0-SNAPSHOT.jar'
 * io.bundlebox.bench.QresyncBench [WORKDIR [MESSAGES]]}.
 */
public final class QresyncBench {

    private static final String USER = "bench";
    private static final Pattern UIDVALIDITY = Pattern.compile("\\[UIDVALIDITY (\\d+)]");
    private static final Pattern HIGHESTMODSEQ = Pattern.compile("\\[HIGHESTMODSEQ (\\d+)]");

    private QresyncBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir") + "/bundlebox-qresync-bench");
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path home = work.resolve("home");
        // the run changes the mailbox: build a fresh one each time
        deleteTree(work);
        StoreBench.build(home.resolve("var/mail"), messages);
        try (ImapTestServer server = ImapTestServer.start(home)) {
            server.addUser(USER, "pw");
            try (ImapClient c = server.login(USER, "pw")) {
                c.ok("ENABLE QRESYNC");
                String select = String.join("\n", c.ok("SELECT INBOX"));
                long uidValidity = find(UIDVALIDITY, select);
                long before = find(HIGHESTMODSEQ, select);
                System.out.printf("mailbox: %d messages, HIGHESTMODSEQ %d%n", messages, before);

                pair("UID FETCH 1:* (FLAGS) (CHANGEDSINCE m), nothing changed", c,
                        "UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + before + ")", "NOOP", 50, 5, 1);

                int changed = change(server, messages);
                System.out.printf("changed elsewhere: %d messages (1%%)%n", changed);
                pair("EXAMINE INBOX (QRESYNC (v m)) after 1% changed", c,
                        "EXAMINE INBOX (QRESYNC (" + uidValidity + " " + before + "))", "EXAMINE INBOX", 20, 50,
                        650 + 50);
                String after = String.join("\n", c.ok("EXAMINE INBOX"));
                pair("UID FETCH 1:* (FLAGS) (CHANGEDSINCE m), nothing changed since, after the change", c,
                        "UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + find(HIGHESTMODSEQ, after) + ")", "NOOP", 50, 5, 1);
            }
        }
    }

    /** 650 flag changes, 300 expunges (the highest UID among them), 50 appends, by another session. */
    private static int change(ImapTestServer server, int messages) throws Exception {
        List<Long> uids = new ArrayList<>();
        for (long u = 1; u <= messages; u++) {
            uids.add(u);
        }
        Collections.shuffle(uids.subList(0, messages - 1), new Random(7162));
        List<Long> expunge = new ArrayList<>(uids.subList(0, 299));
        expunge.add((long) messages);
        List<Long> flag = uids.subList(300, 950);
        try (ImapClient other = server.login(USER, "pw")) {
            other.ok("SELECT INBOX");
            other.ok("UID STORE " + join(flag) + " +FLAGS.SILENT ($Bench)"); // a keyword no message has yet: all 650 change
            other.ok("UID STORE " + join(expunge) + " +FLAGS.SILENT (\\Deleted)");
            other.ok("UID EXPUNGE " + join(expunge));
            for (int i = 0; i < 50; i++) {
                other.append("INBOX", "", ("Subject: new " + i + "\r\n\r\nnew\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        return flag.size() + expunge.size() + 50;
    }

    private static String join(List<Long> uids) {
        return uids.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static long find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + p + " in " + text);
        }
        return Long.parseLong(m.group(1));
    }

    /** Runs A and B alternately, {@code runs} times each after a warm-up; prints medians and A/B. */
    private static void pair(String what, ImapClient c, String a, String b, int runs, int targetMs, int minLines)
            throws Exception {
        int lines = c.ok(a).size(); // the answer's size
        if (lines < minLines) {
            throw new IllegalStateException(a + " answered " + lines + " lines, expected at least " + minLines);
        }
        for (int i = 0; i < 10; i++) { // warm-up (JIT)
            c.ok(a);
            c.ok(b);
        }
        long[] ta = new long[runs];
        long[] tb = new long[runs];
        for (int i = 0; i < runs; i++) {
            ta[i] = timed(c, a);
            tb[i] = timed(c, b);
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        double ma = ta[runs / 2] / 1e6;
        double mb = tb[runs / 2] / 1e6;
        System.out.printf("%s: median %.2f ms, best %.2f ms (%d response lines) [target < %d ms]; "
                + "%s: median %.2f ms; ratio %.2f over %d A/B rounds%n", what, ma, ta[0] / 1e6, lines, targetMs,
                b, mb, ma / mb, runs);
    }

    private static long timed(ImapClient c, String command) throws Exception {
        long start = System.nanoTime();
        c.ok(command);
        return System.nanoTime() - start;
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Collections.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
