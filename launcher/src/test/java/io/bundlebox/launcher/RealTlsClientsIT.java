package io.bundlebox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS as real clients use it against the built distribution: the self-signed certificate of a new
 * home, trusted by curl and Python's imaplib through their own TLS stacks, on the implicit-TLS
 * listener ({@code imaps} in conf/io.bundlebox.server.cfg, RFC 8314) and with STARTTLS.
 */
class RealTlsClientsIT {

    @TempDir
    static Path home;
    static Bundlebox server;
    static int imapsPort;
    static Path cert;

    @BeforeAll
    static void start() throws Exception {
        assertEquals(0, Bundlebox.run("s3cret pass\n", "user", "add", "newbie", "--home", home.toString()).status());
        imapsPort = Bundlebox.freePort();
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/io.bundlebox.server.cfg"), "imaps = 127.0.0.1:" + imapsPort + "\n");
        server = Bundlebox.start(home);
        cert = home.resolve("conf/tls/cert.pem");
        awaitPort(imapsPort);
    }

    @AfterAll
    static void stop() throws Exception {
        assertEquals(0, server.terminate());
    }

    private static void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    private static boolean available(String... probe) {
        try {
            return new ProcessBuilder(probe).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "client did not finish: " + command);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    @Test
    void curlOverImplicitTlsAndStartTls() throws Exception {
        assumeTrue(available("curl", "--version"), "curl is not installed: skipped");
        String list = run(List.of("curl", "--silent", "--show-error", "--cacert", cert.toString(),
                "--user", "newbie:s3cret pass", "imaps://127.0.0.1:" + imapsPort + "/"));
        assertTrue(list.contains("INBOX"), list);
        String viaStartTls = run(List.of("curl", "--silent", "--show-error", "--ssl-reqd", "--cacert", cert.toString(),
                "--user", "newbie:s3cret pass", "imap://127.0.0.1:" + server.port() + "/"));
        assertTrue(viaStartTls.contains("INBOX"), viaStartTls);
    }

    @Test
    void pythonImaplibOverImplicitTlsAndStartTls() throws Exception {
        assumeTrue(available("python3", "-c", "import imaplib, ssl"), "python3 with imaplib and ssl is not installed: skipped");
        Path script = Path.of(RealTlsClientsIT.class.getResource("/clients/imaplib_tls.py").toURI());
        String out = run(List.of("python3", script.toString(), Integer.toString(imapsPort), Integer.toString(server.port()),
                cert.toString(), "newbie", "s3cret pass"));
        assertTrue(out.contains("imaplib tls: all steps passed"), out);
    }
}
