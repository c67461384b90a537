package io.bundlebox.core.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class FetchStructuresTest {

    private static MimePart parse(MemoryChannel channel) throws IOException {
        return MimeParser.parse(channel);
    }

    /** The two-part example of RFC 9051 section 7.5.2, rebuilt to the same sizes and lines. */
    @Test
    void rfc9051BodyStructureExample() throws IOException {
        StringBuilder m = new StringBuilder("""
                Content-Type: MULTIPART/MIXED; BOUNDARY="b"

                --b
                Content-Type: TEXT/PLAIN; CHARSET=US-ASCII

                """);
        m.append(lines(22, 48, 52)); // 23 lines, 1152 octets (the last line break is the delimiter's)
        m.append("""
                --b
                Content-Type: TEXT/PLAIN; CHARSET=US-ASCII; NAME=cc.diff
                Content-ID: <960723163407.20117h@cac.washington.edu>
                Content-Description: Compiler diff
                Content-Transfer-Encoding: BASE64

                """);
        m.append(lines(72, 60, 90)); // 73 lines, 4554 octets
        m.append("--b--\n");
        MimePart root = parse(MemoryChannel.crlf(m.toString()));
        assertEquals("""
                (("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1152 22)\
                ("TEXT" "PLAIN" ("CHARSET" "US-ASCII" "NAME" "cc.diff") \
                "<960723163407.20117h@cac.washington.edu>" "Compiler diff" "BASE64" 4554 72) "MIXED")""",
                ImapWire.toWire(FetchStructures.body(root)));
    }

    /** {@code n} lines of {@code width} 'x', then one of {@code lastWidth} 'y' (all ending LF). */
    private static String lines(int n, int width, int lastWidth) {
        return ("x".repeat(width) + "\n").repeat(n) + "y".repeat(lastWidth) + "\n";
    }

    @Test
    void simpleTextMessageDefaults() throws IOException {
        MimePart root = parse(MemoryChannel.crlf("""
                Subject: hi

                one
                two
                """));
        assertEquals("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 10 2 NIL NIL NIL NIL)",
                ImapWire.toWire(FetchStructures.bodyStructure(root)));
        assertEquals("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 10 2)",
                ImapWire.toWire(FetchStructures.body(root)));
        assertEquals("(NIL \"hi\" NIL NIL NIL NIL NIL NIL NIL NIL)",
                ImapWire.toWire(FetchStructures.envelope(root)));
    }

    @Test
    void complexBodyStructure() throws IOException {
        MimePart root = parse(MemoryChannel.crlf(Fixtures.COMPLEX));
        assertEquals("((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 8 0 NIL NIL NIL NIL)"
                + "(\"application\" \"octet-stream\" (\"name\" \"long.bin\") NIL NIL \"base64\" 8 NIL"
                + " (\"attachment\" (\"filename*\" \"utf-8''caf%C3%A9.bin\")) (\"en\" \"de\")"
                + " \"http://example.org/x.bin\")"
                + "(\"message\" \"rfc822\" NIL NIL NIL \"7BIT\" 279"
                + " (NIL \"inner\" ((\"Carol\" NIL \"carol\" \"example.com\")) ((\"Carol\" NIL \"carol\" \"example.com\"))"
                + " ((\"Carol\" NIL \"carol\" \"example.com\")) NIL NIL NIL NIL NIL)"
                + " ((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 20 1 NIL NIL NIL NIL)"
                + "(\"text\" \"html\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 9 0 NIL NIL NIL NIL)"
                + " \"alternative\" (\"boundary\" \"inner\") NIL NIL NIL)"
                + " 14 NIL NIL NIL NIL)"
                + " \"mixed\" (\"boundary\" \"outer\") NIL NIL NIL)",
                ImapWire.toWire(FetchStructures.bodyStructure(root)));
    }

    @Test
    void envelopeKeepsEncodedWordsAndShowsGroups() throws IOException {
        MimePart root = parse(MemoryChannel.crlf(Fixtures.COMPLEX));
        String alice = "((\"Alice =?UTF-8?Q?M=C3=BCller?=\" NIL \"alice\" \"example.org\"))";
        assertEquals("(\"Mon, 7 Feb 1994 21:52:25 -0800\" \"=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= from the lab\" "
                + alice + " " + alice + " " + alice + " "
                + "((\"Bob\" NIL \"bob\" \"example.net\")(NIL NIL \"team\" NIL)(NIL NIL \"carol\" \"example.com\")"
                + "(\"Dave D.\" NIL \"dave\" \"example.com\")(NIL NIL NIL NIL))"
                + " NIL NIL NIL \"<B27397-0100000@example.org>\")",
                ImapWire.toWire(FetchStructures.envelope(root)));
    }

    @Test
    void envelopeSenderReplyToRouteAndEmptyFields() throws IOException {
        MimePart root = parse(MemoryChannel.crlf("""
                From: a@b.example
                Sender: <@relay1,@relay2:s@c.example>
                Reply-To:
                Cc: undisclosed-recipients:;
                Subject:
                In-Reply-To: <x@y>

                """));
        assertEquals("(NIL \"\" ((NIL NIL \"a\" \"b.example\")) ((NIL \"@relay1,@relay2\" \"s\" \"c.example\"))"
                + " ((NIL NIL \"a\" \"b.example\")) NIL ((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL))"
                + " NIL \"<x@y>\" NIL)",
                ImapWire.toWire(FetchStructures.envelope(root)));
    }

    @Test
    void raw8BitHeadersBecomeUtf8Literals() throws IOException {
        byte[] latin1 = "Subject: caf\u00e9\r\nFrom: \"J\u00f6rg\" <j@example.org>\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        MimePart root = MimeParser.parse(new MemoryChannel(latin1));
        assertEquals("(NIL {5}\r\ncaf\u00e9 (({5}\r\nJ\u00f6rg NIL \"j\" \"example.org\"))"
                + " (({5}\r\nJ\u00f6rg NIL \"j\" \"example.org\")) (({5}\r\nJ\u00f6rg NIL \"j\" \"example.org\"))"
                + " NIL NIL NIL NIL NIL)", ImapWire.toWire(FetchStructures.envelope(root)));
    }

    @Test
    void multipartWithoutDelimitersShowsItsBodyAsOneTextPart() throws IOException {
        MimePart root = parse(MemoryChannel.crlf("""
                Content-Type: multipart/mixed; boundary=never

                no delimiter here
                """));
        assertEquals("((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 19 1) \"mixed\")",
                ImapWire.toWire(FetchStructures.body(root)));
    }

    @Test
    void rfc2231EncodedBoundaryAndCharsetAreDecoded() throws IOException {
        MimePart root = parse(MemoryChannel.crlf("""
                Content-Type: multipart/signed; micalg*=us-ascii''pgp-md5;
                	boundary*="ansi-x3.4-1968''EeQf"

                --EeQf
                Content-Type: text/plain; charset*=us-ascii'en'iso-8859-1

                x
                --EeQf--
                """));
        assertEquals("iso-8859-1", root.children().getFirst().param("charset"));
        assertEquals("((\"text\" \"plain\" (\"charset*\" \"utf-8''iso-8859-1\") NIL NIL \"7BIT\" 1 0)"
                + " \"signed\" (\"micalg*\" \"utf-8''pgp-md5\" \"boundary*\" \"utf-8''EeQf\") NIL NIL NIL)",
                ImapWire.toWire(FetchStructures.bodyStructure(root)).replace(" NIL NIL NIL NIL)", ")"));
    }

    @Test
    void digestPartsDefaultToMessageRfc822() throws IOException {
        MimePart root = parse(MemoryChannel.crlf("""
                Content-Type: multipart/digest; boundary=d

                --d

                Subject: one

                body
                --d--
                """));
        assertEquals("((\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 20"
                + " (NIL \"one\" NIL NIL NIL NIL NIL NIL NIL NIL)"
                + " (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 4 0) 2) \"digest\")",
                ImapWire.toWire(FetchStructures.body(root)));
    }

    @Test
    void base64MessageRfc822ShowsAnEmptyMessageAndDecodesAsBinary() throws Exception {
        MemoryChannel channel = MemoryChannel.crlf("""
                Content-Type: message/rfc822
                Content-Transfer-Encoding: base64

                U3ViamVjdDogeA0KDQp5DQo=
                """);
        MimePart root = parse(channel);
        assertEquals("(\"message\" \"rfc822\" NIL NIL NIL \"base64\" 26 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)"
                + " (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 0 0) 1)",
                ImapWire.toWire(FetchStructures.body(root)));
        assertEquals("Subject: x\r\n\r\ny\r\n", new String(SectionsTest.read(
                Sections.binary(channel, root, List.of(1), null, -1), channel), StandardCharsets.UTF_8));
        assertEquals(0, Sections.body(channel, root, Section.parse("1.1"), null).length());
    }
}
