package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 9: a user's first login finds Drafts, Sent, Trash and Junk with their special-use
 * attributes (RFC 6154 section 2), subscribed, as Thunderbird, Apple Mail and K-9 expect; a
 * Maildir that already has such folders gets them marked, not a second one; later logins and
 * restarts change nothing; the list is configurable ({@code mailboxes.special}).
 */
class SpecialUseMailboxesTest {

    /** The default of {@code mailboxes.special} (README), which the test server otherwise leaves empty. */
    private static final Map<String, String> DEFAULT = Map.of("bundlebox.mailboxes.special",
            "Drafts=\\Drafts,Sent=\\Sent,Trash=\\Trash,Junk=\\Junk");

    @TempDir
    Path home;

    private static List<String> list(ImapClient c) throws Exception {
        List<String> lines = c.ok("LIST \"\" * RETURN (SPECIAL-USE SUBSCRIBED)");
        return lines.subList(0, lines.size() - 1);
    }

    @Test
    void aNewUserFindsTheFourSubscribedAndAKeptDeletionStaysDeleted() throws Exception {
        try (ImapTestServer server = ImapTestServer.start(home, ImapTestServer.FULL, DEFAULT)) {
            server.addUser("new", "pw");
            try (ImapClient c = server.login("new", "pw")) {
                assertEquals(List.of("* LIST (\\Subscribed \\HasNoChildren \\Drafts) \"/\" \"Drafts\"",
                        "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                        "* LIST (\\Subscribed \\HasNoChildren \\Junk) \"/\" \"Junk\"",
                        "* LIST (\\Subscribed \\HasNoChildren \\Sent) \"/\" \"Sent\"",
                        "* LIST (\\Subscribed \\HasNoChildren \\Trash) \"/\" \"Trash\""), sorted(list(c)));
                c.ok("DELETE Junk");
                c.ok("UNSUBSCRIBE Junk");
            }
            try (ImapClient c = server.login("new", "pw")) {
                assertEquals(4, list(c).size(), "the second login does not bring Junk back: " + list(c));
            }
        }
        try (ImapTestServer again = ImapTestServer.start(home, ImapTestServer.FULL, DEFAULT);
                ImapClient c = again.login("new", "pw")) {
            assertEquals(4, list(c).size(), "nor does a restart: " + list(c));
        }
    }

    @Test
    void anExistingMaildirsFoldersAreMarkedNotDuplicated() throws Exception {
        try (ImapTestServer server = ImapTestServer.start(home, ImapTestServer.FULL, DEFAULT)) {
            server.addUser("moved", "pw");
            Path maildir = server.maildir("moved");
            for (String folder : List.of("", ".Sent", ".trash", ".Spam")) {
                for (String sub : List.of("cur", "new", "tmp")) {
                    Files.createDirectories(maildir.resolve(folder).resolve(sub));
                }
            }
            Files.writeString(maildir.resolve(".Sent/cur/1700000000.1.old:2,S"),
                    "Subject: sent before the move\r\n\r\nkept\r\n", StandardCharsets.US_ASCII);
            try (ImapClient c = server.login("moved", "pw")) {
                assertEquals(List.of("* LIST (\\Subscribed \\HasNoChildren \\Drafts) \"/\" \"Drafts\"",
                        "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                        "* LIST (\\Subscribed \\HasNoChildren \\Junk) \"/\" \"Junk\"",
                        "* LIST (\\Subscribed \\HasNoChildren \\Sent) \"/\" \"Sent\"",
                        "* LIST (\\HasNoChildren) \"/\" \"Spam\"",
                        "* LIST (\\Subscribed \\HasNoChildren \\Trash) \"/\" \"trash\""), sorted(list(c)),
                        "Sent and trash marked, Drafts and Junk made, no second Trash");
                assertTrue(c.ok("STATUS Sent (MESSAGES)").contains("* STATUS \"Sent\" (MESSAGES 1)"), "its mail is still there");
            }
        }
    }

    @Test
    void theListIsConfigurable() throws Exception {
        try (ImapTestServer server = ImapTestServer.start(home, ImapTestServer.FULL, Map.of(),
                Map.of("mailboxes.special", "Outbox=\\sent, Archive=\\Archive"))) {
            server.addUser("custom", "pw");
            try (ImapClient c = server.login("custom", "pw")) {
                assertEquals(List.of("* LIST (\\Subscribed \\HasNoChildren \\Archive) \"/\" \"Archive\"",
                        "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                        "* LIST (\\Subscribed \\HasNoChildren \\Sent) \"/\" \"Outbox\""), sorted(list(c)));
            }
        }
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted((a, b) -> name(a).compareToIgnoreCase(name(b))).toList();
    }

    private static String name(String listLine) {
        return listLine.substring(listLine.lastIndexOf(" \"") + 2);
    }
}
