package io.bundlebox.core.internal.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.logging.Logger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The server's TLS identity: a certificate chain and private key from PEM files, served with the
 * JDK's TLS stack (JSSE), TLS 1.3 and 1.2 only (RFC 8314 section 4.1; RFC 9051 section 11.1).
 *
 * <p>The files are checked (modification time and size) whenever a connection starts TLS; a
 * changed pair is loaded for new connections without a restart, and a pair that cannot be loaded
 * (half-written, key not matching the certificate) is logged once while the last good one stays in
 * use. When neither file exists, {@link #ensureFiles()} writes a self-signed pair.
 */
public final class TlsCertificates {

    private static final Logger LOG = Logger.getLogger(TlsCertificates.class.getName());
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private record Stamp(long certModified, long certSize, long keyModified, long keySize) {
    }

    private final Path certFile;
    private final Path keyFile;
    private volatile SSLContext context;
    private volatile Stamp loaded;
    private volatile Stamp rejected;

    /** @param certFile PEM chain, leaf first @param keyFile PEM private key of the leaf */
    public TlsCertificates(Path certFile, Path keyFile) {
        this.certFile = certFile;
        this.keyFile = keyFile;
    }

    /** The certificate file. */
    public Path certFile() {
        return certFile;
    }

    /** The key file. */
    public Path keyFile() {
        return keyFile;
    }

    /**
     * Writes a self-signed certificate and key when neither file exists (a fresh installation);
     * the key file is readable by its owner only.
     *
     * @return whether a pair was generated
     */
    public boolean ensureFiles() throws IOException, GeneralSecurityException {
        if (Files.exists(certFile) || Files.exists(keyFile)) {
            return false;
        }
        SelfSigned.Pair pair = SelfSigned.generate();
        Files.createDirectories(keyFile.toAbsolutePath().getParent());
        Files.createDirectories(certFile.toAbsolutePath().getParent());
        writeAtomically(keyFile, Pem.encode("PRIVATE KEY", pair.keys().getPrivate().getEncoded()), true);
        writeAtomically(certFile, Pem.encode("CERTIFICATE", pair.certificate().getEncoded()), false);
        LOG.info("generated a self-signed TLS certificate " + certFile + " for " + pair.certificate().getSubjectX500Principal().getName()
                + "; replace it and " + keyFile.getFileName() + " with your own (picked up without restart)");
        return true;
    }

    private static void writeAtomically(Path file, String pem, boolean secret) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            if (secret) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            // not a POSIX file system: the directory's permissions must protect it
        }
        Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Loads the files now.
     *
     * @throws GeneralSecurityException or IOException when they cannot be used, saying why
     */
    public void load() throws IOException, GeneralSecurityException {
        Stamp stamp = stamp();
        context = build();
        loaded = stamp;
    }

    /** The TLS context for the files as they are now, reloaded if they changed since. */
    private SSLContext current() throws IOException {
        Stamp stamp;
        try {
            stamp = stamp();
        } catch (IOException e) {
            stamp = loaded; // a file is being replaced: keep serving the last good pair
        }
        if (stamp != null && !stamp.equals(loaded) && !stamp.equals(rejected)) {
            synchronized (this) {
                if (!stamp.equals(loaded) && !stamp.equals(rejected)) {
                    try {
                        context = build();
                        loaded = stamp;
                        LOG.info("TLS certificate " + certFile + " reloaded");
                    } catch (IOException | GeneralSecurityException | RuntimeException e) {
                        rejected = stamp;
                        LOG.warning("TLS certificate " + certFile + " or key " + keyFile + " changed but cannot be used ("
                                + e.getMessage() + "); the previous one stays in use");
                    }
                }
            }
        }
        SSLContext c = context;
        if (c == null) {
            throw new IOException("no usable TLS certificate");
        }
        return c;
    }

    /**
     * Layers server-side TLS over an accepted connection, for implicit TLS (RFC 8314) and STARTTLS
     * (RFC 9051 section 6.2.1). The handshake runs at the first read or write, or at
     * {@link SSLSocket#startHandshake()}; closing the returned socket closes {@code plain}.
     */
    public SSLSocket wrap(Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) current().getSocketFactory()
                .createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        tls.setUseClientMode(false);
        SSLParameters params = tls.getSSLParameters();
        params.setProtocols(PROTOCOLS);
        params.setUseCipherSuitesOrder(true);
        tls.setSSLParameters(params);
        return tls;
    }

    private Stamp stamp() throws IOException {
        try {
            return new Stamp(Files.getLastModifiedTime(certFile).toMillis(), Files.size(certFile),
                    Files.getLastModifiedTime(keyFile).toMillis(), Files.size(keyFile));
        } catch (NoSuchFileException e) {
            throw new IOException((Files.exists(certFile) ? keyFile : certFile) + " does not exist", e);
        }
    }

    private SSLContext build() throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = Pem.readCertificates(certFile);
        PrivateKey key = Pem.readPrivateKey(keyFile, chain.get(0).getPublicKey().getAlgorithm());
        requireMatch(chain.get(0), key);
        SSLContext ctx = SSLContext.getInstance("TLS");
        // one fixed key: a KeyManager of our own, because a PKCS12 KeyStore would encrypt the key with
        // PBKDF2 first, costing a few hundred milliseconds of CPU at every start
        ctx.init(new KeyManager[] {new SingleKeyManager(key, chain.toArray(X509Certificate[]::new))}, null, null);
        return ctx;
    }

    /** Offers the one server key and chain for every handshake whose key type it fits. */
    private static final class SingleKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "server";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        SingleKeyManager(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        private String aliasFor(String keyType) {
            String algorithm = key.getAlgorithm();
            boolean fits = keyType.equalsIgnoreCase(algorithm)
                    || (keyType.equals("RSASSA-PSS") && algorithm.equals("RSA"))
                    || (keyType.startsWith("Ed") && algorithm.startsWith("Ed"));
            return fits ? ALIAS : null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            String alias = aliasFor(keyType);
            return alias == null ? null : new String[] {alias};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return aliasFor(keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyType);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null; // a server only
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    /** A key that does not belong to the certificate would fail every handshake: refuse it up front. */
    private static void requireMatch(X509Certificate cert, PrivateKey key) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(cert.getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("the private key does not belong to the certificate");
        }
    }
}
