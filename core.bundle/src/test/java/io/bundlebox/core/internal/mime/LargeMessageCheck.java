package io.bundlebox.core.internal.mime;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Throwaway check, not part of the suite: a ~100 MB message (a text part, a 60 MB base64
 * attachment in 76-column lines, a 40 MB text part made of a single line) is parsed and its
 * parts extracted at a small heap. Run after {@code mvn -pl core.bundle test-compile}:
 *
 * <pre>
 * java -Xmx64m -cp core.bundle/target/classes:core.bundle/target/test-classes:$MIME4J_JARS \
 *     io.bundlebox.core.internal.mime.LargeMessageCheck
 * </pre>
 */
public final class LargeMessageCheck {

    private LargeMessageCheck() {}

    public static void main(String[] args) throws Exception {
        Path file = Files.createTempFile("bundlebox-large", ".eml");
        try {
            write(file);
            long t0 = System.nanoTime();
            try (FileChannel channel = FileChannel.open(file)) {
                MimePart root = MimeParser.parse(channel);
                long t1 = System.nanoTime();
                String structure = ImapWire.toWire(FetchStructures.bodyStructure(root));
                long body2 = drain(Sections.body(channel, root, Section.parse("2"), null), channel);
                long t2 = System.nanoTime();
                long binarySize = Sections.binarySize(channel, root, List.of(2));
                long binary = drain(Sections.binary(channel, root, List.of(2), null, binarySize), channel);
                long t3 = System.nanoTime();
                boolean found = SearchText.bodyContains(channel, root, "NEEDLE-AT-THE-END");
                long t4 = System.nanoTime();
                System.out.printf("size %d octets, max heap %d MB%n", channel.size(), Runtime.getRuntime().maxMemory() >> 20);
                System.out.println("BODYSTRUCTURE " + structure);
                System.out.printf("parse %d ms; BODY[2] %d octets streamed %d ms; BINARY.SIZE[2] %d + BINARY[2] %d octets %d ms;"
                        + " SEARCH BODY found=%s %d ms%n", (t1 - t0) / 1_000_000, body2, (t2 - t1) / 1_000_000,
                        binarySize, binary, (t3 - t2) / 1_000_000, found, (t4 - t3) / 1_000_000);
                long peak = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        peak += pool.getPeakUsage().getUsed();
                    }
                }
                System.out.printf("peak heap used (sum of pool peaks) %d MB%n", peak >> 20);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long drain(SectionContent content, FileChannel channel) throws IOException {
        try (InputStream in = content.open(channel)) {
            long n = in.transferTo(OutputStream.nullOutputStream());
            if (n != content.length()) {
                throw new AssertionError("announced " + content.length() + " but streamed " + n);
            }
            return n;
        }
    }

    private static void write(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(("From: a@example.org\r\nSubject: large\r\nContent-Type: multipart/mixed; boundary=\"xyz\"\r\n\r\n"
                    + "--xyz\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
                    + "--xyz\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] line = ("QUJD".repeat(19) + "\r\n").getBytes(StandardCharsets.US_ASCII); // 76 columns
            for (long written = 0; written < 60_000_000; written += line.length) {
                out.write(line);
            }
            out.write("--xyz\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "lorem ipsum ".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written < 40_000_000; written += chunk.length) {
                out.write(chunk); // one 40 MB line
            }
            out.write("NEEDLE-AT-THE-END\r\n--xyz--\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }
}
