package io.bundlebox.core.internal.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SectionsTest {

    private static final MemoryChannel COMPLEX = MemoryChannel.crlf(Fixtures.COMPLEX);

    private static final String HEADER = """
            From: Alice =?UTF-8?Q?M=C3=BCller?= <alice@example.org>
            To: Bob <bob@example.net>, team: carol@example.com, "Dave D." <dave@example.com>;
            Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= from
             the lab
            Date: Mon, 7 Feb 1994 21:52:25 -0800
            Message-ID: <B27397-0100000@example.org>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="outer"

            """;

    private static final String INNER_TEXT = """
            --inner
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            caf=C3=A9 =
            au lait
            --inner
            Content-Type: text/html

            <p>hi</p>
            --inner--""";

    /** section, partial (or ""), expected text written with LF (compared as CRLF); null = NIL */
    static Stream<Arguments> bodySections() {
        return Stream.of(
                Arguments.of("", "", Fixtures.COMPLEX),
                Arguments.of("HEADER", "", HEADER),
                Arguments.of("TEXT", "", Fixtures.COMPLEX.substring(HEADER.length())),
                Arguments.of("1", "", "part one"),
                Arguments.of("1.MIME", "", "Content-Type: text/plain; charset=us-ascii\n\n"),
                Arguments.of("2", "", "AAEC/w=="),
                Arguments.of("3", "", """
                        From: Carol <carol@example.com>
                        Subject: inner
                        Content-Type: multipart/alternative; boundary=inner

                        """ + INNER_TEXT),
                Arguments.of("3.HEADER", "", """
                        From: Carol <carol@example.com>
                        Subject: inner
                        Content-Type: multipart/alternative; boundary=inner

                        """),
                Arguments.of("3.TEXT", "", INNER_TEXT),
                Arguments.of("3.MIME", "", "Content-Type: message/rfc822\n\n"),
                Arguments.of("3.1", "", "caf=C3=A9 =\nau lait"),
                Arguments.of("3.1.MIME", "", """
                        Content-Type: text/plain; charset=utf-8
                        Content-Transfer-Encoding: quoted-printable

                        """),
                Arguments.of("3.2", "", "<p>hi</p>"),
                Arguments.of("3.HEADER.FIELDS (SUBJECT)", "", "Subject: inner\n\n"),
                Arguments.of("3.HEADER.FIELDS.NOT (from content-type)", "", "Subject: inner\n\n"),
                Arguments.of("HEADER.FIELDS (subject TO)", "", """
                        To: Bob <bob@example.net>, team: carol@example.com, "Dave D." <dave@example.com>;
                        Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= from
                         the lab

                        """),
                Arguments.of("HEADER.FIELDS.NOT (From To Subject Date Message-ID MIME-Version)", "",
                        "Content-Type: multipart/mixed; boundary=\"outer\"\n\n"),
                Arguments.of("HEADER.FIELDS (X-Absent)", "", "\n"),
                Arguments.of("", "0.4", "From"),
                Arguments.of("1", "5.100", "one"),
                Arguments.of("1", "8.1", ""),
                Arguments.of("1", "100.1", ""),
                Arguments.of("HEADER.FIELDS (SUBJECT)", "9.5", "=?UTF"),
                Arguments.of("4", "", null),
                Arguments.of("3.3", "", null),
                Arguments.of("1.HEADER", "", null),
                Arguments.of("1.1", "", null),
                Arguments.of("3.1.TEXT", "", null));
    }

    @ParameterizedTest(name = "BODY[{0}]<{1}>")
    @MethodSource("bodySections")
    void bodySection(String section, String partial, String expected) throws IOException {
        MimePart root = MimeParser.parse(COMPLEX);
        SectionContent content = Sections.body(COMPLEX, root, Section.parse(section), partial(partial));
        if (expected == null) {
            assertFalse(content.exists(), "NIL expected");
            return;
        }
        byte[] want = expected.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(want.length, content.length());
        assertArrayEquals(want, read(content, COMPLEX), () -> new String(read(content, COMPLEX), StandardCharsets.UTF_8));
    }

    private static Partial partial(String spec) {
        if (spec.isEmpty()) {
            return null;
        }
        String[] p = spec.split("\\.");
        return new Partial(Long.parseLong(p[0]), Long.parseLong(p[1]));
    }

    static byte[] read(SectionContent content, MemoryChannel channel) {
        try (InputStream in = content.open(channel)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Part 1 of a non-multipart message is its body; HEADER.FIELDS keeps LF-only breaks. */
    @Test
    void singlePartMessageWithLfEndings() throws IOException {
        MemoryChannel channel = MemoryChannel.of("Subject: x\nX-A: 1\n\nbody\n");
        MimePart root = MimeParser.parse(channel);
        assertEquals("body\n", text(Sections.body(channel, root, Section.parse("1"), null), channel));
        assertEquals("body\n", text(Sections.body(channel, root, Section.parse("TEXT"), null), channel));
        assertEquals("X-A: 1\n\n", text(Sections.body(channel, root, Section.parse("HEADER.FIELDS (x-a)"), null), channel));
        assertFalse(Sections.body(channel, root, Section.parse("2"), null).exists());
    }

    /** RFC 9051 6.4.5.1: no blank line in the header fetches of a message without one. */
    @Test
    void headerWithoutBlankLine() throws IOException {
        MemoryChannel channel = MemoryChannel.crlf("Subject: x\nX-A: 1\n");
        MimePart root = MimeParser.parse(channel);
        assertEquals(channel.bytes().length, root.bodyStart());
        assertEquals("Subject: x\r\n", text(Sections.body(channel, root, Section.parse("HEADER.FIELDS (SUBJECT)"), null), channel));
        assertEquals("", text(Sections.body(channel, root, Section.parse("TEXT"), null), channel));
    }

    @Test
    void hugeHeaderFieldSubsetsAreBounded() throws IOException {
        MemoryChannel channel = MemoryChannel.of("X-A: 1\nX-B: 2\n".repeat(200_000)); // no blank line
        MimePart root = MimeParser.parse(channel);
        SectionContent all = Sections.body(channel, root, Section.parse("HEADER.FIELDS.NOT (X-C)"), null);
        assertEquals(channel.bytes().length, all.length(), "one run of lines: the whole header");
        SectionContent some = Sections.body(channel, root, Section.parse("HEADER.FIELDS (X-A)"), null);
        assertEquals(MimeParser.MAX_FIELDS * 7L, some.length(), "alternating runs stop at the limit");
        assertEquals("X-A: 1\nX-A: 1\n", text(some.partial(new Partial(0, 14)), channel));
    }

    private static String text(SectionContent content, MemoryChannel channel) {
        return new String(read(content, channel), StandardCharsets.UTF_8);
    }

    static Stream<Arguments> binarySections() {
        return Stream.of(
                Arguments.of(List.of(2), null, new byte[] {0, 1, 2, (byte) 0xff}),
                Arguments.of(List.of(2), new Partial(1, 2), new byte[] {1, 2}),
                Arguments.of(List.of(2), new Partial(4, 2), new byte[0]),
                Arguments.of(List.of(1), null, "part one".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of(List.of(3, 1), null, "café au lait".getBytes(StandardCharsets.UTF_8)),
                Arguments.of(List.of(3, 1), new Partial(3, 2), new byte[] {(byte) 0xc3, (byte) 0xa9}),
                Arguments.of(List.of(3, 2), null, "<p>hi</p>".getBytes(StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest(name = "BINARY[{0}]<{1}>")
    @MethodSource("binarySections")
    void binarySection(List<Integer> part, Partial partial, byte[] expected) throws Exception {
        MimePart root = MimeParser.parse(COMPLEX);
        SectionContent content = Sections.binary(COMPLEX, root, part, partial, -1);
        assertEquals(expected.length, content.length());
        assertArrayEquals(expected, read(content, COMPLEX));
        if (partial == null) {
            assertEquals(expected.length, Sections.binarySize(COMPLEX, root, part));
        }
    }

    @Test
    void binaryUsesAKnownDecodedSize() throws Exception {
        MimePart root = MimeParser.parse(COMPLEX);
        SectionContent content = Sections.binary(COMPLEX, root, List.of(2), null, 4);
        assertInstanceOf(SectionContent.Decoded.class, content);
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, read(content, COMPLEX));
    }

    @Test
    void binaryOfMissingPartIsNil() throws Exception {
        MimePart root = MimeParser.parse(COMPLEX);
        assertFalse(Sections.binary(COMPLEX, root, List.of(9), null, -1).exists());
        assertEquals(-1, Sections.binarySize(COMPLEX, root, List.of(9)));
    }

    @Test
    void unknownTransferEncodingIsSignalled() throws IOException {
        MemoryChannel channel = MemoryChannel.crlf("""
                Content-Transfer-Encoding: x-uuencode

                begin 644 x
                """);
        MimePart root = MimeParser.parse(channel);
        UnknownCteException e = assertThrows(UnknownCteException.class,
                () -> Sections.binary(channel, root, List.of(1), null, -1));
        assertEquals("x-uuencode", e.encoding());
        assertThrows(UnknownCteException.class, () -> Sections.binarySize(channel, root, List.of(1)));
        assertTrue(Sections.body(channel, root, Section.parse("1"), null).exists(), "BODY[1] still works");
    }

    @Test
    void fileChannelsAreReadPositionally(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.eml");
        Files.write(file, COMPLEX.bytes());
        try (FileChannel channel = FileChannel.open(file)) {
            MimePart root = MimeParser.parse(channel);
            channel.position(7); // a stray position must not matter
            assertEquals(ImapWire.toWire(FetchStructures.bodyStructure(MimeParser.parse(COMPLEX))),
                    ImapWire.toWire(FetchStructures.bodyStructure(root)));
            try (InputStream in = Sections.binary(channel, root, List.of(3, 1), null, -1).open(channel)) {
                assertEquals("café au lait", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void sectionParsing() {
        assertEquals(new Section(List.of(4, 2), Section.Text.HEADER_FIELDS, List.of("DATE", "FROM")),
                Section.parse("4.2.HEADER.FIELDS (DATE FROM)"));
        assertEquals(Section.WHOLE, Section.parse(""));
        assertEquals(new Section(List.of(1), Section.Text.MIME, List.of()), Section.parse("1.mime"));
        assertThrows(IllegalArgumentException.class, () -> Section.parse("MIME"));
        assertThrows(IllegalArgumentException.class, () -> Section.parse("1.BOGUS"));
    }
}
