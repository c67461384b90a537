package io.bundlebox.ext.sortthread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Message ID normalisation of RFC 5256 section 3 (REFERENCES). */
class MessageIdsTest {

    @Test
    void quotingIsRemovedAndInvalidIdsSkipped() {
        assertEquals("01KF8JCEOCBS0045PS@xxx.yyy.com", MessageIds.first("<\"01KF8JCEOCBS0045PS\"@xxx.yyy.com>"));
        assertEquals("01KF8JCEOCBS0045PS@xxx.yyy.com", MessageIds.first("<01KF8JCEOCBS0045PS@xxx.yyy.com>"));
        assertEquals(List.of("a@b", "c@d"), MessageIds.all("<a@b> (comment <x@y>) <no-at> <c@d>"));
        assertEquals("p@q", MessageIds.first("Your message of Monday <p@q> \"<q@r>\""));
        assertEquals("p@q", MessageIds.first("joe@example.org <p@q>"));
        assertEquals(List.of("a@b"), MessageIds.all("<a@b> <unterminated@x"));
        assertEquals(List.of("x@y"), MessageIds.all("<stray <x@y>"));
        assertEquals("a b@c".replace(" ", ""), MessageIds.first("< a\t b@c >"));
        assertNull(MessageIds.first(null));
        assertNull(MessageIds.first("no ids here"));
        assertNull(MessageIds.first("<@x>"));
        assertEquals("Case@X", MessageIds.first("<Case@X>"), "case is kept: comparisons are case-sensitive");
    }
}
