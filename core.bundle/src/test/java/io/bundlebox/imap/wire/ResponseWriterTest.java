package io.bundlebox.imap.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bundlebox.imap.api.ResponseCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Byte-exact tests of {@link ResponseWriter} (RFC 9051 sections 4.3 and 7): which strings go
 * as atoms, quoted or as literals, in IMAP4rev1 mode and with UTF-8 enabled (section 6.3.1), and
 * mailbox names in modified UTF-7 or UTF-8 (section 5.1.3).
 */
class ResponseWriterTest {

    /** Writes with {@code step} and returns the octets as ISO-8859-1 text (one char per octet). */
    @FunctionalInterface
    interface Step {
        void write(ResponseWriter out) throws IOException;
    }

    static String written(boolean utf8, Step step) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResponseWriter out = new ResponseWriter(bytes);
        out.utf8(utf8);
        step.write(out);
        out.flush();
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    /** The UTF-8 octets of {@code s} as ISO-8859-1 text, to compare with {@link #written}. */
    static String octets(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    static Stream<Arguments> strings() {
        String long1024 = "a".repeat(1024);
        String long1025 = "a".repeat(1025);
        return Stream.of(
                Arguments.of("plain", "hello world", "\"hello world\"", "\"hello world\""),
                Arguments.of("empty", "", "\"\"", "\"\""),
                Arguments.of("escapes", "a\"b\\c", "\"a\\\"b\\\\c\"", "\"a\\\"b\\\\c\""),
                Arguments.of("8-bit", "Grüße", "{7}\r\n" + octets("Grüße"), "\"" + octets("Grüße") + "\""),
                Arguments.of("CRLF", "a\r\nb", "{4}\r\na\r\nb", "{4}\r\na\r\nb"),
                Arguments.of("TAB", "a\tb", "{3}\r\na\tb", "{3}\r\na\tb"),
                Arguments.of("DEL", "a\u007fb", "{3}\r\na\u007fb", "{3}\r\na\u007fb"),
                Arguments.of("1024 chars", long1024, "\"" + long1024 + "\"", "\"" + long1024 + "\""),
                Arguments.of("1025 chars", long1025, "{1025}\r\n" + long1025, "{1025}\r\n" + long1025));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strings")
    void choosesQuotedOrLiteral(String name, String value, String rev1, String utf8) throws IOException {
        assertEquals(rev1, written(false, out -> out.string(value)), "IMAP4rev1 mode");
        assertEquals(utf8, written(true, out -> out.string(value)), "UTF-8 mode");
    }

    static Stream<Arguments> astrings() {
        return Stream.of(
                Arguments.of("atom", "INBOX", "INBOX", "INBOX"),
                Arguments.of("with ]", "a]b", "a]b", "a]b"),
                Arguments.of("with space", "a b", "\"a b\"", "\"a b\""),
                Arguments.of("with %", "50%", "\"50%\"", "\"50%\""),
                Arguments.of("with *", "a*", "\"a*\"", "\"a*\""),
                Arguments.of("with (", "a(", "\"a(\"", "\"a(\""),
                Arguments.of("with {", "{3}", "\"{3}\"", "\"{3}\""),
                Arguments.of("with quote", "a\"b", "\"a\\\"b\"", "\"a\\\"b\""),
                Arguments.of("empty", "", "\"\"", "\"\""),
                Arguments.of("NIL", "nil", "\"nil\"", "\"nil\""),
                Arguments.of("8-bit", "Entwürfe", "{9}\r\n" + octets("Entwürfe"), "\"" + octets("Entwürfe") + "\""),
                Arguments.of("line break", "a\nb", "{3}\r\na\nb", "{3}\r\na\nb"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("astrings")
    void choosesAtomQuotedOrLiteralForAnAstring(String name, String value, String rev1, String utf8) throws IOException {
        assertEquals(rev1, written(false, out -> out.astring(value)), "IMAP4rev1 mode");
        assertEquals(utf8, written(true, out -> out.astring(value)), "UTF-8 mode");
    }

    @Test
    void nstringWritesNilForNull() throws IOException {
        assertEquals("NIL \"NIL\"", written(false, out -> out.nstring(null).sp().nstring("NIL")));
    }

    @Test
    void mailboxNamesAreModifiedUtf7UnlessUtf8IsEnabled() throws IOException {
        String name = "~peter/mail/台北/日本語";
        assertEquals("\"~peter/mail/&U,BTFw-/&ZeVnLIqe-\"", written(false, out -> out.mailbox(name)));
        assertEquals("\"" + octets(name) + "\"", written(true, out -> out.mailbox(name)));
        assertEquals("\"Tom &- Jerry\"", written(false, out -> out.mailbox("Tom & Jerry")));
    }

    @Test
    void statusLinesAreByteExact() throws IOException {
        assertEquals("a1 OK [READ-WRITE] SELECT completed\r\n",
                written(false, out -> out.status("a1", "OK", ResponseCode.READ_WRITE, "SELECT completed")));
        assertEquals("* BYE Autologout\r\n", written(false, out -> out.status(null, "BYE", null, "Autologout")));
        assertEquals("a2 NO failed\r\n", written(false, out -> out.status("a2", "NO", null, "")));
        assertEquals("a3 BAD [CLIENTBUG] a b\r\n",
                written(false, out -> out.status("a3", "BAD", ResponseCode.CLIENTBUG, "a\r\nb")), "no CRLF inside the text");
        assertEquals("+ Ready\r\n", written(false, out -> out.continuation("Ready")));
    }


    @Test
    void literalsAreStreamedExactly() throws IOException {
        byte[] body = new byte[200_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        String text = written(false, out -> out.literal(body.length, Channels.newChannel(new ByteArrayInputStream(body))));
        String header = "{200000}\r\n";
        assertEquals(header, text.substring(0, header.length()));
        assertArrayEquals(body, text.substring(header.length()).getBytes(StandardCharsets.ISO_8859_1));

        assertEquals("~{3}\r\na\0b", written(false, out -> out.literal(3, new ByteArrayInputStream(new byte[] {'a', 0, 'b', 'c'}), true)),
                "a literal8 for BINARY, and no octet beyond the size");
    }

    @Test
    void aLiteralWhoseContentEndsEarlyIsAnError() {
        IOException e = assertThrows(IOException.class,
                () -> written(false, out -> out.literal(10, new ByteArrayInputStream(new byte[4]), false)));
        assertEquals("content ended 6 octets early", e.getMessage());
    }

    @Test
    void numbersAreWrittenInDecimalAlsoAcrossTheBufferEnd() throws IOException {
        for (long n : new long[] {0, 7, 9, 10, 99, 100, 4_294_967_295L, 1_000_000_000_000L, Long.MAX_VALUE}) {
            assertEquals("* " + n + " EXISTS\r\n", written(false, out -> out.untagged().number(n).sp().atom("EXISTS").crlf()));
            for (int fill = 4070; fill <= 4096; fill++) { // the writer's buffer holds 4,096 octets
                String pad = "x".repeat(fill);
                assertEquals(pad + n + ")", written(false, out -> out.raw(pad).number(n).close()), "after " + fill + " octets");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> written(false, out -> out.number(-1)));
    }
}
