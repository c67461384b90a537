package io.bundlebox.bench;

import io.bundlebox.itest.ImapClient;
import io.bundlebox.itest.ImapTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Issue 16 item 10: {@code LIST "" * RETURN (STATUS (MESSAGES UNSEEN SIZE))} over 5,000
 * mailboxes (3 messages each, Maildir++ folders written straight to disk), first after a server
 * start and warm [target: under 1 s warm], over IMAP on the real server.
 *
 * <p>Run: {@code java -cp 'bench/target/lib/*:bench/target/io.bundlebox.bench-0.1.0-SNAPSHOT.jar'
 * io.bundlebox.bench.ListStatusBench [WORKDIR [MAILBOXES]]}.
 */
public final class ListStatusBench {

    private static final String USER = "lister";

    private ListStatusBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir") + "/bundlebox-list-bench");
        int mailboxes = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        Path home = work.resolve("home");
        Path user = home.resolve("var/mail").resolve(USER);
        if (!Files.isDirectory(user.resolve(".box" + (mailboxes - 1)))) {
            long started = System.nanoTime();
            for (String sub : new String[] {"cur", "new", "tmp"}) {
                Files.createDirectories(user.resolve(sub));
            }
            for (int b = 0; b < mailboxes; b++) {
                Path dir = user.resolve(".box" + b);
                for (String sub : new String[] {"cur", "new", "tmp"}) {
                    Files.createDirectories(dir.resolve(sub));
                }
                Files.createFile(dir.resolve("maildirfolder"));
                for (int m = 0; m < 3; m++) {
                    String body = "Subject: " + b + "/" + m + "\r\n\r\nhello\r\n";
                    Files.writeString(dir.resolve("cur/" + (1_700_000_000 + m) + ".M" + b + "P1.bench,S=" + body.length()
                            + ":2," + (m == 0 ? "S" : "")), body);
                }
            }
            System.out.printf("built %d mailboxes in %.1f s%n", mailboxes, (System.nanoTime() - started) / 1e9);
        }
        String command = "LIST \"\" * RETURN (STATUS (MESSAGES UNSEEN SIZE))";
        try (ImapTestServer server = ImapTestServer.start(home)) {
            server.addUser(USER, "pw");
            try (ImapClient c = server.login(USER, "pw")) {
                long cold = timed(c, command);
                System.out.printf("%s over %d mailboxes, first after start: %.1f ms%n", command, mailboxes, cold / 1e6);
                int runs = 5;
                long[] t = new long[runs];
                for (int i = 0; i < runs; i++) {
                    t[i] = timed(c, command);
                }
                Arrays.sort(t);
                System.out.printf("warm: median %.1f ms, best %.1f ms over %d runs [target < 1000 ms]%n",
                        t[runs / 2] / 1e6, t[0] / 1e6, runs);
            }
        }
    }

    private static long timed(ImapClient c, String command) throws Exception {
        long start = System.nanoTime();
        c.ok(command);
        return System.nanoTime() - start;
    }
}
