package io.bundlebox.bench;

import io.bundlebox.bench.servers.DovecotServer;
import io.bundlebox.itest.ImapClient;
import io.bundlebox.itest.Mbox;
import io.bundlebox.itest.ImapTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 11's speed targets, Bundlebox beside Dovecot in one run: SORT (DATE), SORT (SUBJECT) and
 * THREAD REFERENCES over a synthetic 100,000-message INBOX (threads of 1 to 12 messages with
 * References chains, Re: subjects, display names, dates in several zones) and over the 3,509
 * messages of the util-linux archive (../shared/corpus). Both servers read the same message files
 * (hard links into two Maildirs). Bundlebox is the real server of the end-to-end tests
 * (ImapTestServer, the built bundles, a loopback socket); Dovecot is Debian's, a private instance
 * on a loopback port too ({@link DovecotServer}: its own config, mail as user nobody).
 *
 * <p>Per mailbox: the first command on each server (Bundlebox derives its keys from the store's
 * header keys, which for files delivered from outside are computed here, on first sight; Dovecot
 * builds its cache), one warm-up, then {@code rounds} rounds of A (Bundlebox) then B (Dovecot) per
 * command; printed: median and best ms of each and the ratio Dovecot/Bundlebox of the medians
 * (above 1: Bundlebox faster). Times are from sending the command to reading its tagged OK.
 *
 * <p>Run: {@code java -cp 'bench/target/lib/*:bench/target/io.bundlebox.bench-0.1.0-SNAPSHOT.jar'
 * io.bundlebox.bench.SortBench [WORKDIR [MESSAGES [ROUNDS [CORPUS_DIR [cold]]]]]}: the data set is built once
 * in WORKDIR and reused; with {@code cold} both servers' index files are deleted first, so the first
 * commands read never-seen messages. The load average is printed before and after.
 */
public final class SortBench {

    private static final List<String> COMMANDS = List.of("SORT (DATE) UTF-8 ALL", "SORT (SUBJECT) UTF-8 ALL",
            "THREAD REFERENCES UTF-8 ALL");

