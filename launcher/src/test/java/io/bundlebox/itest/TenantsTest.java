package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * Tenants as ConfigAdmin factory configurations (issue 14 items 1, 2 and 5): login domains route
 * to a tenant's users file and store; CAPABILITY, ENABLE and every extension lookup are the
 * tenant's; configurations added, changed and deleted while the server runs apply to new
 * sessions; an extension installed into the running server reaches only tenants that allow it;
 * withdrawing a tenant's permission ends only that tenant's sessions that used the extension.
 * The extensions are ext.idle, the probe bundles of this test source, and ext.notify and ext.quota
 * installed while the server runs.
 */
class TenantsTest {

    @TempDir
    static Path home;
    static ImapTestServer server;

    static final byte[] BIG = ("Subject: big\r\n\r\n" + "x".repeat(2000) + "\r\n").getBytes(StandardCharsets.US_ASCII);

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home, List.of("io.bundlebox.ext.idle"), Map.of(),
                Map.of("auth.delay.initial.ms", "1", "auth.delay.max.ms", "1"));
        Path probe = TestBundles.build("io.bundlebox.itest.probe", "1.0.0", "io.bundlebox.itest.probe", home.resolve("probe.jar"));
        server.framework().getBundleContext().installBundle(probe.toUri().toString()).start();
        server.addUser("bob", "pw-default");
        // a: everything installed; b: IDLE by capability name, the probe by bundle name; c: the probe only
        tenant("a", "*");
        tenant("b", "IDLE, io.bundlebox.itest.probe");
        tenant("c", "io.bundlebox.itest.probe");
    }

    static void tenant(String id, String extensions) throws Exception {
        server.configureTenant(id, Map.of("domains", id + ".example", "extensions", extensions, "name", "Mail of " + id.toUpperCase()));
        server.addUser("conf/users-" + id, "alice@" + id + ".example", "pw-" + id);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private static String capabilities(ImapClient c) throws Exception {
        return c.ok("CAPABILITY").get(0) + " ";
    }

    @Test
    void loginDomainsRouteToTheTenantsUsersFileAndStore() throws Exception {
        try (ImapClient a = server.login("alice@a.example", "pw-a"); ImapClient b = server.login("alice@b.example", "pw-b")) {
            a.ok("CREATE Work");
            b.ok("CREATE Work");
            assertTrue(a.ok("ID NIL").get(0).contains("\"name\" \"Mail of A\""));
            assertTrue(b.ok("ID NIL").get(0).contains("\"name\" \"Mail of B\""));
        }
        assertTrue(Files.isDirectory(home.resolve("var/mail-a/alice@a.example/.Work")), "tenant a's default mail root");
        assertTrue(Files.isDirectory(home.resolve("var/mail-b/alice@b.example/.Work")), "tenant b's default mail root");
        assertFalse(Files.exists(home.resolve("var/mail/alice@a.example")), "nothing in the default tenant's root");
        // each password works only in its own tenant; a bare name is the default tenant's
        try (ImapClient c = server.connect()) {
            assertTrue(last(c.command("LOGIN alice@a.example pw-b")).contains("NO [AUTHENTICATIONFAILED]"));
            assertTrue(last(c.command("LOGIN alice@b.example pw-a")).contains("NO [AUTHENTICATIONFAILED]"));
            assertTrue(last(c.command("LOGIN alice pw-a")).contains("NO [AUTHENTICATIONFAILED]"));
            assertTrue(last(c.command("LOGIN bob@a.example pw-default")).contains("NO [AUTHENTICATIONFAILED]"));
            c.ok("LOGIN bob pw-default");
            assertTrue(c.ok("ID NIL").get(0).contains("\"name\" \"Bundlebox\""));
        }
        // SASL PLAIN routes the same way
        try (ImapClient c = server.connect()) {
            String plain = java.util.Base64.getEncoder().encodeToString("\0alice@c.example\0pw-c".getBytes(StandardCharsets.UTF_8));
            c.ok("AUTHENTICATE PLAIN " + plain);
            assertTrue(c.ok("ID NIL").get(0).contains("\"name\" \"Mail of C\""));
        }
    }

    @Test
    void capabilityEnableAndCommandsAreTheTenants() throws Exception {
        try (ImapClient a = server.login("alice@a.example", "pw-a"); ImapClient b = server.login("alice@b.example", "pw-b");
                ImapClient c = server.login("alice@c.example", "pw-c")) {
            String capsA = capabilities(a);
            String capsB = capabilities(b);
            String capsC = capabilities(c);
            assertTrue(capsA.contains(" IMAP4rev2 ") && capsA.contains(" IDLE ") && capsA.contains(" XPROBE "), capsA);
            assertTrue(capsB.contains(" IMAP4rev2 ") && capsB.contains(" IDLE ") && capsB.contains(" XPROBE "), capsB);
            // c lacks IDLE, a piece IMAP4rev2 requires: only IMAP4rev1 is advertised
            assertFalse(capsC.contains(" IMAP4rev2 ") || capsC.contains(" IDLE "), capsC);
            assertTrue(capsC.contains(" IMAP4rev1 ") && capsC.contains(" XPROBE "), capsC);
            // the tagged OK of LOGIN carried the same list
            assertEquals("* ENABLED", c.ok("ENABLE IMAP4rev2").get(0));
            assertEquals("* ENABLED IMAP4rev2", a.ok("ENABLE IMAP4rev2").get(0));
            c.ok("SELECT INBOX");
            List<String> idle = c.command("IDLE");
            assertEquals(c.command("XNOSUCH").get(0).replace("XNOSUCH", "IDLE").replaceAll("^a\\d+", "T"),
                    idle.get(0).replaceAll("^a\\d+", "T"), "IDLE is unknown to c exactly as a command no bundle offers");
        }
        try (ImapClient bare = server.login("bob", "pw-default")) {
            assertTrue(capabilities(bare).contains(" IDLE "), "the default tenant allows every installed extension");
        }
    }

    @Test
    void itemsKeysModifiersParametersAndGuardsOfAnExtensionTheTenantLacksAreUnknown() throws Exception {
        server.configureTenant("d", Map.of("domains", "d.example", "extensions", "IDLE"));
        server.addUser("conf/users-d", "alice@d.example", "pw-d");
        try (ImapClient with = server.login("alice@a.example", "pw-a"); ImapClient without = server.login("alice@d.example", "pw-d")) {
            for (ImapClient c : List.of(with, without)) {
                c.ok("CREATE Small");
                c.append("INBOX", "", "Subject: one\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
                c.ok("SELECT INBOX");
            }
            // each probe name: tenant a knows it, tenant d answers exactly what it answers for a name nobody offers
            List<String> probes = List.of("FETCH 1 (XMODSEQ)", "FETCH 1 (FLAGS) (XCHANGEDSINCE 1)", "STORE 1 (XUNCHANGEDSINCE 1) +FLAGS (\\Seen)",
                    "SEARCH XMODSEQ 1", "SEARCH RETURN (XFIRST 1) ALL", "SELECT INBOX (XPROBE)", "XPROBE hello", "XEVENTS");
            for (String p : probes) {
                String name = p.replaceAll("^.*?(X[A-Z]+).*$", "$1");
                assertTrue(last(with.command(p)).matches("a\\d+ OK .*"), p + " works for tenant a");
                with.ok("SELECT INBOX");
                String refused = last(without.command(p)).replaceAll("^a\\d+", "T");
                String unknown = last(without.command(p.replace(name, "XNOSUCH"))).replaceAll("^a\\d+", "T").replace("XNOSUCH", name);
                assertTrue(refused.startsWith("T BAD "), p + ": " + refused);
                assertEquals(unknown, refused, p);
                without.ok("SELECT INBOX");
            }
            // the append guard of the probe refuses big messages into Small, for tenant a only
            assertTrue(last(with.append("Small", "", BIG)).contains("NO [OVERQUOTA]"));
            assertTrue(last(without.append("Small", "", BIG)).matches("a\\d+ OK .*"));
            // ENABLE of the probe's capability
            with.ok("UNSELECT");
            without.ok("UNSELECT");
            assertEquals("* ENABLED XPROBE", with.ok("ENABLE XPROBE").get(0));
            assertEquals("* ENABLED", without.ok("ENABLE XPROBE").get(0));
        }
    }

    @Test
    void tenantsComeChangeAndGoWithoutRestart() throws Exception {
        try (ImapClient c = server.connect()) {
            assertTrue(last(c.command("LOGIN alice@e.example pw-e")).contains("NO [AUTHENTICATIONFAILED]"));
        }
        server.addUser("mail-e/users", "alice@e.example", "pw-e");
        server.configureTenant("e", Map.of("domains", "e.example", "users.file", "mail-e/users", "mail.root", "mail-e/root",
                "extensions", "IDLE"));
        try (ImapClient e1 = server.login("alice@e.example", "pw-e"); ImapClient bystander = server.login("alice@a.example", "pw-a")) {
            e1.ok("CREATE Work");
            assertTrue(Files.isDirectory(home.resolve("mail-e/root/alice@e.example/.Work")), "mail.root is the configured one");
            assertFalse(capabilities(e1).contains(" XPROBE "));
            // a changed extension list applies to sessions that did not use what it drops, and to new ones
            server.configureTenant("e", Map.of("domains", "e.example", "users.file", "mail-e/users", "mail.root", "mail-e/root",
                    "extensions", "IDLE, XPROBE"));
            assertTrue(capabilities(e1).contains(" XPROBE "));
            try (ImapClient e2 = server.login("alice@e.example", "pw-e")) {
                e2.ok("XPROBE hi");
                server.deleteTenant("e");
                assertTrue(e1.readResponseLine().startsWith("* BYE [UNAVAILABLE]"));
                assertTrue(e2.readResponseLine().startsWith("* BYE [UNAVAILABLE]"));
            }
            bystander.ok("NOOP");
        }
        try (ImapClient c = server.connect()) {
            assertTrue(last(c.command("LOGIN alice@e.example pw-e")).contains("NO [AUTHENTICATIONFAILED]"), "a deleted tenant's users are gone");
        }
    }

    @Test
    void aConfigurationThatCannotBeAppliedIsRefusedAndThePreviousVersionStays() throws Exception {
        server.addUser("conf/users-f", "alice@f.example", "pw-f");
        server.configureTenant("f", Map.of("domains", "f.example", "extensions", "IDLE"));
        // f claims a's domain: refused in one log line, f keeps its previous settings
        server.configureTenant("f", Map.of("domains", "a.example,f.example", "extensions", "IDLE"));
        try (ImapClient a = server.login("alice@a.example", "pw-a"); ImapClient f = server.login("alice@f.example", "pw-f")) {
            assertTrue(a.ok("ID NIL").get(0).contains("Mail of A"));
            assertFalse(capabilities(f).contains(" XPROBE "));
        }
        // a mail root inside another tenant's would let one reach the other's mail
        server.configureTenant("f", Map.of("domains", "f.example", "extensions", "*", "mail.root", "var/mail-a/f"));
        try (ImapClient f = server.login("alice@f.example", "pw-f")) {
            f.ok("CREATE Work");
            assertFalse(capabilities(f).contains(" XPROBE "), "still the previous version");
        }
        assertFalse(Files.exists(home.resolve("var/mail-a/f")));
        server.deleteTenant("f");
    }

    @Test
    void removingATenantsPermissionEndsOnlyItsSessionsThatUsedTheExtension() throws Exception {
        server.addUser("conf/users-g", "alice@g.example", "pw-g");
        server.configureTenant("g", Map.of("domains", "g.example", "extensions", "IDLE,XPROBE"));
        try (ImapClient used = server.login("alice@g.example", "pw-g"); ImapClient unused = server.login("alice@g.example", "pw-g");
                ImapClient otherTenant = server.login("alice@a.example", "pw-a")) {
            used.ok("XPROBE x");
            otherTenant.ok("XPROBE x");
            unused.ok("NOOP");
            server.configureTenant("g", Map.of("domains", "g.example", "extensions", "IDLE"));
            assertTrue(used.readResponseLine().startsWith("* BYE [UNAVAILABLE]"));
            assertTrue(last(unused.command("XPROBE y")).matches("a\\d+ BAD .*Unknown command XPROBE"));
            unused.ok("NOOP");
            otherTenant.ok("XPROBE y");
        }
        server.deleteTenant("g");
    }

    @Test
    void anExtensionInstalledWhileRunningReachesOnlyTenantsThatAllowIt() throws Exception {
        Path jar = TestBundles.build("io.bundlebox.itest.mailboxprobe", "1.0.0", "io.bundlebox.itest.mailboxprobe",
                home.resolve("mailboxprobe.jar"));
        server.addUser("conf/users-h", "alice@h.example", "pw-h");
        server.configureTenant("h", Map.of("domains", "h.example", "extensions", "IDLE, io.bundlebox.itest.mailboxprobe"));
        try (ImapClient a = server.login("alice@a.example", "pw-a"); ImapClient b = server.login("alice@b.example", "pw-b");
                ImapClient h = server.login("alice@h.example", "pw-h")) {
            String status = "STATUS INBOX (MESSAGES XMAXUID)";
            for (ImapClient c : List.of(a, b, h)) {
                assertTrue(last(c.command(status)).contains(" BAD "), "not installed yet");
            }
            Bundle mb = server.framework().getBundleContext().installBundle(jar.toUri().toString());
            mb.start();
            try {
                a.ok(status);
                h.ok(status);
                String refused = last(b.command(status)).replaceAll("^a\\d+", "T");
                assertEquals(last(b.command(status.replace("XMAXUID", "XNOSUCH"))).replaceAll("^a\\d+", "T").replace("XNOSUCH", "XMAXUID"),
                        refused, "b does not allow the new bundle");
            } finally {
                mb.uninstall();
            }
        }
        server.deleteTenant("h");
    }

    /**
     * Item 5 with the real extension bundles: ext.notify and ext.quota installed into the running
     * server reach, at once and also in sessions logged in before, only the tenants whose
     * {@code extensions} name them (by capability name, written before the bundles existed);
     * withdrawing QUOTA from tenant n ends only n's sessions that used a QUOTA command, not n's
     * others (one of them watching with NOTIFY), nor m's that used QUOTA too.
     */
    @Test
    void realExtensionsInstalledWhileRunningReachOnlyTheTenantsThatAllowThemAndAWithdrawnPermissionEndsOnlyThoseThatUsedIt()
            throws Exception {
        server.addUser("conf/users-n", "alice@n.example", "pw-n");
        server.addUser("conf/users-m", "alice@m.example", "pw-m");
        server.configureTenant("n", Map.of("domains", "n.example", "extensions", "IDLE, NOTIFY, QUOTA"));
        server.configureTenant("m", Map.of("domains", "m.example", "extensions", "IDLE, QUOTA"));
        try (ImapClient n1 = server.login("alice@n.example", "pw-n"); ImapClient n2 = server.login("alice@n.example", "pw-n");
                ImapClient n3 = server.login("alice@n.example", "pw-n"); ImapClient m1 = server.login("alice@m.example", "pw-m")) {
            String notify = "NOTIFY SET (personal (MessageNew MessageExpunge))";
            String unknownCommand = last(m1.command("XNOSUCH")).replaceAll("^a\\d+", "T");
            for (ImapClient c : List.of(n1, m1)) {
                assertEquals(unknownCommand.replace("XNOSUCH", "NOTIFY"), last(c.command(notify)).replaceAll("^a\\d+", "T"), "not installed yet");
                assertFalse(capabilities(c).contains(" QUOTA "));
            }
            Bundle notifyBundle = server.installExtension("io.bundlebox.ext.notify");
            Bundle quotaBundle = server.installExtension("io.bundlebox.ext.quota");
            try {
                String capsN = capabilities(n1);
                String capsM = capabilities(m1);
                assertTrue(capsN.contains(" NOTIFY ") && capsN.contains(" QUOTA ") && capsN.contains(" QUOTA=RES-STORAGE "), capsN);
                assertTrue(capsM.contains(" QUOTA ") && !capsM.contains(" NOTIFY "), capsM);
                n1.ok(notify);
                assertEquals(unknownCommand.replace("XNOSUCH", "NOTIFY"), last(m1.command(notify)).replaceAll("^a\\d+", "T"),
                        "m does not allow NOTIFY: unknown exactly as before the bundle came");
                try (ImapClient a = server.login("alice@a.example", "pw-a")) {
                    assertTrue(capabilities(a).contains(" NOTIFY "), "tenant a allows everything installed");
                }
                n2.ok("GETQUOTAROOT INBOX");
                m1.ok("GETQUOTAROOT INBOX");
                n3.ok("NOOP");

                server.configureTenant("n", Map.of("domains", "n.example", "extensions", "IDLE, NOTIFY"));
                assertTrue(n2.readResponseLine().startsWith("* BYE [UNAVAILABLE]"), "n2 used QUOTA");
                n1.ok("NOOP"); // watching with NOTIFY, never used QUOTA: goes on
                assertTrue(capabilities(n1).contains(" NOTIFY ") && !capabilities(n1).contains(" QUOTA "));
                assertEquals(unknownCommand.replace("XNOSUCH", "GETQUOTAROOT"),
                        last(n3.command("GETQUOTAROOT INBOX")).replaceAll("^a\\d+", "T"), "n3 goes on without QUOTA");
                assertTrue(m1.ok("GETQUOTAROOT INBOX").get(0).startsWith("* QUOTAROOT "), "m's session that used QUOTA goes on");
            } finally {
                notifyBundle.uninstall();
                quotaBundle.uninstall();
            }
        }
        server.deleteTenant("n");
        server.deleteTenant("m");
    }
}
