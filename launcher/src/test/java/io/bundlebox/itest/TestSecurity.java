package io.bundlebox.itest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Client-side helpers for the security tests: trusting the server's certificate, SASL clients, log capture. */
final class TestSecurity {

    private TestSecurity() {
    }

    /** A TLS client factory trusting exactly the certificate in {@code certPem} (the server's self-signed one). */
    static SSLSocketFactory trusting(Path certPem) throws IOException, GeneralSecurityException {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        try (InputStream in = Files.newInputStream(certPem)) {
            ts.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }

    /** Connects with implicit TLS (RFC 8314) and reads the greeting. */
    static ImapClient connectTls(SSLSocketFactory factory, int port) throws IOException {
        SSLSocket s = (SSLSocket) factory.createSocket("127.0.0.1", port);
        s.startHandshake();
        return new ImapClient(s);
    }

    /** The certificate the server showed on a TLS connection. */
    static X509Certificate peerCertificate(ImapClient c) throws IOException {
        return (X509Certificate) ((SSLSocket) c.socket()).getSession().getPeerCertificates()[0];
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    /**
     * Runs AUTHENTICATE SCRAM-SHA-256 (RFC 7677) as a client written from RFC 5802 section 3, with
     * an initial response; checks the server's signature. Returns the tagged completion line.
     */
    static String scram(ImapClient c, String user, String password) throws Exception {
        String bare = "n=" + user + ",r=rOprNGfwEbeRWgbNEkqO";
        String tag = c.sendTagged("AUTHENTICATE SCRAM-SHA-256 " + b64("n,," + bare));
        String last = c.readResponseLine();
        if (!last.startsWith("+ ")) {
            return last;
        }
        String serverFirst = unb64(last.substring(2));
        Map<String, String> a = new HashMap<>();
        for (String kv : serverFirst.split(",")) {
            a.put(kv.substring(0, 1), kv.substring(2));
        }
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(new PBEKeySpec(
                password.toCharArray(), Base64.getDecoder().decode(a.get("s")), Integer.parseInt(a.get("i")), 256)).getEncoded();
        byte[] clientKey = hmac(salted, "Client Key");
        String withoutProof = "c=biws,r=" + a.get("r");
        String authMessage = bare + "," + serverFirst + "," + withoutProof;
        byte[] signature = hmac(MessageDigest.getInstance("SHA-256").digest(clientKey), authMessage);
        byte[] proof = new byte[32];
        for (int i = 0; i < 32; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        c.send(b64(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)) + "\r\n");
        String answer = c.readResponseLine();
        if (!answer.startsWith("+ ")) {
            return answer;
        }
        String expected = "v=" + Base64.getEncoder().encodeToString(hmac(hmac(salted, "Server Key"), authMessage));
        if (!unb64(answer.substring(2)).equals(expected)) {
            throw new AssertionError("server signature wrong: " + unb64(answer.substring(2)));
        }
        c.send("\r\n");
        List<String> done = c.readUntilTagged(tag);
        return done.get(done.size() - 1);
    }

    private static byte[] hmac(byte[] key, String message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Registers an {@code io.bundlebox.imap.spi.TokenValidator} service accepting {@code token} for
     * {@code user}, as an operator's bundle would.
     */
    static org.osgi.framework.ServiceRegistration<?> registerTokenValidator(ImapTestServer server, String token, String user)
            throws ClassNotFoundException {
        org.osgi.framework.Bundle core = java.util.stream.Stream.of(server.framework().getBundleContext().getBundles())
                .filter(b -> "io.bundlebox.core".equals(b.getSymbolicName())).findFirst().orElseThrow();
        // the interface as the framework knows it (the test's own copy is another class)
        Class<?> spi = core.loadClass("io.bundlebox.imap.spi.TokenValidator");
        Object validator = java.lang.reflect.Proxy.newProxyInstance(spi.getClassLoader(), new Class<?>[] {spi},
                (proxy, method, args) -> switch (method.getName()) {
                    case "validate" -> token.equals(args[0]) ? java.util.Optional.of(user) : java.util.Optional.empty();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "test token validator";
                });
        return core.getBundleContext().registerService(spi.getName(), validator, new java.util.Hashtable<>());
    }

    /** Collects every record logged under {@code io.bundlebox}, at every level, while installed. */
    static final class LogCapture extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger("io.bundlebox");
        private final Level oldLevel = logger.getLevel();
        final List<String> lines = new CopyOnWriteArrayList<>();

        LogCapture() {
            logger.setLevel(Level.ALL);
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord r) {
            String msg = r.getMessage();
            if (r.getParameters() != null) {
                msg += " " + java.util.Arrays.toString(r.getParameters());
            }
            lines.add(r.getLoggerName() + " " + r.getLevel() + " " + msg + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        /** Waits (10 s at most, polling) until a captured line contains {@code text}; fails naming what was logged. */
        void awaitLine(String text) {
            try {
                Await.until(java.time.Duration.ofSeconds(10), "a log line with '" + text + "'",
                        () -> lines.stream().anyMatch(l -> l.contains(text)));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; logged: " + lines);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** Fails naming the line if any captured line contains {@code secret}. */
        void assertNeverLogged(String... secrets) {
            for (String line : lines) {
                for (String s : secrets) {
                    if (line.contains(s)) {
                        throw new AssertionError("secret '" + s + "' was logged: " + line);
                    }
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(oldLevel);
        }
    }
}
