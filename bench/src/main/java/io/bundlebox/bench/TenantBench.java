package io.bundlebox.bench;

import io.bundlebox.itest.ImapClient;
import io.bundlebox.itest.ImapTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What tenants cost (issue 14 item 6): N tenants (default 1,000) of 10 users each against 1 tenant
 * of 10 users, and against 1 tenant of the same 10 x N users (so the tenant count is the only
 * difference), in this JVM: 1x10 once, then 1x10N and Nx10 alternating, A/B/A/B. For each run: the
 * server's start (framework, bundles, listener), the time to apply the tenant configurations
 * through ConfigAdmin (until the server logged each as added), the heap retained after a full GC
 * with them configured, then the login rate of 4 concurrent clients doing LOGIN, SELECT INBOX,
 * LOGOUT: a first pass over every user once (each tenant's store opened, each Maildir created on
 * first use), then a warm pass over random users, and the heap retained after it.
 *
 * <p>Users are stored {@code {PLAIN}} so the rate shows routing, store and session costs rather
 * than Argon2id (which {@code user add} writes and which takes about 0.1 s per check here).
 *
 * <p>Arguments: {@code [tenants] [users per tenant] [logins per pass]}, default {@code 1000 10 2000}.
 */
public final class TenantBench {

    private TenantBench() {
    }

    public static void main(String[] args) throws Exception {
        int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int logins = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        System.out.printf("tenants benchmark: %d tenants x %d users vs 1 tenant x %d users; %d logins per pass, 4 clients; heap limit %d MiB%n",
                tenants, users, users, logins, HeapWatch.maxHeap() >> 20);
        System.out.printf("%-12s %9s %12s %14s %17s %16s %14s  %s%n", "run", "start s", "configure s", "heap MiB (cfg)",
                "first logins/s", "warm logins/s", "heap MiB (end)", "machine at the end of the run");
        run(1, users, logins);
        for (int i = 0; i < 2; i++) {
            run(1, users * tenants, logins);
            run(tenants, users, logins);
        }
    }

    private static void run(int tenants, int users, int logins) throws Exception {
        Path home = Files.createTempDirectory("bundlebox-tenantbench");
        long base = HeapWatch.retained();
        long t0 = System.nanoTime();
        try (ImapTestServer server = ImapTestServer.start(home, List.of("io.bundlebox.ext.idle"), Map.of(),
                Map.of("limit.connections.per.ip", "100000"))) {
            double start = (System.nanoTime() - t0) / 1e9;
            Map<String, Map<String, String>> configs = new HashMap<>();
            for (int t = 0; t < tenants; t++) {
                StringBuilder file = new StringBuilder();
                for (int u = 0; u < users; u++) {
                    file.append(user(t, u)).append(":{PLAIN}pw\n");
                }
                Files.writeString(home.resolve("conf/users-t" + t), file);
                configs.put("t" + t, Map.of("domains", "t" + t + ".example", "extensions", t % 2 == 0 ? "*" : "IDLE"));
            }
            long t1 = System.nanoTime();
            server.configureTenants(configs);
            double configure = (System.nanoTime() - t1) / 1e9;
            long heapConfigured = HeapWatch.retained() - base;
            double cold = logins(server, tenants, users, tenants * users, false);
            double warm = logins(server, tenants, users, logins, true);
            long heapEnd = HeapWatch.retained() - base;
            System.out.printf(Locale.ROOT, "%-12s %9.2f %12.2f %14.1f %17.0f %16.0f %14.1f  %s%n", tenants + " x " + users, start, configure,
                    heapConfigured / 1048576.0, cold, warm, heapEnd / 1048576.0, io.bundlebox.bench.load.MailLoad.load());
        }
    }

    private static String user(int tenant, int u) {
        return "u" + u + "@t" + tenant + ".example";
    }

    /**
     * Logins per second of 4 clients, each LOGIN, SELECT INBOX, LOGOUT (every answer checked): of
     * random users, or of every user once in turn.
     */
    private static double logins(ImapTestServer server, int tenants, int users, int total, boolean random) throws Exception {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<?>> work = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < 4; c++) {
            work.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    int t = random ? ThreadLocalRandom.current().nextInt(tenants) : i % tenants;
                    int u = random ? ThreadLocalRandom.current().nextInt(users) : i / tenants;
                    try (ImapClient client = server.connect()) {
                        client.ok("LOGIN " + user(t, u) + " pw");
                        client.ok("SELECT INBOX");
                        client.ok("LOGOUT");
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        return total / ((System.nanoTime() - t0) / 1e9);
    }

}
