package io.bundlebox.itest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the messages of an mboxrd file (optionally gzipped) from the shared corpus: split on
 * lines starting {@code "From "}, one {@code >} taken off {@code >From } lines (any number of
 * {@code >}); where the corpus index ({@code NAME.index.tsv} beside {@code NAME.mbox.gz}) says
 * an LF was appended to end the message, it is taken off again. Bytes are kept as they are
 * otherwise (LF line ends in the corpus).
 */
public final class Mbox {

    private Mbox() {
    }

    /** The shared corpus folder from the {@code bundlebox.shared} property; fails the test when it is absent. */
    static Path corpus() {
        String shared = System.getProperty("bundlebox.shared");
        Path p = shared == null ? null : Path.of(shared, "corpus");
        if (p == null || !Files.isDirectory(p)) {
            // a corpus test that skips when its data is missing could never fail: fail instead
            throw new AssertionError("the shared corpus is missing: expected " + p + " (system property"
                    + " bundlebox.shared, by default ../shared beside the repository; in a git worktree pass"
                    + " -Dbundlebox.shared=/path/to/shared)");
        }
        return p;
    }

    /** Up to {@code limit} messages of {@code file}, in file order. */
    public static List<byte[]> read(Path file, int limit) throws IOException {
        List<byte[]> messages = split(file, limit);
        Path index = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.mbox(\\.gz)?$", ".index.tsv"));
        if (Files.exists(index)) {
            List<String> rows = Files.readAllLines(index);
            for (int i = 1; i < rows.size() && i <= messages.size(); i++) {
                String[] cols = rows.get(i).split("\t");
                if (cols.length > 5 && cols[5].equals("1")) {
                    byte[] m = messages.get(i - 1);
                    messages.set(i - 1, Arrays.copyOf(m, m.length - 1));
                }
            }
        }
        return messages;
    }

    private static List<byte[]> split(Path file, int limit) throws IOException {
        List<byte[]> messages = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = new BufferedInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16)) {
            ByteArrayOutputStream current = null;
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while (messages.size() < limit) {
                b = in.read();
                if (b >= 0) {
                    line.write(b);
                    if (b != '\n') {
                        continue;
                    }
                }
                byte[] l = line.toByteArray();
                line.reset();
                if (l.length == 0 && b < 0) {
                    break;
                }
                if (startsWith(l, 0, "From ")) {
                    if (current != null) {
                        messages.add(current.toByteArray());
                    }
                    current = new ByteArrayOutputStream();
                } else if (current != null) {
                    int gt = 0;
                    while (gt < l.length && l[gt] == '>') {
                        gt++;
                    }
                    boolean escaped = gt > 0 && startsWith(l, gt, "From ");
                    current.write(l, escaped ? 1 : 0, escaped ? l.length - 1 : l.length);
                }
                if (b < 0) {
                    break;
                }
            }
            if (current != null && messages.size() < limit) {
                messages.add(current.toByteArray());
            }
        }
        return messages;
    }

    private static boolean startsWith(byte[] line, int offset, String prefix) {
        if (line.length - offset < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (line[offset + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
