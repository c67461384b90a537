package io.bundlebox.itest;

import static io.bundlebox.itest.MailboxCommandsTest.expect;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * STATUS items and LIST return options contributed by an extension bundle (DESIGN.md section 4:
 * {@code StatusItem}, {@code ListReturnOption}), built from {@code io.bundlebox.itest.mailboxprobe}
 * and installed into a running server; withdrawn, they are unknown again.
 */
class MailboxExtensionsTest {

    @TempDir
    static Path home;
    static ImapTestServer server;
    static Bundle probe;

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home);
        server.addUser("ext", "pw");
        server.addUser("after", "pw");
        Path jar = TestBundles.build("io.bundlebox.itest.mailboxprobe", "1.0.0", "io.bundlebox.itest.mailboxprobe",
                home.resolve("mailboxprobe.jar"));
        probe = server.framework().getBundleContext().installBundle(jar.toUri().toString());
        probe.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void extensionStatusItemAndListReturnOption() throws Exception {
        try (ImapClient c = server.login("ext", "pw")) {
            c.append("INBOX", "", "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
            c.append("INBOX", "", "Subject: y\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII));
            c.ok("CREATE Empty");
            c.ok("CREATE gone/child");
            c.ok("DELETE gone");
            expect(c, "STATUS INBOX (MESSAGES XMAXUID)", "* STATUS \"INBOX\" (MESSAGES 2 XMAXUID 2)", "OK STATUS completed");
            expect(c, "LIST \"\" % RETURN (STATUS (XMAXUID) XMETA)",
                    "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                    "* STATUS \"INBOX\" (XMAXUID 2)",
                    "* XMETA \"INBOX\" \"probe\"",
                    "* LIST (\\HasNoChildren) \"/\" \"Empty\"",
                    "* STATUS \"Empty\" (XMAXUID 0)",
                    "* XMETA \"Empty\" \"probe\"",
                    "* LIST (\\NonExistent \\HasChildren) \"/\" \"gone\"",
                    "OK LIST completed");
        }
        probe.stop();
        try (ImapClient c = server.login("after", "pw")) {
            expect(c, "STATUS INBOX (XMAXUID)", "BAD [CLIENTBUG] Expected a STATUS item (MESSAGES, UIDNEXT, "
                    + "UIDVALIDITY, UNSEEN, DELETED or SIZE), found XMAXUID");
            expect(c, "LIST \"\" % RETURN (XMETA)", "BAD [CLIENTBUG] Expected a LIST return option (SUBSCRIBED, "
                    + "CHILDREN, SPECIAL-USE, STATUS), found XMETA");
        }
    }
}
