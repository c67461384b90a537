package io.bundlebox.ext.quota;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The late and repeated {@code @Modified} calls SCR makes for SETQUOTA's own writes: an earlier
 * write delivered after a later one must not undo it (TenantQuotaTest failed once in CI when an
 * earlier SETQUOTA's configuration came back after root's and root's answer showed the old limit).
 */
class OwnWritesTest {

    private static final Map<String, String> OPERATOR = Map.of("storage.kib", "1000", "admins", "root");
    private static final Map<String, String> ALICE = Map.of("storage.kib", "1000", "admins", "root",
            "user.alice.storage.kib", "77");
    private static final Map<String, String> ROOT = Map.of("storage.kib", "1000", "admins", "root",
            "user.alice.storage.kib", "77", "user.root.storage.kib", "500");

    @Test
    void anEarlierWriteDeliveredAfterALaterOneIsStaleAlsoWhenDeliveredTwice() {
        OwnWrites own = new OwnWrites();
        assertFalse(own.stale(OPERATOR), "the operator's configuration applies");
        own.wrote(ALICE);
        assertFalse(own.stale(ALICE), "the echo of our newest write applies (it is what is in force)");
        own.wrote(ROOT);
        assertTrue(own.stale(ALICE), "alice's write delivered again after root's");
        assertFalse(own.stale(ROOT));
        assertTrue(own.stale(ALICE), "and once more, after root's own echo");
        assertFalse(own.stale(ROOT), "the newest, delivered twice");
    }

    @Test
    void configAdminsAndFileInstallsOwnKeysDoNotMakeAWriteLookForeign() {
        OwnWrites own = new OwnWrites();
        own.wrote(ALICE);
        own.wrote(ROOT);
        java.util.Map<String, Object> delivered = new java.util.HashMap<>(ALICE);
        delivered.put("service.pid", "io.bundlebox.ext.quota");
        delivered.put("component.id", 12L);
        delivered.put("felix.fileinstall.filename", "file:/home/conf/io.bundlebox.ext.quota.cfg");
        assertTrue(own.stale(delivered));
    }

    @Test
    void aChangeFromOutsideIsTheNewestAndForgetsOurWrites() {
        OwnWrites own = new OwnWrites();
        own.wrote(ALICE);
        own.wrote(ROOT);
        Map<String, String> edited = Map.of("storage.kib", "2000", "admins", "root");
        assertFalse(own.stale(edited), "an operator's edit applies");
        assertFalse(own.stale(ALICE), "after it, an old write of ours is no longer known: it is a change like any other");
    }
}
