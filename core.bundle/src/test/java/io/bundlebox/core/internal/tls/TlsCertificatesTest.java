package io.bundlebox.core.internal.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS identity: generated out of the box, loaded from operators' PEM files, replaced without restart. */
class TlsCertificatesTest {

    @TempDir
    Path home;

    @Test
    void emptyHomeGetsAWorkingSelfSignedCertificateWithAPrivateKeyFile() throws Exception {
        TlsCertificates tls = certificates("conf/tls");
        assertTrue(tls.ensureFiles());
        assertFalse(tls.ensureFiles(), "an existing pair is never overwritten");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(tls.keyFile()));
        tls.load();
        X509Certificate served = handshake(tls, tls.certFile());
        assertTrue(served.getSubjectAlternativeNames().stream().anyMatch(n -> n.get(1).equals("localhost")));
    }

    @Test
    void onlyTls12And13AreEnabled() throws Exception {
        TlsCertificates tls = certificates("conf/tls");
        tls.ensureFiles();
        tls.load();
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
                Socket accepted = ss.accept()) {
            assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, tls.wrap(accepted).getEnabledProtocols());
        }
    }

    @Test
    void rsaPkcs1AndEcSec1KeysFromOpenSsl() throws Exception {
        for (String kind : new String[] {"rsa", "ec"}) {
            Path cert = copy(kind + "-cert.pem");
            Path key = copy(kind + (kind.equals("rsa") ? "-key-pkcs1.pem" : "-key-sec1.pem"));
            TlsCertificates tls = new TlsCertificates(cert, key);
            tls.load();
            assertEquals(Pem.readCertificates(cert).get(0), handshake(tls, cert));
        }
    }

    @Test
    void replacedCertificateIsServedToNewConnectionsAndABrokenOneIsIgnored() throws Exception {
        TlsCertificates tls = certificates("live");
        tls.ensureFiles();
        tls.load();
        X509Certificate first = handshake(tls, tls.certFile());

        TlsCertificates other = certificates("other");
        other.ensureFiles();
        Files.copy(other.keyFile(), tls.keyFile(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(other.certFile(), tls.certFile(), StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(tls.certFile(), FileTime.fromMillis(Files.getLastModifiedTime(tls.certFile()).toMillis() + 2000));
        X509Certificate second = handshake(tls, other.certFile());
        assertNotEquals(first, second);

        // a certificate whose key is not in key.pem (renewal half done) must not break TLS
        Files.copy(copy("rsa-cert.pem"), tls.certFile(), StandardCopyOption.REPLACE_EXISTING);
        assertEquals(second, handshake(tls, other.certFile()));
    }

    private TlsCertificates certificates(String dir) {
        return new TlsCertificates(home.resolve(dir).resolve("cert.pem"), home.resolve(dir).resolve("key.pem"));
    }

    private Path copy(String resource) throws IOException {
        Path target = home.resolve(resource);
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** Connects a client trusting {@code trusted}, runs the handshake, returns the certificate the server showed. */
    private static X509Certificate handshake(TlsCertificates tls, Path trusted) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("server", Pem.readCertificates(trusted).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try (Socket accepted = ss.accept(); SSLSocket s = tls.wrap(accepted)) {
                    s.startHandshake();
                    s.getOutputStream().write('x');
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
                c.startHandshake();
                assertEquals('x', c.getInputStream().read());
                Certificate[] chain = c.getSession().getPeerCertificates();
                server.join();
                return (X509Certificate) chain[0];
            }
        }
    }
}
