package io.bundlebox.core.internal.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The users file ({@code conf/users}) in Dovecot's passwd-file format: one
 * {@code user:{SCHEME}hash[:...]} entry per line, {@code #} comments. The file is re-read when
 * its modification time or size changes, so {@code bundlebox user add} takes effect without a
 * restart. Thread-safe.
 */
public final class PasswordFile implements Credentials {

    private static final Logger LOG = Logger.getLogger(PasswordFile.class.getName());

    /**
     * Hash verifications running at once. Argon2id as {@code user add} writes it takes 64 MiB and
     * a good part of a core; without a bound, a burst of logins (guessers included) could exhaust
     * memory. Waiting here parks only the session's virtual thread.
     */
    private static final Semaphore VERIFICATIONS = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private volatile Map<String, String> entries = Map.of();
    private volatile FileTime loadedTime;
    private volatile long loadedSize = -1;

    /** @param file the passwd-file; it need not exist yet */
    public PasswordFile(Path file) {
        this.file = file;
    }

    /** The file this instance reads. */
    public Path file() {
        return file;
    }

    /**
     * Checks a password.
     *
     * @param user the login name as given by the client
     * @param password the cleartext password
     * @return true when the user exists and the password matches its stored hash
     */
    @Override
    public boolean verify(String user, String password) {
        String stored = current().get(user);
        try {
            VERIFICATIONS.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            if (stored == null) {
                // spend comparable time on unknown users so response timing does not reveal them
                PasswordHashes.verify(PasswordHashes.DUMMY, password);
                return false;
            }
            return PasswordHashes.verify(stored, password);
        } finally {
            VERIFICATIONS.release();
        }
    }

    /**
     * The SCRAM-SHA-256 credentials of {@code user} (RFC 7677): its {@code {SCRAM-SHA-256}} entry, or
     * derived from a cleartext-equivalent entry ({@code {PLAIN}}). Users whose entry is a one-way
     * hash of another kind (ARGON2ID, BLF-CRYPT, SHA512-CRYPT, PBKDF2) cannot use SCRAM.
     *
     * @return the credentials, or null for unknown users and entries SCRAM cannot use
     */
    @Override
    public ScramCredentials scramCredentials(String user) {
        String stored = current().get(user);
        String scheme = stored == null ? null : PasswordHashes.scheme(stored);
        try {
            if ("SCRAM-SHA-256".equals(scheme)) {
                return ScramCredentials.parse(PasswordHashes.data(stored));
            }
            if (PasswordHashes.isCleartext(scheme)) {
                byte[] salt = new byte[16];
                RANDOM.nextBytes(salt);
                return ScramCredentials.derive(PasswordHashes.data(stored), salt, ScramCredentials.DEFAULT_ITERATIONS);
            }
        } catch (RuntimeException e) {
            LOG.warning("users file " + file + ": the entry of one user is malformed");
        }
        return null;
    }

    /** Whether {@code user} has an entry. */
    public boolean exists(String user) {
        return current().containsKey(user);
    }

    private Map<String, String> current() {
        try {
            FileTime t = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (!t.equals(loadedTime) || size != loadedSize) {
                synchronized (this) {
                    if (!t.equals(loadedTime) || size != loadedSize) {
                        entries = parse(Files.readAllLines(file, StandardCharsets.UTF_8));
                        loadedTime = t;
                        loadedSize = size;
                        LOG.fine(() -> "loaded " + entries.size() + " user(s) from " + file);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            entries = Map.of();
            loadedTime = null;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read users file " + file + ": " + e.getMessage() + "; keeping the last one read");
        }
        return entries;
    }

    static Map<String, String> parse(List<String> lines) {
        Map<String, String> out = new HashMap<>();
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int colon = l.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String user = l.substring(0, colon);
            String rest = l.substring(colon + 1);
            // the hash field ends at the next ':' unless the scheme's own syntax uses ':' (none we accept does)
            int end = rest.indexOf(':');
            out.put(user, end < 0 ? rest : rest.substring(0, end));
        }
        return Map.copyOf(out);
    }
}
