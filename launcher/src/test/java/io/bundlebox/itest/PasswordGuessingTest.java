package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 5: password guessing is limited per target and per source, not per connection.
 * Twenty parallel guessers get no more verdicts than one connection would (the delay after each
 * failure, 0.2 s doubling to 1 s here, holds across connections), whether they attack one user
 * from twenty addresses or twenty users from one address; a user of another account from
 * another address logs in meanwhile without waiting for any of it.
 */
class PasswordGuessingTest {

    private static final long WINDOW_NANOS = 4_000_000_000L;
    /** Verdicts one connection gets in 4 s with delays 0.2, 0.4, 0.8, 1, 1 … s: 6; twenty unthrottled ones, about 80. */
    private static final int MOST_VERDICTS = 8;

    @TempDir
    Path home;

    private static ImapClient connectFrom(ImapTestServer server, String address) throws Exception {
        return new ImapClient(new Socket(InetAddress.getByName("127.0.0.1"), server.port(), InetAddress.getByName(address), 0));
    }

    /**
     * Runs twenty guessers for 4 s, guesser i connecting from {@code address.apply(i)} and trying
     * {@code user.apply(i)}; returns how many answers said AUTHENTICATIONFAILED (a verdict on a
     * guess), while checking that bob, from 127.0.0.3, logs in at once meanwhile.
     */
    private static int guess(ImapTestServer server, IntFunction<String> address, IntFunction<String> user) throws Exception {
        AtomicInteger verdicts = new AtomicInteger();
        AtomicInteger answers = new AtomicInteger();
        long end = System.nanoTime() + WINDOW_NANOS;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> guessers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                guessers.add(pool.submit(() -> {
                    try (ImapClient c = connectFrom(server, address.apply(n))) {
                        for (int g = 0; System.nanoTime() < end; g++) {
                            List<String> lines = c.command("LOGIN " + user.apply(n) + " guess" + g);
                            String last = lines.get(lines.size() - 1);
                            answers.incrementAndGet();
                            if (last.contains("NO [AUTHENTICATIONFAILED]")) {
                                verdicts.incrementAndGet();
                            } else if (!last.contains("NO [UNAVAILABLE]")) {
                                throw new AssertionError("unexpected answer " + last);
                            }
                        }
                    }
                    return null;
                }));
            }
            // meanwhile, once the guessing has begun: another account from another address is not slowed
            while (answers.get() < 20 && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            long start = System.nanoTime();
            try (ImapClient bob = connectFrom(server, "127.0.0.3")) {
                bob.ok("LOGIN bob pw-of-bob");
            }
            long bobMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(bobMillis < 1000, "bob waited " + bobMillis + " ms (a failure's delay is 200 to 1000 ms)");
            for (Future<?> f : guessers) {
                f.get();
            }
        }
        return verdicts.get();
    }

    @Test
    void twentyParallelGuessersAreAsSlowAsOne() throws Exception {
        try (ImapTestServer server = ImapTestServer.start(home, List.of(), Map.of(), Map.of(
                "auth.delay.initial.ms", "200", "auth.delay.max.ms", "1000"))) {
            server.addUser("target", "pw-of-target");
            server.addUser("bob", "pw-of-bob");
            for (int i = 0; i < 20; i++) {
                server.addUser("user" + i, "pw-" + i);
            }
            int oneUser = guess(server, i -> "127.0.1." + (i + 1), i -> "target");
            assertTrue(oneUser <= MOST_VERDICTS, "20 addresses guessing one user got " + oneUser + " verdicts in 4 s");
            int oneAddress = guess(server, i -> "127.0.2.1", i -> "user" + i);
            assertTrue(oneAddress <= MOST_VERDICTS, "one address guessing 20 users got " + oneAddress + " verdicts in 4 s");
            // the right password of the attacked user still works once the guessing stops
            try (ImapClient c = connectFrom(server, "127.0.0.9")) {
                c.ok("LOGIN target pw-of-target");
            }
        }
    }
}
