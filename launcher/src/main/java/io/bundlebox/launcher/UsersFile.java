package io.bundlebox.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Edits the users file ({@code conf/users}, Dovecot passwd-file format) that the core reads:
 * one {@code user:{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$salt$hash} line per user, salt and
 * hash in unpadded Base64. Comments and other lines are kept; the file is replaced atomically
 * (the running server re-reads it when it changes) and is readable by its owner only.
 */
final class UsersFile {

    /** Login names: no separators of the file format, no spaces, nothing an IMAP astring would quote. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}");
    private static final int MEMORY_KIB = 65536;
    private static final int ITERATIONS = 3;
    private static final int PARALLELISM = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;

    UsersFile(Path file) {
        this.file = file;
    }

    /** The user names in file order; empty when the file does not exist. */
    List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : lines()) {
            String user = userOf(line);
            if (user != null) {
                names.add(user);
            }
        }
        return names;
    }

    /**
     * Adds {@code user}, or replaces its password when it exists.
     *
     * @return true when the user is new
     * @throws IllegalArgumentException when the name or the password is not acceptable
     */
    boolean put(String user, char[] password) throws IOException {
        checkName(user);
        if (password.length == 0) {
            throw new IllegalArgumentException("the password is empty");
        }
        String entry = user + ":" + hash(password);
        List<String> lines = new ArrayList<>(lines());
        boolean isNew = true;
        for (int i = 0; i < lines.size(); i++) {
            if (user.equals(userOf(lines.get(i)))) {
                lines.set(i, entry);
                isNew = false;
            }
        }
        if (isNew) {
            lines.add(entry);
        }
        write(lines);
        return isNew;
    }

    /** Removes {@code user}; returns false when there was no such user. */
    boolean remove(String user) throws IOException {
        List<String> lines = new ArrayList<>(lines());
        boolean removed = lines.removeIf(l -> user.equals(userOf(l)));
        if (removed) {
            write(lines);
        }
        return removed;
    }

    /** Rejects a name the users file or IMAP LOGIN could not carry, saying why. */
    static void checkName(String user) {
        if (!NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("user name '" + user + "' is not acceptable: use 1-64 of "
                    + "letters, digits and . _ @ + - (starting with a letter or digit)");
        }
    }

    /** The Argon2id hash of {@code password} (UTF-8) with a fresh 16-byte salt, in the core's {@code {ARGON2ID}} format. */
    static String hash(char[] password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(MEMORY_KIB)
                .withIterations(ITERATIONS).withParallelism(PARALLELISM).withSalt(salt).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] secret = Arrays.copyOf(utf8.array(), utf8.limit());
        byte[] hash = new byte[32];
        generator.generateBytes(secret, hash);
        Arrays.fill(secret, (byte) 0);
        Arrays.fill(utf8.array(), (byte) 0);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "{ARGON2ID}$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM
                + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** A random password that is easy to type: 16 characters without look-alikes (about 92 bits). */
    static char[] randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        char[] p = new char[16];
        for (int i = 0; i < p.length; i++) {
            p[i] = alphabet.charAt(RANDOM.nextInt(alphabet.length()));
        }
        return p;
    }

    private List<String> lines() throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private static String userOf(String line) {
        String l = line.strip();
        int colon = l.indexOf(':');
        return l.isEmpty() || l.startsWith("#") || colon <= 0 ? null : l.substring(0, colon);
    }

    private void write(List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's permissions protect the file
        }
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
