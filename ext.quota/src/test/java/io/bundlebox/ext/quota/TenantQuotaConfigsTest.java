package io.bundlebox.ext.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tenant file's quota keys laid over {@code io.bundlebox.ext.quota.cfg} (issue 12 item 2, per tenant). */
class TenantQuotaConfigsTest {

    private static final QuotaConfig.Source SERVER = QuotaConfig.Source.of(Map.of(
            "storage.kib", "1024", "messages", "500", "user.alice@a.example.messages", "7", "admins", "root"));

    @Test
    void theTenantsKeysWinKeyByKeyAndAUserOverrideBeatsADefaultWhereverEachComesFrom() {
        TenantQuotaConfigs configs = new TenantQuotaConfigs();
        Map<String, String> a = Map.of("domains", "a.example", "name", "Mail of A", "storage.kib", "64",
                "user.bob@a.example.storage.kib", "0", "admins", "alice@a.example");
        QuotaConfig c = configs.of("a", a, SERVER);
        Object[][] table = {
            // user, STORAGE, MESSAGE (0 = unlimited)
            {"carol@a.example", 64L, 500L}, // the tenant's default storage, the server's messages
            {"alice@a.example", 64L, 7L}, // the server-wide override of alice still beats the defaults
            {"bob@a.example", 0L, 500L}, // the tenant's override: unlimited storage
        };
        for (Object[] row : table) {
            assertEquals(row[1], c.limitsOf((String) row[0]).of(Resource.STORAGE), row[0] + " STORAGE");
            assertEquals(row[2], c.limitsOf((String) row[0]).of(Resource.MESSAGE), row[0] + " MESSAGE");
        }
        assertTrue(c.isAdmin("alice@a.example"));
        assertFalse(c.isAdmin("root"), "the tenant's admins replace the server-wide list");
        assertSame(SERVER.config(), configs.of("b", Map.of("domains", "b.example"), SERVER), "no quota keys: the server's");
        assertSame(c, configs.of("a", a, SERVER), "parsed once per version");
    }

    @Test
    void aNewVersionAppliesAndOneThatCannotBeParsedKeepsThePreviousLimits() {
        TenantQuotaConfigs configs = new TenantQuotaConfigs();
        assertEquals(64, configs.of("a", Map.of("storage.kib", "64"), SERVER).limitsOf("x").of(Resource.STORAGE));
        assertEquals(32, configs.of("a", Map.of("storage.kib", "32"), SERVER).limitsOf("x").of(Resource.STORAGE));
        assertEquals(32, configs.of("a", Map.of("storage.kib", "lots"), SERVER).limitsOf("x").of(Resource.STORAGE));
        assertEquals(1024, configs.of("c", Map.of("messages", "-1"), SERVER).limitsOf("x").of(Resource.STORAGE),
                "a tenant with nothing before gets the server-wide limits");
        QuotaConfig.Source changed = QuotaConfig.Source.of(Map.of("messages", "10"));
        Map<String, String> b = Map.of("storage.kib", "8");
        assertEquals(500, configs.of("b", b, SERVER).limitsOf("x").of(Resource.MESSAGE));
        assertEquals(10, configs.of("b", b, changed).limitsOf("x").of(Resource.MESSAGE), "a server-wide change applies too");
    }
}
