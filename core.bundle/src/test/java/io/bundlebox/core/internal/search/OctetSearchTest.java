package io.bundlebox.core.internal.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Transfer decoding and octet matching of the fast search path. */
class OctetSearchTest {

    /** encoding, encoded body → decoded text (ISO-8859-1 view of the octets). */
    private static final String[][] DECODING = {
        {"quoted-printable", "Stra=DFe", "Stra\u00dfe"},
        {"quoted-printable", "Stra=dfe", "Stra\u00dfe"},
        {"quoted-printable", "soft=\r\nbreak", "softbreak"},
        {"quoted-printable", "soft=\nbreak", "softbreak"},
        {"quoted-printable", "soft=  \r\nbreak", "softbreak"},
        {"quoted-printable", "a=3Db", "a=b"},
        {"quoted-printable", "stray = sign", "stray = sign"},
        {"quoted-printable", "bad =ZZ hex", "bad =ZZ hex"},
        {"quoted-printable", "end=", "end"},
        {"base64", "aGVsbG8gd29y\r\nbGQ=", "hello world"},
        {"base64", "aGVsbG8g*d29y bGQ=\r\n", "hello world"},
        {"base64", "aGVsbG8=d29ybGQ=", "hello"},
        {"7bit", "as it is=41", "as it is=41"},
        {"x-unknown", "as it is", "as it is"},
    };

    @TestFactory
    Stream<DynamicTest> transferEncodingsDecodeLeniently() {
        return Arrays.stream(DECODING).map(row -> dynamicTest(row[0] + ": " + row[1], () -> {
            OctetSearch.Octets o = OctetSearch.decode(row[1].getBytes(StandardCharsets.ISO_8859_1), row[0]);
            assertEquals(row[2], new String(o.bytes(), 0, o.length(), StandardCharsets.ISO_8859_1));
        }));
    }

    @Test
    void asciiStringsMatchIgnoringAsciiCaseOnly() {
        byte[] hay = "Sample RATE is 20 MS/s, Gr\u00fc\u00dfe".getBytes(StandardCharsets.UTF_8);
        assertEquals(true, OctetSearch.contains(hay, hay.length, OctetSearch.asciiNeedle("sample rate")));
        assertEquals(true, OctetSearch.contains(hay, hay.length, OctetSearch.asciiNeedle("MS/S")));
        assertEquals(true, OctetSearch.contains(hay, hay.length, OctetSearch.asciiNeedle("")));
        assertEquals(false, OctetSearch.contains(hay, hay.length, OctetSearch.asciiNeedle("sample rates")));
        assertEquals(false, OctetSearch.contains(hay, 5, OctetSearch.asciiNeedle("sample")), "only the valid prefix counts");
        assertNull(OctetSearch.asciiNeedle("gr\u00fc\u00dfe"), "non-ASCII strings take the character path");
    }
}
