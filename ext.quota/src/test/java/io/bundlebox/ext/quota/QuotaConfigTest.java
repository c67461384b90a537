package io.bundlebox.ext.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The keys of {@code conf/io.bundlebox.ext.quota.cfg} (issue 12 item 2), table by table. */
class QuotaConfigTest {

    private static final Map<String, Object> CONFIG = Map.of(
            "storage.kib", "1024", "messages", "500", "mailboxes", "0",
            "user.ann.lee.messages", "7", "user.bob.storage.kib", "0", "user.bob.mailboxes", "3",
            "admins", " ann.lee , root ", "felix.fileinstall.filename", "file:/x/io.bundlebox.ext.quota.cfg");

    @Test
    void overridesWinPerResourceAndZeroMeansUnlimited() {
        QuotaConfig c = QuotaConfig.parse(CONFIG);
        Object[][] table = {
            // user, STORAGE, MESSAGE, MAILBOX (0 = unlimited)
            {"carol", 1024L, 500L, 0L},
            {"ann.lee", 1024L, 7L, 0L},
            {"bob", 0L, 500L, 3L},
        };
        for (Object[] row : table) {
            Limits l = c.limitsOf((String) row[0]);
            assertEquals(row[1], l.of(Resource.STORAGE), row[0] + " STORAGE");
            assertEquals(row[2], l.of(Resource.MESSAGE), row[0] + " MESSAGE");
            assertEquals(row[3], l.of(Resource.MAILBOX), row[0] + " MAILBOX");
        }
        assertTrue(c.isAdmin("ann.lee") && c.isAdmin("root"));
        assertFalse(c.isAdmin("bob"));
        assertTrue(QuotaConfig.EMPTY.limitsOf("anyone").none());
    }

    @Test
    void aValueThatIsNotANumberIsRejectedNamingItsKey() {
        for (String bad : new String[] {"lots", "-1", "1.5", "99999999999999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> QuotaConfig.parse(Map.of("user.x.messages", bad)));
            assertTrue(e.getMessage().startsWith("user.x.messages = " + bad.strip()), e.getMessage());
        }
    }

    @Test
    void setquotaKeysNameEveryResourceSoUnlistedOnesBecomeUnlimited() {
        Limits storageOnly = Limits.of(Map.of(Resource.STORAGE, 512L));
        assertEquals(Map.of("user.ann.storage.kib", "512", "user.ann.messages", "0", "user.ann.mailboxes", "0"),
                QuotaConfig.userKeys("ann", storageOnly));
        QuotaConfig c = QuotaConfig.parse(Map.of("messages", "9", "user.ann.storage.kib", "512",
                "user.ann.messages", "0", "user.ann.mailboxes", "0"));
        assertEquals(storageOnly, c.limitsOf("ann"));
    }

    @Test
    void storageLimitsCompareInOctetsWithoutOverflow() {
        assertEquals(10 * 1024, Resource.STORAGE.precise(10));
        assertEquals(Long.MAX_VALUE, Resource.STORAGE.precise(Long.MAX_VALUE / 1000));
        assertEquals(5, Resource.MESSAGE.precise(5));
    }
}
