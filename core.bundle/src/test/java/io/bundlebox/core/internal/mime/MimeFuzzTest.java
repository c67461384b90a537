package io.bundlebox.core.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the MIME layer (Jazzer): any octets as a stored message are parsed,
 * described (BODYSTRUCTURE, BODY, ENVELOPE as they go on the wire) and every part is served as
 * each section (RFC 9051 section 6.4.5: part, HEADER, TEXT, MIME, HEADER.FIELDS[.NOT], partials)
 * and as BINARY (RFC 3516: decoded, with BINARY.SIZE). Nothing may throw but IOException-free
 * parsing; every served section lies inside the message and streams exactly the octets it
 * announced; BINARY.SIZE equals what BINARY streams.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the committed corpus ({@code MimeFuzzTestInputs/}
 * in the test resources) as a regression test; with {@code JAZZER_FUZZ=1} it fuzzes for
 * {@code maxDuration} (see {@code core.bundle/FUZZING.md}).
 */
class MimeFuzzTest {

    /** Parts visited per input, so that a message of 10,000 parts stays a fast input. */
    private static final int MAX_PARTS_VISITED = 64;

    @FuzzTest(maxDuration = "20m")
    void everySectionOfAnyMessage(byte[] message) throws IOException {
        MemoryChannel channel = new MemoryChannel(message);
        MimePart root = MimeParser.parse(channel);
        String structure = ImapWire.toWire(FetchStructures.bodyStructure(root));
        assertTrue(structure.startsWith("("), structure);
        ImapWire.toWire(FetchStructures.body(root));
        ImapWire.toWire(FetchStructures.envelope(root));

        List<List<Integer>> paths = new ArrayList<>();
        paths.add(List.of());
        collect(root, new ArrayList<>(), paths);
        paths.add(List.of(1, 1, 1, 1)); // usually missing
        for (List<Integer> path : paths) {
            for (Section.Text text : Section.Text.values()) {
                if (text == Section.Text.MIME && path.isEmpty()) {
                    continue; // MIME needs a part number (the parser refuses it)
                }
                List<String> fields = text == Section.Text.HEADER_FIELDS || text == Section.Text.HEADER_FIELDS_NOT
                        ? List.of("SUBJECT", "CONTENT-TYPE") : List.of();
                Section section = new Section(path, text, fields);
                serve(channel, message, Sections.body(channel, root, section, null));
                serve(channel, message, Sections.body(channel, root, section, new Partial(3, 17)));
            }
            try {
                long size = Sections.binarySize(channel, root, path);
                SectionContent binary = Sections.binary(channel, root, path, null, -1);
                assertEquals(size, binary.exists() ? binary.length() : -1, "BINARY.SIZE of " + path);
                if (binary.exists()) {
                    assertEquals(binary.length(), count(binary.open(channel)), "BINARY of " + path);
                    serve(channel, null, binary.partial(new Partial(1, 5)));
                }
            } catch (UnknownCteException e) {
                // an unknown Content-Transfer-Encoding: FETCH answers NO [UNKNOWN-CTE]
            }
        }
    }

    private static void collect(MimePart part, List<Integer> prefix, List<List<Integer>> out) {
        List<MimePart> children = part.isMultipart() ? part.children()
                : part.message() != null && part.message().isMultipart() ? part.message().children() : List.of();
        if (part.message() != null && !part.message().isMultipart() && out.size() < MAX_PARTS_VISITED) {
            List<Integer> one = new ArrayList<>(prefix);
            one.add(1);
            out.add(List.copyOf(one));
        }
        for (int i = 0; i < children.size() && out.size() < MAX_PARTS_VISITED; i++) {
            List<Integer> path = new ArrayList<>(prefix);
            path.add(i + 1);
            out.add(List.copyOf(path));
            collect(children.get(i), path, out);
        }
    }

    /** Streams a section: exactly its announced length, inside the message when it is stored octets. */
    private static void serve(MemoryChannel channel, byte[] message, SectionContent content) throws IOException {
        if (!content.exists()) {
            return;
        }
        assertTrue(content.length() >= 0, "negative length " + content);
        if (message != null) {
            switch (content) {
                case SectionContent.Range r -> assertTrue(r.offset() >= 0 && r.offset() + r.length() <= message.length,
                        r + " outside a message of " + message.length + " octets");
                case SectionContent.Ranges rs -> rs.ranges().forEach(r -> assertTrue(r.offset() >= 0
                        && r.offset() + r.length() <= message.length, r + " outside the message"));
                default -> { }
            }
        }
        try (InputStream in = content.open(channel)) {
            assertEquals(content.length(), count(in), "octets streamed for " + content);
        }
    }

    private static long count(InputStream in) throws IOException {
        long n = 0;
        byte[] buf = new byte[8192];
        for (int r; (r = in.read(buf)) > 0; ) {
            n += r;
        }
        return n;
    }
}