    private SortBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir") + "/bundlebox-sort-bench");
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path corpus = Path.of(args.length > 3 ? args[3] : "../shared/corpus");
        boolean cold = args.length > 4 && args[4].equals("cold");
        Path home = work.resolve("home");
        Path mail = home.resolve("var/mail");
        if (!Files.exists(mail.resolve("big/cur"))) {
            long t = System.nanoTime();
            synthetic(mail.resolve("big"), messages);
            archive(mail.resolve("archive"), corpus.resolve("util-linux.mbox.gz"));
            System.out.printf("built the Maildirs in %d ms%n", (System.nanoTime() - t) / 1_000_000);
        }
        Path dove = work.resolve("dovecot-mail");
        for (String user : List.of("big", "archive")) {
            if (!Files.exists(dove.resolve(user))) {
                DovecotServer.linkMaildir(mail.resolve(user), dove.resolve(user));
            }
        }
        if (cold) {
            for (String user : List.of("big", "archive")) {
                deleteIndexes(mail.resolve(user), "bundlebox-", "dovecot");
                deleteIndexes(dove.resolve(user), "dovecot");
            }
        }
        Files.deleteIfExists(home.resolve("conf/users"));
        System.out.println("load before: " + loadAverage());
        try (ImapTestServer server = ImapTestServer.start(home);
                DovecotServer dovecot = DovecotServer.start(work.resolve("dovecot"), dove, List.of("big", "archive"), "pw")) {
            for (String user : List.of("big", "archive")) {
                server.addUser(user, "pw");
                try (ImapClient a = server.login(user, "pw"); ImapClient b = new ImapClient("127.0.0.1", dovecot.port())) {
                    a.socket().setSoTimeout(1_800_000);
                    b.socket().setSoTimeout(1_800_000);
                    b.ok("LOGIN " + user + " pw");
                    a.ok("SELECT INBOX");
                    b.ok("SELECT INBOX");
                    System.out.printf("%n== %s ==%n", user);
                    for (String cmd : COMMANDS) {
                        long fa = timed(() -> a.ok(cmd));
                        long fb = timed(() -> b.ok(cmd));
                        System.out.printf("first %-30s bundlebox %9.1f ms   dovecot %9.1f ms%n", cmd, fa / 1e6, fb / 1e6);
                    }
                    for (String cmd : COMMANDS) {
                        String ra = a.ok(cmd).get(0);
                        String rb = b.ok(cmd).get(0);
                        pairs("warm ", cmd, rounds, r -> a.ok(cmd), r -> b.ok(cmd),
                                ra.equals(rb) ? "identical" : "differ (" + ra.length() + " vs " + rb.length() + " chars)");
                    }
                    // each round another set of messages (one left out), so no answer can be reused
                    for (String cmd : COMMANDS) {
                        String c = cmd + " NOT UID ";
                        pairs("vary ", c + "n", rounds, r -> a.ok(c + (r * 7 + 3)), r -> b.ok(c + (r * 7 + 3)), "");
                    }
                    // what a webmail does, one connection per page: a new session's first command
                    for (String cmd : COMMANDS) {
                        timedPairs("new  ", cmd, rounds, r -> {
                            try (ImapClient s = server.login(user, "pw")) {
                                s.ok("SELECT INBOX");
                                return timed(() -> s.ok(cmd));
                            }
                        }, r -> {
                            try (ImapClient s = new ImapClient("127.0.0.1", dovecot.port())) {
                                s.ok("LOGIN " + user + " pw");
                                s.ok("SELECT INBOX");
                                return timed(() -> s.ok(cmd));
                            }
                        }, "");
                    }
                }
            }
        }
        System.out.println("load after: " + loadAverage());
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    /** Deletes the files of a Maildir folder (not its messages) whose names start with one of {@code prefixes}. */
    private static void deleteIndexes(Path box, String... prefixes) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(box)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && Arrays.stream(prefixes).anyMatch(name::startsWith)) {
                    Files.delete(f);
                }
            }
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    /** One round's command on one server. */
    private interface Round {
        Object run(int round) throws Exception;
    }

    /** One round's own timing of a command on one server, ns. */
    private interface TimedRound {
        long run(int round) throws Exception;
    }

    /** {@code rounds} A/B rounds of {@code a} and {@code b}, each timed whole; prints medians, bests, ratio. */
    private static void pairs(String kind, String cmd, int rounds, Round a, Round b, String note) throws Exception {
        timedPairs(kind, cmd, rounds, r -> timed(() -> a.run(r)), r -> timed(() -> b.run(r)), note);
    }

    /** {@code rounds} A/B rounds of {@code a} and {@code b}, which time themselves; prints medians, bests, ratio. */
    private static void timedPairs(String kind, String cmd, int rounds, TimedRound a, TimedRound b, String note)
            throws Exception {
        long[] ta = new long[rounds];
        long[] tb = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            ta[r] = a.run(r);
            tb[r] = b.run(r);
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        System.out.printf("%s %-30s bundlebox median %8.1f best %8.1f ms | dovecot median %8.1f best %8.1f ms"
                + " | dovecot/bundlebox %.2f%s%n", kind, cmd, ta[rounds / 2] / 1e6, ta[0] / 1e6,
                tb[rounds / 2] / 1e6, tb[0] / 1e6, (double) tb[rounds / 2] / ta[rounds / 2],
                note.isEmpty() ? "" : " | answers " + note);
    }

    private static long timed(Call c) throws Exception {
        long t = System.nanoTime();
        c.run();
        return System.nanoTime() - t;
    }

    /** A synthetic mailbox: threads of 1..12 messages, each replying to the previous with a References chain. */
    static void synthetic(Path box, int count) throws IOException {
        Path cur = Files.createDirectories(box.resolve("cur"));
        Files.createDirectories(box.resolve("new"));
        Files.createDirectories(box.resolve("tmp"));
        long base = 1_600_000_000L;
        String[] zones = {"+0000", "-0800", "+0530", "+0100", "-0500"};
        String[] words = {"build", "fails", "on", "arm64", "release", "notes", "for", "the", "USRP", "driver", "patch",
            "review", "Grüße", "question", "about", "timing", "kernel", "mount", "option"};
        int thread = 0;
        int inThread = 0;
        int threadLength = 1;
        List<String> chain = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (inThread == threadLength) {
                thread++;
                inThread = 0;
                threadLength = 1 + (thread * 7919) % 12;
                chain.clear();
            }
            String topic = words[thread % words.length] + " " + words[(thread / 3) % words.length] + " #" + thread;
            StringBuilder m = new StringBuilder();
            m.append("From: \"User ").append((i * 31) % 997).append("\" <user").append((i * 31) % 997).append("@example.org>\r\n");
            m.append("To: list").append(thread % 7).append("@example.org\r\n");
            if (i % 5 == 0) {
                m.append("Cc: =?UTF-8?Q?J=C3=BCrgen?= <j@example.de>\r\n");
            }
            m.append("Subject: ").append(inThread == 0 ? "" : (i % 4 == 0 ? "Re: [list] " : "Re: ")).append(topic).append("\r\n");
            long sent = base + i * 30L + (i % 13) * 7;
            m.append("Date: ").append(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    java.time.Instant.ofEpochSecond(sent).atOffset(java.time.ZoneOffset.of(zones[i % zones.length])))
                    .replace("GMT", "+0000")).append("\r\n");
            String id = "<" + i + "." + thread + "@bench.example.org>";
            m.append("Message-ID: ").append(id).append("\r\n");
            if (!chain.isEmpty()) {
                m.append("In-Reply-To: ").append(chain.getLast()).append("\r\n");
                m.append("References: ").append(String.join("\r\n ", chain)).append("\r\n");
            }
            m.append("\r\nLine one of message ").append(i).append(".\r\n");
            chain.add(id);
            inThread++;
            byte[] bytes = m.toString().getBytes(StandardCharsets.UTF_8);
            Path file = cur.resolve((base + i) + ".M" + i + "P1.sortbench,S=" + bytes.length + ":2,S");
            Files.write(file, bytes);
            Files.setLastModifiedTime(file, FileTime.fromMillis((base + i) * 1000));
        }
    }

    /** The messages of an mbox (mboxrd, optionally gzipped) as Maildir files in cur/, in file order. */
    static void archive(Path box, Path mbox) throws IOException {
        Path cur = Files.createDirectories(box.resolve("cur"));
        Files.createDirectories(box.resolve("new"));
        Files.createDirectories(box.resolve("tmp"));
        List<byte[]> messages = Mbox.read(mbox, Integer.MAX_VALUE);
        long base = 1_500_000_000L;
        for (int i = 0; i < messages.size(); i++) {
            Path file = cur.resolve((base + i) + ".M" + i + "P1.archive,S=" + messages.get(i).length + ":2,S");
            Files.write(file, messages.get(i));
            Files.setLastModifiedTime(file, FileTime.fromMillis((base + i) * 1000));
        }
        System.out.printf("archive: %d messages from %s%n", messages.size(), mbox);
    }
}
