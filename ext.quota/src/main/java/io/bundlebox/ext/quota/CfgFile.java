package io.bundlebox.ext.quota;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets keys in a FileInstall {@code .cfg} file (java.util.Properties syntax), so that what SETQUOTA
 * saves is in the file an operator edits: the next save of the file keeps it, and so does a
 * restart. Lines of other keys, comments and blank lines stay as they are (read and written as
 * ISO-8859-1, byte for byte); the logical line of a key being set (its continuation lines
 * included) is replaced where it is, keys not there yet are appended. Keys are written escaped
 * ({@code \=}, {@code \:}, {@code \ }, {@code \#}, {@code \!}, {@code \\}, {@code \}{@code uXXXX}
 * beyond ASCII), so user names like {@code alice@a.example} or {@code ann lee} read back the same.
 *
 * <p>Atomic: the new content is written to a temporary file next to it, fsynced and renamed over
 * the file (then the directory is fsynced), so FileInstall's poller and a crash see the old file
 * or the new one, never half of one.
 */
final class CfgFile {

    private CfgFile() {
    }

    /**
     * Sets {@code keys} in {@code file}, creating it if absent.
     *
     * @param keys key to value, in the order new keys are appended
     * @throws IOException when the file cannot be read or replaced (it is then unchanged)
     */
    static void set(Path file, Map<String, String> keys) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            text = "";
        }
        String updated = set(text, keys);
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(updated.getBytes(StandardCharsets.ISO_8859_1));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot fsync a directory; the rename is done all the same
        }
    }

    /** {@code text} (a properties file) with {@code keys} set; see {@link CfgFile}. */
    static String set(String text, Map<String, String> keys) {
        Map<String, String> pending = new LinkedHashMap<>(keys);
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast(); // the final line break
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            int first = i;
            while (!isComment(lines.get(first)) && continues(lines.get(i)) && i + 1 < lines.size()) {
                i++; // a value continued on the next line
            }
            String key = isComment(lines.get(first)) ? null : keyOf(lines.get(first));
            if (key != null && pending.containsKey(key)) {
                out.append(line(key, pending.remove(key))).append('\n');
            } else if (key != null && keys.containsKey(key)) {
                continue; // the same key again further down: once is enough
            } else {
                for (int j = first; j <= i; j++) {
                    out.append(lines.get(j)).append('\n');
                }
            }
        }
        pending.forEach((k, v) -> out.append(line(k, v)).append('\n'));
        return out.toString();
    }

    private static String line(String key, String value) {
        return escapeKey(key) + " = " + value;
    }

    private static boolean isComment(String line) {
        String s = line.stripLeading();
        return s.isEmpty() || s.charAt(0) == '#' || s.charAt(0) == '!';
    }

    /** A line ending in an odd number of backslashes continues on the next one. */
    private static boolean continues(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    /** The key of a property line, unescaped: up to the first unescaped {@code =}, {@code :} or white space. */
    static String keyOf(String line) {
        StringBuilder key = new StringBuilder();
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == '\f')) {
            i++;
        }
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f') {
                break;
            }
            if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(++i);
                if (next == 'u' && i + 4 < line.length()) {
                    try {
                        key.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16));
                        i += 5;
                        continue;
                    } catch (NumberFormatException e) {
                        // not an escape: taken as written
                    }
                }
                key.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 'f' -> '\f';
                    default -> next;
                });
                i++;
                continue;
            }
            key.append(c);
            i++;
        }
        return key.toString();
    }

    static String escapeKey(String key) {
        StringBuilder out = new StringBuilder();
        for (char c : key.toCharArray()) {
            switch (c) {
                case '=', ':', ' ', '#', '!', '\\' -> out.append('\\').append(c);
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
