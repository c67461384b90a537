package io.bundlebox.core.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Offsets and recovery from malformed input; all parse without exceptions. */
class MimeParserTest {

    private static String wire(String message) throws IOException {
        return ImapWire.toWire(FetchStructures.body(MimeParser.parse(MemoryChannel.of(message))));
    }

    @Test
    void offsetsExcludeTheDelimiterLineBreak() throws IOException {
        String m = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nX: 1\r\n\r\nabc\r\n--b--\r\n";
        MimePart root = MimeParser.parse(MemoryChannel.of(m));
        MimePart part = root.children().getFirst();
        assertEquals(m.indexOf("X: 1"), part.headerStart());
        assertEquals(m.indexOf("abc"), part.bodyStart());
        assertEquals(m.indexOf("abc") + 3, part.bodyEnd());
        assertEquals(0, part.bodyLines()); // the break before the delimiter is the delimiter's (RFC 2046 5.1.1)
        assertEquals(m.indexOf("--b\r\n"), root.bodyStart());
        assertEquals(m.length(), root.bodyEnd());
    }

    @Test
    void mboxFromLineIsAMalformedHeaderLine() throws IOException {
        String m = "From someone@example.org Mon Jan  4 10:00:00 2021\nSubject: s\n\nbody\n";
        MimePart root = MimeParser.parse(MemoryChannel.of(m));
        assertEquals(List.of(new MimePart.HeaderField("Subject", "s")), root.headers());
        assertEquals(m.indexOf("body"), root.bodyStart());
    }

    @Test
    void missingCloseDelimiterEndsAtTheOuterOne() throws IOException {
        assertEquals("((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1 0)"
                + "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1 0) \"mixed\")"
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1 0) \"mixed\")",
                wire("""
                        Content-Type: multipart/mixed; boundary=outer

                        --outer

                        a
                        --outer
                        Content-Type: multipart/mixed; boundary=inner

                        --inner

                        b
                        --outer

                        c
                        --outer--
                        """));
    }

    @Test
    void prefixBoundariesPreferTheExactMatch() throws IOException {
        // the inner boundary "b" is a prefix of the outer one "b-2"
        assertEquals("(((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1 0) \"mixed\")"
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1 0) \"mixed\")",
                wire("""
                        Content-Type: multipart/mixed; boundary=b-2

                        --b-2
                        Content-Type: multipart/mixed; boundary=b

                        --b

                        x
                        --b-2

                        y
                        --b-2--
                        """));
    }

    @Test
    void multipartWithoutBoundaryHasItsBodyAsPartOne() throws IOException {
        MimePart root = MimeParser.parse(MemoryChannel.of("Content-Type: multipart/mixed\n\ntext\n"));
        assertEquals(1, root.children().size());
        MimePart text = root.children().getFirst();
        assertEquals(root.bodyStart(), text.bodyStart());
        assertEquals(root.bodyEnd(), text.bodyEnd());
        assertEquals(List.of(), text.headers());
    }

    @Test
    void boundaryLongerThanAnyBufferStillMatches() throws IOException {
        String boundary = "b".repeat(7000);
        MimePart root = MimeParser.parse(MemoryChannel.of("Content-Type: multipart/mixed; boundary=" + boundary
                + "\n\n--" + boundary + "\n\nx\n--" + boundary + "--\n"));
        assertEquals(1, root.children().getFirst().bodyOctets());
    }

    @Test
    void headerRunsToTheNextDelimiterWhenTheBlankLineIsMissing() throws IOException {
        String m = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n--b--\n";
        MimePart part = MimeParser.parse(MemoryChannel.of(m)).children().getFirst();
        assertEquals("html", part.subtype());
        assertEquals(m.indexOf("\n--b--"), part.bodyStart());
        assertEquals(0, part.bodyOctets());
    }

    @Test
    void longHeaderLinesAndRaw8BitHeaders() throws IOException {
        String longValue = "x".repeat(5000);
        byte[] latin1 = ("Subject: caf\u00e9\nX-Long: " + longValue + "\n\nbody").getBytes(StandardCharsets.ISO_8859_1);
        MimePart root = MimeParser.parse(new MemoryChannel(latin1));
        assertEquals("caf\u00e9", root.header("subject"));
        assertEquals(longValue, root.header("X-Long"));
        assertEquals(4, root.bodyOctets());
        assertEquals(0, root.bodyLines()); // no line break inside the body
    }

    @Test
    void foldedHeadersAreUnfolded() throws IOException {
        MimePart root = MimeParser.parse(MemoryChannel.crlf("Subject: a\n\tb\n  c\n\n"));
        assertEquals("a\tb  c", root.header("Subject"));
    }

    @Test
    void invalidContentTypeFallsBackToTextPlain() throws IOException {
        MimePart root = MimeParser.parse(MemoryChannel.of("Content-Type: text\n\nx"));
        assertEquals("TEXT", root.type());
        assertEquals("US-ASCII", root.param("charset"));
        assertNull(root.message());
    }

    @Test
    void emptyInput() throws IOException {
        MimePart root = MimeParser.parse(MemoryChannel.of(""));
        assertEquals(0, root.bodyEnd());
        assertEquals("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 0 0)", wire(""));
    }

    @Test
    void partCountIsCapped() throws IOException {
        String m = "Content-Type: multipart/mixed; boundary=b\n\n" + "--b\n\nx\n".repeat(MimeParser.MAX_PARTS + 50) + "--b--\n";
        MimePart root = MimeParser.parse(MemoryChannel.of(m));
        assertEquals(MimeParser.MAX_PARTS - 1, root.children().size());
        assertEquals(m.length(), root.bodyEnd());
    }

    @Test
    void deepNestingIsCapped() throws IOException {
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            m.append("Content-Type: message/rfc822\n\n");
        }
        m.append("end\n");
        MimePart part = MimeParser.parse(MemoryChannel.of(m.toString()));
        int depth = 0;
        while (part.message() != null) {
            part = part.message();
            depth++;
        }
        assertEquals(MimeParser.MAX_DEPTH + 1, depth, "the level beyond the cap is an empty stand-in");
        assertEquals(0, part.bodyOctets());
        assertEquals(List.of(), part.headers());
    }
}
