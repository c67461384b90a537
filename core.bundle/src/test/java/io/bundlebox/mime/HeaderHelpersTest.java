package io.bundlebox.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bundlebox.mailstore.HeaderKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exported header helpers and the header keys' cache form, table-driven. */
class HeaderHelpersTest {

    private static long utc(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void dateTimesFollowRfc5256Section22() {
        String[][] cases = {
            {"Wed, 31 Dec 2000 16:01:33 -0800", "2001-01-01T00:01:33Z"},
            {"31 Dec 2000 16:01 +0100", "2000-12-31T15:01:00Z"},
            {"Mon, 5 Jul 2021 10:00:00 GMT", "2021-07-05T10:00:00Z"},
            {"Mon, 5 Jul 2021 10:00:00 EDT", "2021-07-05T14:00:00Z"},
            {"5 Jul 21 10:00:00 +9999", "2021-07-05T10:00:00Z"}, // bad zone: UTC
            {"5 Jul 2021 10:00:00 XYZ", "2021-07-05T10:00:00Z"}, // unknown zone: UTC
            {"5 Jul 2021 99:77:00 +0200", "2021-07-04T22:00:00Z"}, // bad time: 00:00:00 in the zone read
            {"Thursday, 5 July 2021", "2021-07-05T00:00:00Z"}, // no time
        };
        for (String[] c : cases) {
            assertEquals(utc(c[1]), DateTimes.parse(c[0]).epochMillis(), c[0]);
        }
        assertNull(DateTimes.parse("yesterday"));
        assertNull(DateTimes.parse(null));
        assertEquals(LocalDate.of(1999, 2, 3), DateTimes.parse("3 Feb 99 1:2:3").date());
    }

    @Test
    void addressesKeepEncodedNamesAndGroups() {
        List<Address> a = Addresses.parse("=?utf-8?q?Doe=2C_J?= <j@x.org>, undisclosed:;, bare@y, <@r:z@q>");
        assertEquals("=?utf-8?q?Doe=2C_J?=", a.get(0).name());
        assertEquals("Doe, J", a.get(0).displayName());
        assertEquals("j@x.org", a.get(0).addrSpec());
        assertEquals(new Address(null, null, "undisclosed", null), a.get(1));
        assertEquals(new Address(null, null, null, null), a.get(2));
        assertEquals("bare", Addresses.first(a.subList(1, a.size())).mailbox());
        assertEquals(List.of(), Addresses.parse("  "));
        assertEquals("Grüße", EncodedWords.decode("=?iso-8859-1?q?Gr=FC=DFe?="));
        assertEquals("not =?encoded", EncodedWords.decode("not =?encoded"));
    }

    @Test
    void headerKeysRoundTripThroughTheirCacheForm() {
        String header = "From sender Mon Jan  1 00:00:00 2001\n"
                + "Subject: a;b:c~ 12:x\nFrom: \"x;~\" <a@b>\nCc: c@d\nIn-Reply-To: <p@q> (comment)\n\nbody";
        byte[] block = header.getBytes(StandardCharsets.UTF_8);
        HeaderKeys k = HeaderKeys.parse(block, block.length);
        assertEquals("a;b:c~ 12:x", k.subject());
        assertEquals(HeaderKeys.NO_DATE, k.date());
        assertEquals(k, HeaderKeys.fromCache(k.toCache()));
        assertNull(HeaderKeys.fromCache("garbage"));
        assertNull(HeaderKeys.fromCache(k.toCache() + "x"));
    }
}
