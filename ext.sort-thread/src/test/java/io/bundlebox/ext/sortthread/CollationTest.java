package io.bundlebox.ext.sortthread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 5051 section 2: titlecase, then full decomposition, then code point order. */
class CollationTest {

    @Test
    void titlecasesAndDecomposes() {
        assertEquals("HELLO", Collation.key("hello"));
        assertEquals("HELLO", Collation.key("HeLLo"));
        assertEquals("D\u017D".length() + 1, Collation.key("\u01C4").length()); // the RFC's example
        assertEquals("Dz\u030C", Collation.key("\u01C4"));                      // U+01C4 -> U+0044 U+007A U+030C
        assertEquals("A\u0308", Collation.key("\u00E4"));                       // ä -> A + combining diaeresis
        assertEquals(Collation.key("\u00C4"), Collation.key("a\u0308".toUpperCase()));
        assertEquals("FI", Collation.key("\uFB01").toUpperCase());               // compatibility ligature
        assertEquals("", Collation.key(null));
        assertEquals(0, Collation.compare(Collation.key("Straße"), Collation.key("STRAßE")));
    }

    @Test
    void ordersByCodePointLikeOctetsOfUtf8() {
        assertTrue(Collation.compare("", "A") < 0, "the empty string collates first");
        assertTrue(Collation.compare("A", "B") < 0);
        assertTrue(Collation.compare("AB", "A") > 0);
        // U+FFFD (3 octets EF BF BD) before U+1F600 (4 octets F0 ...), unlike String.compareTo
        String bmp = "\uFFFD";
        String astral = new String(Character.toChars(0x1F600));
        assertTrue(bmp.compareTo(astral) > 0, "UTF-16 order differs");
        assertTrue(Collation.compare(Collation.key(bmp), Collation.key(astral)) < 0, "i;octet order of UTF-8");
        assertTrue(Collation.compare(Collation.key("\uD7FF"), Collation.key(bmp)) < 0);
        assertEquals(0, Collation.compare(Collation.key(astral), Collation.key(astral)));
    }
}
