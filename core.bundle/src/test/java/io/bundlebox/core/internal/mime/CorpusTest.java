package io.bundlebox.core.internal.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

/**
 * Every message of the shared corpus (mime-edge/*.eml and the USRP mbox) parses, and every part
 * its BODYSTRUCTURE names is extractable as BODY[n] and BINARY[n] with the announced sizes.
 * The corpus directory comes from the system property {@code bundlebox.shared} (set by surefire).
 */
class CorpusTest {

    private static Path corpus() {
        String shared = System.getProperty("bundlebox.shared");
        Path dir = shared == null ? null : Path.of(shared, "corpus");
        assertTrue(dir != null && Files.isDirectory(dir),
                "corpus absent: set -Dbundlebox.shared=<dir with corpus/> (surefire sets it from the root pom)");
        return dir;
    }

    private final Stats stats = new Stats();

    @Test
    void mimeEdgeMessages() throws IOException {
        Path dir = corpus().resolve("mime-edge");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        assertEquals(453, files.size(), "mime-edge holds 453 messages");
        for (Path file : files) {
            check(file.getFileName().toString(), Files.readAllBytes(file));
        }
        System.out.println("mime-edge: " + stats);
    }

    @Test
    void usrpMailingListMbox() throws IOException {
        Path mbox = corpus().resolve("usrp-users-2021.mbox.gz");
        assertTrue(Files.isRegularFile(mbox), "absent: " + mbox);
        AtomicInteger count = new AtomicInteger();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(mbox), 1 << 16)) {
            splitMboxrd(in.readAllBytes(), message -> {
                check("usrp #" + count.incrementAndGet(), message);
            });
        }
        assertEquals(2322, count.get(), "messages in the USRP mbox");
        System.out.println("usrp: " + stats);
    }

    interface MessageConsumer {
        void accept(byte[] message) throws IOException;
    }

    /** mboxrd: split on lines beginning "From ", unescape ^>+From by removing one '>'. */
    static void splitMboxrd(byte[] mbox, MessageConsumer consumer) throws IOException {
        ByteArrayOutputStream message = null;
        int i = 0;
        while (i < mbox.length) {
            int lf = i;
            while (lf < mbox.length && mbox[lf] != '\n') {
                lf++;
            }
            int next = Math.min(lf + 1, mbox.length);
            if (startsWith(mbox, i, "From ")) {
                if (message != null) {
                    consumer.accept(withoutSeparatorLine(message.toByteArray()));
                }
                message = new ByteArrayOutputStream();
            } else if (message != null) {
                int gt = i;
                while (gt < lf && mbox[gt] == '>') {
                    gt++;
                }
                int from = gt > i && startsWith(mbox, gt, "From ") ? i + 1 : i;
                message.write(mbox, from, next - from);
            }
            i = next;
        }
        if (message != null) {
            consumer.accept(withoutSeparatorLine(message.toByteArray()));
        }
    }

    /** The blank line mbox writes after each message is not part of it. */
    private static byte[] withoutSeparatorLine(byte[] m) {
        int n = m.length;
        if (n >= 2 && m[n - 1] == '\n' && m[n - 2] == '\n') {
            n--;
        }
        return Arrays.copyOf(m, n);
    }

    private static boolean startsWith(byte[] b, int at, String prefix) {
        if (at + prefix.length() > b.length) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (b[at + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private void check(String name, byte[] bytes) throws IOException {
        try {
            MemoryChannel channel = new MemoryChannel(bytes);
            MimePart root = MimeParser.parse(channel);
            assertEquals(0, root.headerStart());
            assertEquals(bytes.length, root.bodyEnd());
            List<Object> tree = FetchStructures.bodyStructure(root);
            String structure = ImapWire.toWire(tree);
            ImapWire.toWire(FetchStructures.body(root));
            ImapWire.toWire(FetchStructures.envelope(root));
            assertTrue(structure.startsWith("("), structure);
            stats.messages++;
            for (Map.Entry<List<Integer>, Long> part : namedParts(tree).entrySet()) {
                checkPart(channel, root, part.getKey(), part.getValue());
            }
            checkHeaderSubsets(channel, root, List.of());
            assertTrue(SearchText.bodyContains(channel, root, ""), "empty needle matches");
            SearchText.textContains(channel, root, "zzqx-not-there");
        } catch (AssertionError | RuntimeException e) {
            fail(name + ": " + e, e);
        }
    }

    private void checkPart(MemoryChannel channel, MimePart root, List<Integer> path, Long octets) throws IOException {
        MimePart part = Sections.resolve(root, path);
        assertTrue(part != null, "part " + path);
        assertTrue(part.headerStart() <= part.bodyStart() && part.bodyStart() <= part.bodyEnd()
                && part.bodyEnd() <= root.bodyEnd(), "offsets of " + path + ": " + part);
        SectionContent body = Sections.body(channel, root, new Section(path, Section.Text.NONE, List.of()), null);
        assertEquals(octets == null ? part.bodyOctets() : octets, body.length(), "BODY[" + path + "] length vs BODYSTRUCTURE");
        byte[] read = readAll(body, channel);
        assertArrayEquals(Arrays.copyOfRange(channel.bytes(), (int) part.bodyStart(), (int) part.bodyEnd()), read);
        SectionContent mime = Sections.body(channel, root, new Section(path, Section.Text.MIME, List.of()), null);
        assertEquals(mime.length(), readAll(mime, channel).length);
        if (part.message() != null) {
            checkHeaderSubsets(channel, root, path);
        }
        stats.parts++;
        try {
            long size = Sections.binarySize(channel, root, path);
            SectionContent binary = Sections.binary(channel, root, path, null, size);
            assertEquals(size, readAll(binary, channel).length, "BINARY[" + path + "] vs BINARY.SIZE");
            if (binary instanceof SectionContent.Decoded) {
                stats.decoded++;
            }
        } catch (UnknownCteException e) {
            stats.unknownCte++;
        }
    }

    private static final List<String> SOME_FIELDS = List.of("From", "to", "SUBJECT", "Received", "Content-Type");

    /** HEADER.FIELDS and HEADER.FIELDS.NOT of one name list partition HEADER (the blank line in both). */
    private static void checkHeaderSubsets(MemoryChannel channel, MimePart root, List<Integer> path) throws IOException {
        long header = Sections.body(channel, root, new Section(path, Section.Text.HEADER, List.of()), null).length();
        long fields = Sections.body(channel, root, new Section(path, Section.Text.HEADER_FIELDS, SOME_FIELDS), null).length();
        long others = Sections.body(channel, root, new Section(path, Section.Text.HEADER_FIELDS_NOT, SOME_FIELDS), null).length();
        MimePart message = path.isEmpty() ? root : Sections.resolve(root, path).message();
        long blank = blankLineLength(channel.bytes(), message);
        assertEquals(header + blank, fields + others, "HEADER.FIELDS + HEADER.FIELDS.NOT of " + path);
    }

    private static long blankLineLength(byte[] m, MimePart message) {
        int end = (int) message.bodyStart();
        if (end > message.headerStart() && m[end - 1] == '\n') {
            boolean crlf = end - 2 >= message.headerStart() && m[end - 2] == '\r';
            int lineStart = end - (crlf ? 2 : 1);
            if (lineStart == message.headerStart() || m[lineStart - 1] == '\n') {
                return crlf ? 2 : 1;
            }
        }
        return 0;
    }

    private static byte[] readAll(SectionContent content, MemoryChannel channel) throws IOException {
        try (InputStream in = content.open(channel)) {
            return in.readAllBytes();
        }
    }

    /**
     * The part numbers and body-fld-octets (null for multiparts) the BODYSTRUCTURE value tree
     * names, depth first, read from the tree itself (not the parser's model).
     */
    static Map<List<Integer>, Long> namedParts(List<?> structure) {
        Map<List<Integer>, Long> parts = new LinkedHashMap<>();
        walk(structure, List.of(), true, parts);
        return parts;
    }

    private static void walk(List<?> body, List<Integer> prefix, boolean message, Map<List<Integer>, Long> out) {
        if (body.getFirst() instanceof ImapWire.Juxtaposed children) {
            if (!prefix.isEmpty() && !message) {
                out.put(prefix, null); // a nested multipart is a part too; BODYSTRUCTURE gives no size
            }
            for (int i = 0; i < children.items().size(); i++) {
                walk((List<?>) children.items().get(i), append(prefix, i + 1), false, out);
            }
            return;
        }
        List<Integer> path = message ? append(prefix, 1) : prefix;
        out.put(path, (Long) body.get(6));
        boolean encapsulated = "message".equalsIgnoreCase((String) body.get(0))
                && body.size() > 9 && body.get(7) instanceof List && body.get(8) instanceof List;
        if (encapsulated) {
            walk((List<?>) body.get(8), path, true, out);
        }
    }

    private static List<Integer> append(List<Integer> prefix, int n) {
        List<Integer> path = new ArrayList<>(prefix);
        path.add(n);
        return List.copyOf(path);
    }

    private static final class Stats {
        int messages;
        int parts;
        int decoded;
        int unknownCte;

        @Override
        public String toString() {
            return messages + " messages, " + parts + " parts, " + decoded + " decoded by BINARY, "
                    + unknownCte + " unknown CTE";
        }
    }
}
