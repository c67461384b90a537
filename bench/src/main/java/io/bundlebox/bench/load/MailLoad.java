package io.bundlebox.bench.load;

import io.bundlebox.bench.servers.BundleboxServer;
import io.bundlebox.bench.servers.DovecotServer;
import io.bundlebox.bench.servers.ServerProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * A load generator modelling a busy mail client population: {@code clients} clients over
 * {@code users} users, each client taking a user nobody else works on, logging in, selecting the
 * INBOX, running cycles of one mix and logging out, every answer checked against the user's
 * {@link UserModel} (a wrong or missing answer is an error of the run). Mixes:
 * <ul>
 * <li>{@code append}: APPEND a corpus message, FETCH flags and bodies of the newest three, STORE
 * \Seen on half of them, keep the INBOX at {@value MailClient#KEEP} messages by marking the oldest
 * \Deleted and EXPUNGE (headline: APPEND/s);
 * <li>{@code read}: FETCH a header and a text, UID SEARCH UNSEEN and by Message-ID, STATUS of
 * another mailbox, LIST, and SORT and THREAD when the servers compared advertise them (cycles/s);
 * <li>{@code churn}: connect, LOGIN, SELECT, LOGOUT (logins/s).
 * </ul>
 * Per phase it prints per-command counts, rates and latency percentiles, errors, and the server's
 * CPU time from {@code /proc/PID/stat} (its process tree) next to the load generator's own.
 *
 * <p>Modes (see bench/README.md): {@code compare} starts the built Bundlebox distribution and a
 * private Dovecot ({@link DovecotServer}) on loopback ports, seeds both alike and runs each mix
 * A/B/A/B, printing the ratio Bundlebox/Dovecot; {@code run} loads any IMAP server whose users
 * {@code PREFIX000..} exist (their INBOX is emptied and Archive/Lists recreated first).
 * Bounded: each phase stops after {@code --seconds}; sockets time out after 30 s.
 */
public final class MailLoad {

    private static final int SEED_INBOX = 20;
    private static final int SEED_ARCHIVE = 8;
    private static final int CYCLES_PER_SESSION = 10;
    private static final int TIMEOUT_MILLIS = 30_000;

    private final Corpus corpus;
    private final String password;
    private final int clients;

    private MailLoad(Corpus corpus, String password, int clients) {
        this.corpus = corpus;
        this.password = password;
        this.clients = clients;
    }

    /** The users of one server under load and where it listens. */
    record Target(String name, String host, int port, long pid, List<UserModel> users) {
    }

    /** What one phase measured. */
    record Phase(String server, String mix, double seconds, Stats stats, long serverCpuNanos, long ownCpuNanos) {
        double headline() {
            long n = switch (mix) {
                case "append" -> stats.count("APPEND");
                case "churn" -> stats.count("LOGIN");
                default -> stats.cycles.get();
            };
            return n / seconds;
        }

        String unit() {
            return switch (mix) {
                case "append" -> "APPEND/s";
                case "churn" -> "logins/s";
                default -> "cycles/s";
            };
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !Set.of("compare", "run").contains(args[0])) {
            System.err.println("""
                    usage: MailLoad compare [--work DIR] [--dist launcher/target/bundlebox] [--users 100] [--clients 10]
                                            [--seconds 20] [--rounds 2] [--mixes append,read,churn] [--bundlebox-opts -Xmx1g]
                                            [--corpus ../shared/corpus/util-linux.mbox.gz]
                           MailLoad run --port P [--host 127.0.0.1] [--user-prefix u] [--users 100] [--password bench]
                                        [--clients 10] [--seconds 20] [--rounds 1] [--mixes append,read,churn] [--server-pid PID]""");
            System.exit(2);
        }
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int users = Integer.parseInt(o.getOrDefault("users", "100"));
        int clients = Integer.parseInt(o.getOrDefault("clients", "10"));
        double seconds = Double.parseDouble(o.getOrDefault("seconds", "20"));
        int rounds = Integer.parseInt(o.getOrDefault("rounds", args[0].equals("compare") ? "2" : "1"));
        List<String> mixes = List.of(o.getOrDefault("mixes", "append,read,churn").split(","));
        String password = o.getOrDefault("password", "bench");
        Path corpusFile = Path.of(o.getOrDefault("corpus", "../shared/corpus/util-linux.mbox.gz"));
        Corpus corpus = Corpus.read(corpusFile, 256 * 1024);
        System.out.printf(Locale.ROOT, "corpus: %d messages from %s; %d clients over %d users, %.0f s per phase; %s%n",
                corpus.size(), corpusFile, clients, users, seconds, load());
        MailLoad load = new MailLoad(corpus, password, clients);
        List<String> names = new ArrayList<>();
        String prefix = o.getOrDefault("user-prefix", "u");
        for (int i = 0; i < users; i++) {
            names.add(String.format(Locale.ROOT, "%s%03d", prefix, i));
        }
        if (args[0].equals("run")) {
            long pid = Long.parseLong(o.getOrDefault("server-pid", "0"));
            Target t = load.seed(new Target("server", o.getOrDefault("host", "127.0.0.1"),
                    Integer.parseInt(o.get("port")), pid, models(names)));
            for (String mix : mixes) {
                for (int r = 1; r <= rounds; r++) {
                    print(load.phase(t, mix, seconds, true), r);
                }
            }
        } else {
            load.compare(o, names, mixes, seconds, rounds);
        }
        System.exit(0);
    }

    private void compare(Map<String, String> o, List<String> names, List<String> mixes, double seconds, int rounds)
            throws Exception {
        Path work = Path.of(o.getOrDefault("work", System.getProperty("java.io.tmpdir") + "/bundlebox-mailload")).toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        Path dist = Path.of(o.getOrDefault("dist", "launcher/target/bundlebox"));
        try (ServerProcess a = BundleboxServer.start(dist, work.resolve("bundlebox"), names, password,
                o.getOrDefault("bundlebox-opts", "-Xmx1g"));
                DovecotServer b = DovecotServer.start(work.resolve("dovecot"), work.resolve("dovecot-mail"), names, password)) {
            System.out.printf("bundlebox pid %d port %d; dovecot %s pid %d port %d%n", a.pid(), a.port(),
                    version(), b.pid(), b.port());
            Target ta = seed(new Target("bundlebox", "127.0.0.1", a.port(), a.pid(), models(names)));
            Target tb = seed(new Target("dovecot", "127.0.0.1", b.port(), b.pid(), models(names)));
            Set<String> capsA = capabilities(ta);
            Set<String> capsB = capabilities(tb);
            boolean sortThread = capsA.contains("SORT") && capsB.contains("SORT") && capsA.contains("THREAD=REFERENCES")
                    && capsB.contains("THREAD=REFERENCES");
            System.out.println("read mix with SORT and THREAD: " + (sortThread ? "yes (both advertise them)"
                    : "no (not advertised by " + (capsA.contains("SORT") ? "dovecot" : "bundlebox") + ")"));
            List<String> summary = new ArrayList<>();
            for (String mix : mixes) {
                List<Phase> as = new ArrayList<>();
                List<Phase> bs = new ArrayList<>();
                for (int r = 1; r <= rounds; r++) {
                    as.add(print(phase(ta, mix, seconds, sortThread), r));
                    bs.add(print(phase(tb, mix, seconds, sortThread), r));
                }
                double ra = as.stream().mapToDouble(Phase::headline).average().orElse(0);
                double rb = bs.stream().mapToDouble(Phase::headline).average().orElse(0);
                double cpuA = as.stream().mapToDouble(p -> p.serverCpuNanos() / 1e6 / Math.max(1, p.stats().cycles.get())).average().orElse(0);
                double cpuB = bs.stream().mapToDouble(p -> p.serverCpuNanos() / 1e6 / Math.max(1, p.stats().cycles.get())).average().orElse(0);
                long errA = as.stream().mapToLong(p -> p.stats().errors.get()).sum();
                long errB = bs.stream().mapToLong(p -> p.stats().errors.get()).sum();
                summary.add(String.format(Locale.ROOT, "%-6s bundlebox %8.1f %s (errors %d, server CPU %.2f ms/cycle) | "
                        + "dovecot %8.1f (errors %d, %.2f ms/cycle) | bundlebox/dovecot %.2f", mix, ra, as.getFirst().unit(),
                        errA, cpuA, rb, errB, cpuB, ra / rb));
            }
            System.out.println();
            System.out.println("== A/B/A/B over " + rounds + " rounds of " + seconds + " s each; " + load());
            summary.forEach(System.out::println);
            String dovecotErrors = b.log().lines().filter(l -> l.contains("Error") || l.contains("Panic")).limit(5)
                    .collect(Collectors.joining("\n"));
            if (!dovecotErrors.isEmpty()) {
                System.out.println("dovecot.log errors:\n" + dovecotErrors);
            }
        }
    }

    private static List<UserModel> models(List<String> names) {
        return names.stream().map(UserModel::new).toList();
    }

    private Set<String> capabilities(Target t) throws IOException {
        try (ImapConnection c = new ImapConnection(t.host(), t.port(), TIMEOUT_MILLIS)) {
            c.command("LOGIN " + t.users().getFirst().name + " " + password);
            c.command("CAPABILITY");
            c.command("LOGOUT");
            return Set.copyOf(c.capabilities());
        }
    }

    /**
     * Gives every user the same start on the server: INBOX emptied, then {@value #SEED_INBOX}
     * corpus messages (every other one \Seen); Archive and Lists deleted and recreated, the
     * Archive with {@value #SEED_ARCHIVE} unseen messages. The models are built from the answers.
     */
    private Target seed(Target t) throws Exception {
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int k = 0; k < clients; k++) {
            int first = k;
            threads.add(Thread.ofVirtual().start(() -> {
                Random random = new Random(first);
                for (int i = first; i < t.users().size(); i += clients) {
                    try {
                        seedUser(t, t.users().get(i), random);
                    } catch (Exception e) {
                        failures.add(new IOException(t.name() + " " + t.users().get(i).name + ": " + e.getMessage(), e));
                    }
                }
            }));
        }
        for (Thread th : threads) {
            th.join();
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
        System.out.printf(Locale.ROOT, "seeded %d users on %s in %.1f s%n", t.users().size(), t.name(),
                (System.nanoTime() - start) / 1e9);
        return t;
    }

    private void seedUser(Target t, UserModel u, Random random) throws Exception {
        try (ImapConnection c = new ImapConnection(t.host(), t.port(), TIMEOUT_MILLIS)) {
            Stats none = new Stats();
            MailClient client = new MailClient(c, u, corpus, none, random);
            client.login(password);
            c.command("DELETE Archive");
            c.command("DELETE Lists");
            need(c.command("CREATE Archive"));
            need(c.command("CREATE Lists"));
            long last = 0;
            for (int i = 0; i < SEED_ARCHIVE; i++) {
                last = appendUid(c.append("Archive", "", corpus.get(random.nextInt(corpus.size())).octets()))[1];
            }
            u.archiveMessages = SEED_ARCHIVE;
            u.archiveUidNext = last + 1;
            ImapConnection.Response sel = need(c.command("SELECT INBOX"));
            if (sel.untagged().stream().anyMatch(l -> l.matches("\\* [1-9]\\d* EXISTS"))) {
                need(c.command("STORE 1:* +FLAGS.SILENT (\\Deleted)"));
                need(c.command("EXPUNGE"));
            }
            need(c.command("UNSELECT"));
            for (int i = 0; i < SEED_INBOX; i++) {
                int m = random.nextInt(corpus.size());
                boolean seen = i % 2 == 1;
                long[] v = appendUid(c.append("INBOX", seen ? "(\\Seen)" : "", corpus.get(m).octets()));
                u.uidValidity = v[0];
                u.inbox.put(v[1], new UserModel.Msg(m, seen ? Set.of("\\Seen") : Set.of()));
                u.uidNext = v[1] + 1;
            }
            u.mailboxNames = new LinkedHashSet<>(MailClient.listNames(need(c.command("LIST \"\" \"*\""))));
            need(c.command("LOGOUT"));
        }
    }

    private static ImapConnection.Response need(ImapConnection.Response r) throws IOException {
        if (!r.ok()) {
            throw new IOException("seeding: " + r.tagged());
        }
        return r;
    }

    private static long[] appendUid(ImapConnection.Response r) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[APPENDUID (\\d+) (\\d+)\\]",
                java.util.regex.Pattern.CASE_INSENSITIVE).matcher(need(r).tagged());
        if (!m.find()) {
            throw new IOException("APPEND without APPENDUID: " + r.tagged());
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    /** Runs {@code mix} on {@code t} with {@link #clients} clients for {@code seconds}. */
    private Phase phase(Target t, String mix, double seconds, boolean sortThread) throws Exception {
        Stats stats = new Stats();
        AtomicBoolean stop = new AtomicBoolean();
        long cpu0 = t.pid() > 0 ? ServerProcess.treeCpuNanos(t.pid()) : 0;
        long own0 = ownCpu();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < clients; k++) {
            threads.add(Thread.ofVirtual().start(() -> client(t, mix, sortThread, stats, stop)));
        }
        long deadline = start + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000)));
        }
        stop.set(true);
        for (Thread th : threads) {
            th.join(TimeUnit.SECONDS.toMillis(2L * TIMEOUT_MILLIS / 1000));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        long cpu = t.pid() > 0 ? ServerProcess.treeCpuNanos(t.pid()) - cpu0 : 0;
        return new Phase(t.name(), mix, wall, stats, cpu, ownCpu() - own0);
    }

    private void client(Target t, String mix, boolean sortThread, Stats stats, AtomicBoolean stop) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.get()) {
            UserModel u = take(t.users(), random);
            if (u == null) {
                stats.error("-", "every user is busy or tainted");
                return;
            }
            try (ImapConnection c = new ImapConnection(t.host(), t.port(), TIMEOUT_MILLIS)) {
                MailClient client = new MailClient(c, u, corpus, stats, random);
                client.login(password);
                client.select();
                if (mix.equals("churn")) {
                    stats.cycles.incrementAndGet();
                } else {
                    for (int i = 0; i < CYCLES_PER_SESSION && !stop.get(); i++) {
                        if (mix.equals("append")) {
                            client.appendCycle();
                        } else {
                            client.readCycle(sortThread);
                        }
                    }
                }
                client.logout();
            } catch (MailClient.Wrong | IOException | RuntimeException e) {
                u.tainted = true; // its model may no longer be the server's state
                stats.error(u.name, e.getClass().getSimpleName() + ": " + e.getMessage());
            } finally {
                u.busy.unlock();
            }
        }
    }

    /** A random user no other client holds (locked for the caller), or null when all are busy or tainted. */
    private static UserModel take(List<UserModel> users, Random random) {
        for (int attempt = 0; attempt < 20 * users.size(); attempt++) {
            UserModel u = users.get(random.nextInt(users.size()));
            if (!u.tainted && u.busy.tryLock()) {
                if (!u.tainted) {
                    return u;
                }
                u.busy.unlock();
            }
        }
        return null;
    }

    private static Phase print(Phase p, int round) {
        System.out.printf(Locale.ROOT, "%n-- %s, %s mix, round %d: %.1f %s over %.1f s; %d cycles; errors %d; "
                + "server CPU %.2f s (%.2f ms/cycle), load generator CPU %.2f s%n", p.server(), p.mix(), round,
                p.headline(), p.unit(), p.seconds(), p.stats().cycles.get(), p.stats().errors.get(),
                p.serverCpuNanos() / 1e9, p.serverCpuNanos() / 1e6 / Math.max(1, p.stats().cycles.get()),
                p.ownCpuNanos() / 1e9);
        p.stats().table(p.seconds()).forEach(System.out::println);
        p.stats().firstErrors().forEach(e -> System.out.println("    error: " + e));
        return p;
    }

    private static long ownCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The load average, for the report: the machine is shared. */
    public static String load() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load average " + l[0] + " " + l[1] + " " + l[2];
        } catch (IOException e) {
            return "load average unknown";
        }
    }

    private static String version() {
        try {
            Process p = new ProcessBuilder("/usr/sbin/dovecot", "--version").redirectErrorStream(true).start();
            return new String(p.getInputStream().readAllBytes()).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
