package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test: SEARCH over all 2,322 messages (66.6 MB) of the USRP-users archive on a
 * real server, timed from the client. Run with
 *
 * <pre>
 * mvn -q -B -o verify -pl core.bundle,store.maildir,ext.idle,launcher -Dtest=SearchBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dbundlebox.bench=true
 * </pre>
 *
 * and read the figures it prints (first run = cold JIT and empty per-message caches, then warm
 * runs: min and median). On the shared 2-core build machine (2026-11-21, figures vary with the
 * other builds running): BODY with an ASCII string and no match, i.e. every text part of every
 * message read, 0.11-0.55 s warm (1.1-1.6 s on the first run, which parses and caches each
 * message's text layout); BODY with a non-ASCII string (character path) 0.6-0.7 s warm; TEXT
 * 0.33-0.76 s warm; FROM/SUBJECT/HEADER 7-75 ms; flag and size keys about 1 ms.
 */
@EnabledIfSystemProperty(named = "bundlebox.bench", matches = "true")
class SearchBenchmark {

    @TempDir
    Path home;

    @Test
    void searchBodyOverTheWholeArchive() throws Exception {
        Path corpus = Mbox.corpus();
        List<byte[]> messages = Mbox.read(corpus.resolve("usrp-users-2021.mbox.gz"), Integer.MAX_VALUE);
        try (ImapTestServer server = ImapTestServer.start(home)) {
            server.addUser("bench", "secret");
            try (ImapClient c = server.login("bench", "secret")) {
                long t0 = System.nanoTime();
                for (byte[] m : messages) {
                    c.append("INBOX", "", m);
                }
                System.out.printf("APPEND of %d messages: %.1f s%n", messages.size(), (System.nanoTime() - t0) / 1e9);
                c.ok("SELECT INBOX");
                for (String criteria : List.of("BODY \"no such text anywhere\"", "BODY timeout", "CHARSET UTF-8 BODY \"größe\"", "TEXT \"no such text anywhere\"",
                        "FROM kossler", "SUBJECT x310", "HEADER Message-ID \"@\"", "UNSEEN LARGER 100000")) {
                    time(c, criteria);
                }
            }
        }
    }

    private static void time(ImapClient c, String criteria) throws Exception {
        int runs = 6;
        double[] ms = new double[runs];
        String result = null;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            List<String> r = c.ok("SEARCH RETURN (COUNT) " + criteria);
            ms[i] = (System.nanoTime() - t) / 1e6;
            result = r.get(0);
            assertTrue(result.startsWith("* ESEARCH"), r.toString());
        }
        double first = ms[0];
        double[] warm = Arrays.copyOfRange(ms, 1, runs);
        Arrays.sort(warm);
        System.out.printf("SEARCH %-40s first %7.0f ms, warm min %7.0f ms, median %7.0f ms  (%s)%n", criteria, first,
                warm[0], warm[warm.length / 2], result.substring(result.indexOf(')') + 2));
    }
}
