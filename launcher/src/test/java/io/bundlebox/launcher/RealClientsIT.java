package io.bundlebox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, item 8: tried as a new user would. After {@code bin/bundlebox user add}, Python's
 * imaplib and curl's IMAP support each log in, create a mailbox, append a message, select it,
 * fetch it back intact, search for it, flag it and expunge it, against the built distribution.
 */
class RealClientsIT {

    @TempDir
    static Path home;
    static Bundlebox server;

    @BeforeAll
    static void start() throws Exception {
        assertEquals(0, Bundlebox.run("s3cret pass\n", "user", "add", "newbie", "--home", home.toString()).status());
        server = Bundlebox.start(home);
    }

    @AfterAll
    static void stop() throws Exception {
        assertEquals(0, server.terminate());
    }

    private static boolean available(String... probe) {
        try {
            return new ProcessBuilder(probe).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs a client command; returns its output, failing with the output on a non-zero exit. */
    private static String run(String stdin, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "client did not finish: " + command);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    @Test
    void pythonImaplib() throws Exception {
        assumeTrue(available("python3", "-c", "import imaplib"), "python3 with imaplib is not installed: skipped");
        Path script = Path.of(RealClientsIT.class.getResource("/clients/imaplib_session.py").toURI());
        String out = run("", List.of("python3", script.toString(), Integer.toString(server.port()), "newbie", "s3cret pass"));
        assertTrue(out.contains("imaplib: all steps passed"), out);
    }

    @Test
    void curl() throws Exception {
        assumeTrue(available("curl", "--version"), "curl is not installed: skipped");
        String base = "imap://127.0.0.1:" + server.port();
        List<String> curl = List.of("curl", "--silent", "--show-error", "--user", "newbie:s3cret pass");
        // create the mailbox
        run("", with(curl, base + "/", "--request", "CREATE Curl"));
        // append a message (curl uploads with APPEND)
        String message = "From: curl@example.org\r\nSubject: curl check\r\n\r\nWritten by curl.\r\n";
        Path file = Files.writeString(home.resolve("curl-message.eml"), message);
        run("", with(curl, base + "/Curl", "--upload-file", file.toString()));
        // select it and fetch it back (curl SELECTs the mailbox in the URL, then FETCHes UID 1)
        String fetched = run("", with(curl, base + "/Curl/;UID=1"));
        assertEquals(message, fetched.replace("\n", "\r\n").replace("\r\r\n", "\r\n"));
        // search
        String search = run("", with(curl, base + "/Curl?SUBJECT%20%22curl%20check%22"));
        assertTrue(search.contains("* SEARCH 1"), search);
        // flag it and expunge it: curl sends one custom command per request, after SELECT of the URL's mailbox
        String store = run("", with(curl, base + "/Curl", "--request", "STORE 1 +FLAGS (\\Flagged \\Deleted)"));
        assertTrue(store.contains("\\Flagged"), store);
        String expunge = run("", with(curl, base + "/Curl", "--request", "EXPUNGE"));
        assertTrue(expunge.contains("* 1 EXPUNGE"), expunge);
        String after = run("", with(curl, base + "/Curl", "--request", "SEARCH ALL"));
        assertEquals("* SEARCH", after.strip());
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }
}
