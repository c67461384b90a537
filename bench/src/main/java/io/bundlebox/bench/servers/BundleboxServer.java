package io.bundlebox.bench.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The built {@code bundlebox} distribution ({@code launcher/target/bundlebox}) run as its own
 * process on 127.0.0.1 and a free port, so that its CPU time is measured apart from the load
 * generator's. {@code bin/bundlebox} ends in {@code exec java}, so the process started is the JVM.
 */
public final class BundleboxServer implements ServerProcess {

    private final Process process;
    private final Path home;
    private final int port;

    private BundleboxServer(Process process, Path home, int port) {
        this.process = process;
        this.home = home;
        this.port = port;
    }

    /**
     * Writes {@code conf/users} with {@code users} (test-only {PLAIN} entries) and
     * {@code conf/io.bundlebox.server.cfg} with the connection limits lifted (every benchmark
     * session comes from 127.0.0.1, many share a user) into a server home not started yet.
     */
    public static void prepareHome(Path home, Collection<String> users, String password) throws IOException {
        Files.createDirectories(home.resolve("conf"));
        StringBuilder sb = new StringBuilder();
        for (String u : users) {
            sb.append(u).append(":{PLAIN}").append(password).append('\n');
        }
        Files.writeString(home.resolve("conf/users"), sb);
        Files.writeString(home.resolve("conf/io.bundlebox.server.cfg"), """
                # written by a benchmark: one client address holds every benchmark session
                limit.connections = 20000
                limit.connections.per.ip = 20000
                limit.connections.per.user = 1000
                """);
    }

    /**
     * Prepares {@code home} (see {@link #prepareHome}) and starts {@code distribution/bin/bundlebox}
     * on it; output goes to {@code home/server.out}.
     *
     * @param javaOpts extra JVM options ({@code BUNDLEBOX_JAVA_OPTS}), e.g. {@code -Xmx1g} or a JFR recording
     * @throws IOException when it does not greet within 120 s
     */
    public static BundleboxServer start(Path distribution, Path home, Collection<String> users, String password,
            String javaOpts) throws IOException, InterruptedException {
        home = home.toAbsolutePath();
        prepareHome(home, users, password);
        int port = ServerProcess.freeLoopbackPort();
        List<String> cmd = new ArrayList<>(List.of(distribution.toAbsolutePath().resolve("bin/bundlebox").toString(),
                "--home", home.toString(), "--imap", "127.0.0.1:" + port));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve("server.out").toFile());
        pb.environment().put("BUNDLEBOX_JAVA_OPTS", javaOpts);
        pb.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        try {
            ServerProcess.awaitGreeting(port, 120, p.toHandle(), home.resolve("server.out"));
        } catch (IOException e) {
            p.destroyForcibly();
            throw e;
        }
        return new BundleboxServer(p, home, port);
    }

    /** The server's home. */
    public Path home() {
        return home;
    }

    @Override
    public String name() {
        return "bundlebox";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long pid() {
        return process.pid();
    }
}
