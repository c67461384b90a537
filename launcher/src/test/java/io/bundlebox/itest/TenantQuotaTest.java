package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QUOTA limits per tenant (issue 12 item 2, issue 14 item 1): the keys {@code storage.kib},
 * {@code messages}, {@code mailboxes}, {@code user.NAME.*} and {@code admins} in a tenant's
 * {@code conf/tenant-ID.cfg} are laid over {@code io.bundlebox.ext.quota.cfg} for its users, and a
 * changed tenant file applies to the next command of sessions already logged in. Two tenants with
 * the same user name {@code alice} and different limits, on a real server with real Maildirs.
 */
class TenantQuotaTest {

    @TempDir
    static Path home;
    static ImapTestServer server;

    static final byte[] SMALL = "Subject: s\r\n\r\nsmall\r\n".getBytes(StandardCharsets.US_ASCII);

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home, ImapTestServer.FULL, Map.of(),
                Map.of("auth.delay.initial.ms", "1", "auth.delay.max.ms", "1"));
        server.addUser("bob", "pw");
        server.addUser("root", "pw");
        // the server-wide file (ConfigAdmin hands it over asynchronously): every user 1000 KiB and 10 mailboxes; root is its administrator
        server.configure("io.bundlebox.ext.quota", Map.of("storage.kib", "1000", "mailboxes", "10", "admins", "root"));
        try (ImapClient bob = server.login("bob", "pw")) {
            QuotaHotInstallTest.awaitQuota(bob, "* QUOTA \"\" (STORAGE 0 1000 MAILBOX 1 10)");
        }
        tenant("a", Map.of("messages", "3"));
        tenant("b", Map.of("messages", "5", "storage.kib", "2000"));
    }

    static void tenant(String id, Map<String, String> quota) throws Exception {
        Map<String, String> keys = new HashMap<>(quota);
        keys.put("domains", id);
        server.configureTenant(id, keys);
        if (!java.nio.file.Files.exists(home.resolve("conf/users-" + id))) {
            server.addUser("conf/users-" + id, "alice@" + id, "pw-" + id);
            server.addUser("conf/users-" + id, "carol@" + id, "pw-" + id);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    @Test
    void twoTenantsWithDifferentLimitsEnforceTheirOwn() throws Exception {
        try (ImapClient a = server.login("alice@a", "pw-a"); ImapClient b = server.login("alice@b", "pw-b");
                ImapClient bob = server.login("bob", "pw")) {
            // the tenant's keys over the server-wide ones: MESSAGE from the tenant file, MAILBOX (and a's STORAGE) from io.bundlebox.ext.quota
            assertEquals("* QUOTA \"\" (STORAGE 0 1000 MESSAGE 0 3 MAILBOX 1 10)", a.ok("GETQUOTA \"\"").get(0));
            assertEquals("* QUOTA \"\" (STORAGE 0 2000 MESSAGE 0 5 MAILBOX 1 10)", b.ok("GETQUOTA \"\"").get(0));
            assertEquals("* QUOTA \"\" (STORAGE 0 1000 MAILBOX 1 10)", bob.ok("GETQUOTA \"\"").get(0), "the default tenant: the file's only");
            for (int i = 1; i <= 5; i++) {
                String answerA = last(a.append("INBOX", "", SMALL));
                assertTrue(i <= 3 ? answerA.matches("a\\d+ OK .*") : answerA.contains("NO [OVERQUOTA]"), i + ": " + answerA);
                assertTrue(last(b.append("INBOX", "", SMALL)).matches("a\\d+ OK .*"), "b's alice has room for 5");
            }
            assertTrue(last(b.append("INBOX", "", SMALL)).contains("NO [OVERQUOTA]"), "the 6th is over b's limit");
            assertEquals("* QUOTA \"\" (STORAGE 1 1000 MESSAGE 3 3 MAILBOX 1 10)", a.ok("GETQUOTAROOT INBOX").get(1));
            assertEquals("* QUOTA \"\" (STORAGE 1 2000 MESSAGE 5 5 MAILBOX 1 10)", b.ok("GETQUOTAROOT INBOX").get(1));
            assertTrue(last(bob.append("INBOX", "", SMALL)).matches("a\\d+ OK .*"), "no MESSAGE limit in the default tenant");
        }
    }

    @Test
    void aChangedTenantFileAppliesToTheNextCommandOfSessionsLoggedIn() throws Exception {
        tenant("c", Map.of("messages", "1"));
        try (ImapClient c = server.login("alice@c", "pw-c"); ImapClient a = server.login("alice@a", "pw-a")) {
            String quotaA = a.ok("GETQUOTA \"\"").get(0);
            assertTrue(last(c.append("INBOX", "", SMALL)).matches("a\\d+ OK .*"));
            assertTrue(last(c.append("INBOX", "", SMALL)).contains("NO [OVERQUOTA]"));
            tenant("c", Map.of("messages", "2", "mailboxes", "3"));
            assertEquals("* QUOTA \"\" (STORAGE 1 1000 MESSAGE 1 2 MAILBOX 1 3)", c.ok("GETQUOTA \"\"").get(0), "the same session, the new limits");
            assertTrue(last(c.append("INBOX", "", SMALL)).matches("a\\d+ OK .*"));
            // the quota keys removed from the tenant file: the server-wide ones apply (no MESSAGE limit)
            tenant("c", Map.of());
            assertEquals("* QUOTA \"\" (STORAGE 1 1000 MAILBOX 1 10)", c.ok("GETQUOTA \"\"").get(0));
            assertTrue(last(c.append("INBOX", "", SMALL)).matches("a\\d+ OK .*"));
            // a value that is not a number: rejected, the tenant's previous limits stay
            tenant("c", Map.of("messages", "lots"));
            assertEquals("* QUOTA \"\" (STORAGE 1 1000 MAILBOX 1 10)", c.ok("GETQUOTA \"\"").get(0));
            assertEquals(quotaA, a.ok("GETQUOTA \"\"").get(0), "another tenant's change does not touch a");
        }
    }

    @Test
    void aTenantsAdminsAndUserOverridesAreItsOwn() throws Exception {
        tenant("d", Map.of("admins", "alice@d, carol@d", "user.carol@d.messages", "1", "messages", "10"));
        try (ImapClient alice = server.login("alice@d", "pw-d"); ImapClient carol = server.login("carol@d", "pw-d");
                ImapClient aliceB = server.login("alice@b", "pw-b"); ImapClient root = server.login("root", "pw")) {
            assertEquals("* QUOTA \"\" (STORAGE 0 1000 MESSAGE 0 1 MAILBOX 1 10)", carol.ok("GETQUOTA \"\"").get(0), "carol's override");
            assertEquals("* QUOTA \"\" (STORAGE 0 1000 MESSAGE 0 10 MAILBOX 1 10)", alice.ok("GETQUOTA \"\"").get(0));
            // alice@d is d's administrator: her SETQUOTA is saved and applies at once
            assertEquals(List.of("* QUOTA \"\" (STORAGE 0 77)", alice.nextTag() + " OK SETQUOTA completed"),
                    alice.ok("SETQUOTA \"\" (STORAGE 77)"));
            assertEquals("* QUOTA \"\" (STORAGE 0 77)", alice.ok("GETQUOTA \"\"").get(0));
            // carol's limits are written in d's file, which would win over a saved SETQUOTA
            assertEquals("NO [CANNOT] The limits of carol@d are set in the tenant's configuration",
                    last(carol.command("SETQUOTA \"\" (STORAGE 5)")).replaceFirst("^a\\d+ ", ""));
            // b has no admins key: the server-wide list (root) applies there, and it does not name alice@b
            assertTrue(last(aliceB.command("SETQUOTA \"\" (STORAGE 1)")).contains("NO [NOPERM]"));
            assertEquals(List.of("* QUOTA \"\" (STORAGE 0 500 MAILBOX 1 10)", root.nextTag() + " OK SETQUOTA completed"),
                    root.ok("SETQUOTA \"\" (STORAGE 500 MAILBOX 10)"));
            assertEquals("* QUOTA \"\" (STORAGE 0 77)", alice.ok("GETQUOTA \"\"").get(0), "root's SETQUOTA does not undo alice's");
        }
    }

    /** A tenant that does not allow QUOTA has none of it, limits in its file or not: no capability, no command, no STATUS item, no enforcement. */
    @Test
    void aTenantWithoutQuotaAllowedIsNeitherAdvertisedNorEnforced() throws Exception {
        tenant("e", Map.of("extensions", "IDLE", "messages", "1"));
        try (ImapClient e = server.login("alice@e", "pw-e")) {
            String caps = e.ok("CAPABILITY").get(0) + " ";
            assertTrue(!caps.contains(" QUOTA") && caps.contains(" IDLE "), caps);
            for (int i = 0; i < 3; i++) {
                assertTrue(last(e.append("INBOX", "", SMALL)).matches("a\\d+ OK .*"), "the quota guard is not this tenant's");
            }
            assertTrue(last(e.command("GETQUOTAROOT INBOX")).matches("a\\d+ BAD .*Unknown command GETQUOTAROOT"));
            assertTrue(last(e.command("STATUS INBOX (DELETED-STORAGE)")).matches("a\\d+ BAD .*"));
        }
    }
}
