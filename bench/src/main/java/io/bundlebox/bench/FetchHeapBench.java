package io.bundlebox.bench;

import io.bundlebox.itest.ImapTestServer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Heap benchmark: APPEND and FETCH of one large message (default 100 MiB) against a real server
 * (Felix with the built bundles, {@link ImapTestServer}) in this JVM, which runs with a small heap
 * (-Xmx64m). The message is multipart: part 1 a base64 attachment holding almost all of it, part
 * 2 a line of text. Phases: APPEND (streamed literal), FETCH BODY.PEEK[], BODY.PEEK[1],
 * BINARY.PEEK[1] (decoded, RFC 3516). For each it prints time, throughput, peak heap used, the
 * largest heap live after a GC during the phase (the GC count says how many ran), and the heap
 * retained after a full GC at its end; the server streams when these stay near the idle figures.
 *
 * <p>Run: see bench/README.md. Argument: message size in MiB (default 100).
 */
public final class FetchHeapBench {

    private static final int RAW_PER_LINE = 57; // 76 base64 characters per line
    private static final String BOUNDARY = "b0undary-bench";

    private FetchHeapBench() {
    }

    /** The message file and what its parts hold. */
    record Message(Path file, long size, long attachmentOctets, long crc) {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path home = Files.createTempDirectory("bundlebox-bench");
        try (HeapWatch heap = new HeapWatch()) {
            Message message = writeMessage(home.resolve("message.eml"), mib * 1024L * 1024L);
            try (ImapTestServer server = ImapTestServer.start(home.resolve("server"))) {
                server.addUser("bench", "bench");
                server.configure("io.bundlebox.server", Map.of("limit.append", Long.toString(2 * message.size())));
                System.out.printf("heap limit %d MiB; message %.1f MiB (attachment %.1f MiB decoded)%n",
                        HeapWatch.maxHeap() >> 20, message.size() / 1048576.0, message.attachmentOctets() / 1048576.0);
                System.out.printf("%-22s %8s %7s %14s %18s %5s %13s%n", "phase", "seconds", "MiB/s", "peak used MiB",
                        "max live (GC) MiB", "GCs", "retained MiB");
                try (StreamingClient c = new StreamingClient(server.port())) {
                    check(c.command("LOGIN bench bench"), "LOGIN");
                    heap.reset();
                    check(c.command("NOOP"), "NOOP");
                    report("idle (after GC)", heap, 0, System.nanoTime());

                    heap.reset();
                    long t0 = System.nanoTime();
                    appendOnceConfigured(c, message.file());
                    report("APPEND", heap, message.size(), t0);

                    check(c.command("SELECT INBOX"), "SELECT");
                    fetch(c, heap, "BODY.PEEK[]", message.size(), message.crc());
                    fetch(c, heap, "BODY.PEEK[1]", -1, -1);
                    fetch(c, heap, "BINARY.PEEK[1]", message.attachmentOctets(), -1);
                    fetch(c, heap, "BODY.PEEK[]", message.size(), message.crc());
                    check(c.command("LOGOUT"), "LOGOUT");
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** APPENDs once the new limit.append is in force (ConfigAdmin applies it asynchronously). */
    private static void appendOnceConfigured(StreamingClient c, Path file) throws IOException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            StreamingClient.Response r = c.append("INBOX", file);
            if (r.ok()) {
                return;
            }
            if (!r.tagged().contains("[TOOBIG]") || System.nanoTime() > deadline) {
                throw new IllegalStateException("APPEND failed: " + r.tagged());
            }
        }
    }

    private static void fetch(StreamingClient c, HeapWatch heap, String item, long expectedOctets, long expectedCrc)
            throws IOException {
        heap.reset();
        long t0 = System.nanoTime();
        StreamingClient.Response r = c.command("FETCH 1 " + item);
        check(r, "FETCH " + item);
        if (expectedOctets >= 0 && r.literalOctets() != expectedOctets) {
            throw new IllegalStateException(item + ": " + r.literalOctets() + " octets, expected " + expectedOctets);
        }
        if (expectedCrc >= 0 && r.crc() != expectedCrc) {
            throw new IllegalStateException(item + ": content differs from what was appended");
        }
        report("FETCH " + item, heap, r.literalOctets(), t0);
    }

    private static void check(StreamingClient.Response r, String what) {
        if (!r.ok()) {
            throw new IllegalStateException(what + " failed: " + r.tagged());
        }
    }

    private static void report(String phase, HeapWatch heap, long octets, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long peak = heap.peakUsed();
        long collections = heap.collections();
        long live = heap.maxLiveAfterGc();
        System.out.printf("%-22s %8.2f %7s %14.1f %18s %5d %13.1f%n", phase, seconds,
                octets == 0 ? "-" : String.format("%.0f", octets / 1048576.0 / seconds),
                peak / 1048576.0,
                collections == 0 ? "-" : String.format("%.1f", live / 1048576.0),
                collections, HeapWatch.retained() / 1048576.0);
    }

    /**
     * Writes a multipart message of about {@code approxSize} octets whose first part is a base64
     * attachment of seeded random octets, streaming (nothing held whole).
     */
    static Message writeMessage(Path file, long approxSize) throws IOException {
        long lines = approxSize / (RAW_PER_LINE / 3 * 4 + 2);
        Random random = new Random(42);
        byte[] raw = new byte[RAW_PER_LINE];
        Base64.Encoder b64 = Base64.getEncoder();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
            write(out, "From: Bench <bench@example.org>\r\n"
                    + "To: Bench <bench@example.org>\r\n"
                    + "Subject: a large attachment\r\n"
                    + "Date: Mon, 7 Feb 1994 21:52:25 -0800\r\n"
                    + "Message-ID: <large@example.org>\r\n"
                    + "MIME-Version: 1.0\r\n"
                    + "Content-Type: multipart/mixed; boundary=\"" + BOUNDARY + "\"\r\n"
                    + "\r\n"
                    + "--" + BOUNDARY + "\r\n"
                    + "Content-Type: application/octet-stream; name=\"data.bin\"\r\n"
                    + "Content-Transfer-Encoding: base64\r\n"
                    + "\r\n");
            for (long i = 0; i < lines; i++) {
                random.nextBytes(raw);
                out.write(b64.encode(raw));
                out.write('\r');
                out.write('\n');
            }
            write(out, "--" + BOUNDARY + "\r\n"
                    + "Content-Type: text/plain; charset=us-ascii\r\n"
                    + "\r\n"
                    + "The end.\r\n"
                    + "--" + BOUNDARY + "--\r\n");
        }
        CRC32 crc = new CRC32();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                crc.update(buf, 0, n);
            }
        }
        return new Message(file, Files.size(file), lines * RAW_PER_LINE, crc.getValue());
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }
}
