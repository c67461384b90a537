package io.bundlebox.store.maildir.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * The {@code dovecot-keywords} file of a folder: lines {@code N keyword}, keyword {@code N}
 * being the file-name letter {@code 'a' + N}. At most 26 keywords get a letter; further keywords
 * live in the Bundlebox index only. Not thread-safe: guarded by the folder lock.
 */
final class DovecotKeywords {

    static final String FILE = "dovecot-keywords";
    private static final Logger LOG = Logger.getLogger(DovecotKeywords.class.getName());

    private final Path file;
    private final String[] byLetter = new String[26];
    /** The file's modification time when last read or written, or null when there was none. */
    private java.nio.file.attribute.FileTime stamp;
    /** Counts the reads and assignments, each of which may change {@link #all}. */
    private int version;

    private DovecotKeywords(Path file) {
        this.file = file;
    }

    /** Reads the file of {@code folder}; a missing or unreadable file means no keywords. */
    static DovecotKeywords load(Path folder) {
        DovecotKeywords keywords = new DovecotKeywords(folder.resolve(FILE));
        keywords.read();
        return keywords;
    }

    /**
     * Reads the file again when it changed since it was last read or written (another program
     * on the Maildir, such as Dovecot, gave a new keyword a letter): letters it adds are taken,
     * letters already in use stay as they are.
     */
    void refresh() {
        java.nio.file.attribute.FileTime now = modified();
        if (now != null && !now.equals(stamp)) {
            read();
        }
    }

    private java.nio.file.attribute.FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    private void read() {
        DovecotKeywords keywords = this;
        version++;
        stamp = modified();
        try {
            for (String line : Confinement.readOwnFile(keywords.file).lines().toList()) {
                int space = line.indexOf(' ');
                if (space <= 0) {
                    continue;
                }
                try {
                    int index = Integer.parseInt(line.substring(0, space));
                    String keyword = line.substring(space + 1).trim();
                    // A keyword goes to clients in FLAGS: only an IMAP atom is one, and one letter each.
                    if (index >= 0 && index < 26 && keywords.byLetter[index] == null && isKeyword(keyword)
                            && keywords.letter(keyword) == 0) {
                        keywords.byLetter[index] = keyword;
                    } else {
                        LOG.fine(() -> "skipping line " + line + " of " + keywords.file);
                    }
                } catch (NumberFormatException e) {
                    LOG.fine(() -> "skipping a malformed line in " + keywords.file);
                }
            }
        } catch (NoSuchFileException e) {
            // no keywords yet
        } catch (IOException e) {
            LOG.warning(() -> "cannot read " + keywords.file + ": " + e);
        }
    }

    /**
     * Whether {@code s} is a keyword of RFC 9051 section 9 ({@code flag-keyword = atom}, not
     * starting with {@code \}): ATOM-CHARs only, no atom-specials, no controls, ASCII.
     */
    static boolean isKeyword(String s) {
        if (s.isEmpty() || s.charAt(0) == '\\') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The keyword of letter {@code c} ('a'..'z'), or null. */
    String keyword(char c) {
        return c >= 'a' && c <= 'z' ? byLetter[c - 'a'] : null;
    }

    /** The letter of {@code keyword}, or 0 when it has none. */
    char letter(String keyword) {
        for (int i = 0; i < byLetter.length; i++) {
            if (keyword.equals(byLetter[i])) {
                return (char) ('a' + i);
            }
        }
        return 0;
    }

    /**
     * Gives {@code keyword} a letter if it has none and one is free, writing the file
     * atomically (temporary file, fsync, rename).
     *
     * @return whether the file changed
     */
    boolean assign(String keyword) throws IOException {
        if (letter(keyword) != 0) {
            return false;
        }
        int free = Arrays.asList(byLetter).indexOf(null);
        if (free < 0) {
            return false;
        }
        byLetter[free] = keyword;
        version++;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < byLetter.length; i++) {
            if (byLetter[i] != null) {
                text.append(i).append(' ').append(byLetter[i]).append('\n');
            }
        }
        try {
            Durable.writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8));
            stamp = modified();
        } catch (IOException e) {
            byLetter[free] = null;
            throw e;
        }
        return true;
    }

    /** Changes whenever {@link #all} may have changed (a read of the file, an assignment). */
    int version() {
        return version;
    }

    /** All keywords with a letter, in letter order. */
    java.util.List<String> all() {
        return Arrays.stream(byLetter).filter(k -> k != null).toList();
    }
}
