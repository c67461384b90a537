package io.bundlebox.bench;

import io.bundlebox.itest.ImapClient;
import io.bundlebox.itest.ImapTestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issue 4's targets measured over IMAP, as a client sees them: a real server (real Felix, the
 * built bundles) on a loopback socket, a 100,000-message INBOX built by {@link StoreBench#build}.
 *
 * <ul>
 * <li>SELECT, first after a restart of the server [target ≤ 500 ms] and warm [≤ 10 ms];
 * <li>{@code UID FETCH 1:* (FLAGS)} [≤ 60 ms];
 * <li>{@code FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE)} [≤ 400 ms];
 * <li>APPEND with fsync over 4 connections into 4 mailboxes [≥ 1,100 msg/s] and into one shared
 * mailbox [≥ 450 msg/s].
 * </ul>
 * Times are from sending the command to reading its tagged completion, responses read in full.
 *
 * <p>Run: {@code java -cp 'bench/target/lib/*:bench/target/io.bundlebox.bench-0.1.0-SNAPSHOT.jar'
 * io.bundlebox.bench.ImapMailboxBench [WORKDIR [MESSAGES]]}.
 */
public final class ImapMailboxBench {

    private static final String USER = "bench";
    private static final int APPENDS_PER_CONNECTION = 750;

    private ImapMailboxBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir") + "/bundlebox-imap-bench");
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path home = work.resolve("home");
        StoreBench.build(home.resolve("var/mail"), messages);
        Files.deleteIfExists(home.resolve("conf/users"));
        // restart: a server that has never opened this mailbox
        try (ImapTestServer server = ImapTestServer.start(home)) {
            server.addUser(USER, "pw");
            try (ImapClient c = server.login(USER, "pw")) {
                long cold = timed(c, "SELECT INBOX");
                System.out.printf("SELECT, first after restart (%d messages): %.1f ms [target <= 500 ms]%n", messages, cold / 1e6);
                report("SELECT INBOX, warm", c, "SELECT INBOX", 50, 10);
                report("UID FETCH 1:* (FLAGS)", c, "UID FETCH 1:* (FLAGS)", 10, 60);
                report("FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE)", c,
                        "FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE)", 5, 400);
            }
            appends(server, List.of("A1", "A2", "A3", "A4"), "4 connections into 4 mailboxes", 1_100);
            appends(server, List.of("Shared", "Shared", "Shared", "Shared"), "4 connections into one mailbox", 450);
        }
    }

    /** Runs {@code command} and returns nanoseconds to its tagged OK (all responses read). */
    private static long timed(ImapClient c, String command) throws Exception {
        long start = System.nanoTime();
        c.ok(command);
        return System.nanoTime() - start;
    }

    private static void report(String what, ImapClient c, String command, int runs, int targetMs) throws Exception {
        timed(c, command); // warm-up
        long[] t = new long[runs];
        for (int i = 0; i < runs; i++) {
            t[i] = timed(c, command);
        }
        Arrays.sort(t);
        System.out.printf("%s: median %.1f ms, best %.1f ms over %d runs [target <= %d ms]%n", what,
                t[runs / 2] / 1e6, t[0] / 1e6, runs, targetMs);
    }

    private static void appends(ImapTestServer server, List<String> mailboxes, String what, int target) throws Exception {
        try (ImapClient admin = server.login(USER, "pw")) {
            for (String m : mailboxes.stream().distinct().toList()) {
                admin.command("CREATE " + m);
            }
        }
        int total = APPENDS_PER_CONNECTION * mailboxes.size();
        double rate = appendRate(server, USER, mailboxes, APPENDS_PER_CONNECTION, "");
        System.out.printf("APPEND with fsync, %s: %d messages in %.2f s = %.0f msg/s [target >= %d msg/s]%n",
                what, total, total / rate, rate, target);
    }

    /**
     * One connection per entry of {@code mailboxes} (existing mailboxes of {@code user}), each
     * appending {@code perConnection} 1.5 KB messages into its mailbox at once.
     *
     * @param tag text in the Subject lines, to tell runs apart
     * @return messages per second, from the first APPEND sent to the last completion read
     */
    static double appendRate(ImapTestServer server, String user, List<String> mailboxes, int perConnection, String tag)
            throws Exception {
        List<ImapClient> clients = new ArrayList<>();
        for (int i = 0; i < mailboxes.size(); i++) {
            clients.add(server.login(user, "pw"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(mailboxes.size());
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < mailboxes.size(); i++) {
            ImapClient c = clients.get(i);
            String mailbox = mailboxes.get(i);
            int connection = i;
            done.add(pool.submit(() -> {
                for (int n = 0; n < perConnection; n++) {
                    byte[] message = ("From: bench@example.org\r\nSubject: append " + tag + connection + "/" + n
                            + "\r\n\r\n" + "x".repeat(1500) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    List<String> r = c.append(mailbox, "", message);
                    if (!r.get(r.size() - 1).contains(" OK ")) {
                        throw new IllegalStateException("APPEND failed: " + r);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        for (ImapClient c : clients) {
            c.close();
        }
        return perConnection * mailboxes.size() / seconds;
    }
}
