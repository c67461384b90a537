package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * NOTIFY (RFC 5465) end to end on a real server with a real Maildir: events from other sessions
 * and from Maildir deliveries and removals reach a client that sends nothing (section 1), as
 * STATUS for other mailboxes and EXISTS/FETCH/EXPUNGE/VANISHED for the selected one (section 5),
 * LIST for mailbox and subscription changes, refusals with BADEVENT and BAD, NOTIFY NONE,
 * NOTIFY while IDLE (section 4), and hot uninstall.
 */
class NotifyTest {

    private static final List<String> WITH_NOTIFY =
            List.of("io.bundlebox.ext.idle", "io.bundlebox.ext.condstore", "io.bundlebox.ext.notify");

    @TempDir
    static Path home;
    static ImapTestServer server;
    private static int users;

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home, WITH_NOTIFY, java.util.Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String newUser() throws IOException {
        String user = "u" + (++users);
        server.addUser(user, "secret");
        return user;
    }

    private static ImapClient login(String user) throws IOException {
        ImapClient c = server.login(user, "secret");
        c.socket().setSoTimeout(30_000); // a missing notification fails the test instead of hanging it
        return c;
    }

    private static byte[] message(String subject) {
        return ("From: a@example.org\r\nSubject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String await(ImapClient c, String regex) throws IOException {
        Pattern p = Pattern.compile(regex, Pattern.DOTALL);
        return IdleTest.awaitLine(c, l -> p.matcher(l).matches(), new ArrayList<>());
    }

    /** What a delivery agent does: write into tmp/, then rename into new/. */
    private static void deliver(String user, String folderDir, String file, byte[] content) throws IOException {
        Path dir = server.maildir(user);
        if (!folderDir.isEmpty()) {
            dir = dir.resolve(folderDir);
        }
        Path tmp = dir.resolve("tmp/" + file);
        Files.write(tmp, content);
        Files.move(tmp, dir.resolve("new/" + file), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void eventsFromOtherSessionsAndDeliveriesArriveBetweenCommands() throws Exception {
        String user = newUser();
        try (ImapClient watcher = login(user); ImapClient other = login(user)) {
            other.ok("CREATE Lists/Lemonade");
            other.ok("CREATE misc");
            List<String> set = watcher.ok("NOTIFY SET STATUS (selected (MessageNew (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])"
                    + " MessageExpunge FlagChange)) (subtree Lists (MessageNew MessageExpunge))"
                    + " (mailboxes misc (MailboxName SubscriptionChange))");
            assertTrue(set.contains("* STATUS \"Lists/Lemonade\" (MESSAGES 0 UIDNEXT 1 UIDVALIDITY "
                    + set.stream().filter(l -> l.startsWith("* STATUS \"Lists/Lemonade\"")).findFirst().orElseThrow()
                            .replaceAll(".*UIDVALIDITY (\\d+)\\)", "$1") + ")"), set.toString());
            assertTrue(set.stream().noneMatch(l -> l.startsWith("* STATUS \"misc\"")), "misc has no message events: " + set);
            watcher.ok("SELECT INBOX");

            // another mailbox: STATUS (section 5.2), with no command from the watcher
            other.append("Lists/Lemonade", "", message("list mail"));
            await(watcher, "\\* STATUS \"Lists/Lemonade\" \\(MESSAGES 1 UIDNEXT 2\\)");

            // the selected mailbox: EXISTS, then FETCH with the client's attributes
            other.append("INBOX", "", message("good morning"));
            await(watcher, "\\* 1 EXISTS");
            String fetch = await(watcher, "\\* 1 FETCH .*");
            assertTrue(fetch.startsWith("* 1 FETCH (UID 1 BODY[HEADER.FIELDS (SUBJECT)] {") && fetch.contains("Subject: good morning"), fetch);

            // a flag change made elsewhere carries UID (section 5.1)
            other.ok("SELECT INBOX");
            other.ok("STORE 1 +FLAGS (\\Flagged)");
            String flags = await(watcher, "\\* 1 FETCH .*");
            // the watcher saw the message arrive first: \Recent in it (IMAP4rev1, RFC 3501 7.3.2)
            assertTrue(flags.contains("FLAGS (\\Flagged \\Recent)") && flags.contains("UID 1"), flags);

            // a Maildir delivery and a removal from outside
            deliver(user, "", "1763700000.M1P1.mta", message("delivered"));
            await(watcher, "\\* 2 EXISTS");
            assertTrue(await(watcher, "\\* 2 FETCH .*").contains("Subject: delivered"));
            Path cur = server.maildir(user).resolve("cur");
            Path first;
            try (Stream<Path> files = Files.list(cur)) {
                first = files.sorted().findFirst().orElseThrow();
            }
            Files.delete(first);
            await(watcher, "\\* [12] EXPUNGE"); // whichever file sorts first

            // subscriptions and names of the watched mailbox (sections 5.4, 5.5)
            other.ok("SUBSCRIBE misc");
            await(watcher, "\\* LIST \\(\\\\HasNoChildren \\\\Subscribed\\) \"/\" \"misc\"");
            other.ok("UNSUBSCRIBE misc");
            await(watcher, "\\* LIST \\(\\\\HasNoChildren\\) \"/\" \"misc\"");
            other.ok("RENAME misc misc2");
            await(watcher, "\\* LIST \\(\\\\HasNoChildren\\) \"/\" \"misc2\" \\(\"OLDNAME\" \\(\"misc\"\\)\\)");

            // the watcher's own commands still work, and the implicit NOOP of a new SET
            assertTrue(watcher.ok("NOOP").getLast().contains("OK"));
        }
    }

    @Test
    void createdParentsAndDeletionsAreListed() throws Exception {
        String user = newUser();
        try (ImapClient watcher = login(user); ImapClient other = login(user)) {
            watcher.ok("NOTIFY SET (personal (MailboxName))");
            other.ok("CREATE a/b/c");
            await(watcher, "\\* LIST \\(\\\\HasChildren\\) \"/\" \"a\"");
            await(watcher, "\\* LIST \\(\\\\HasChildren\\) \"/\" \"a/b\"");
            await(watcher, "\\* LIST \\(\\\\HasNoChildren\\) \"/\" \"a/b/c\"");
            other.ok("DELETE a/b/c");
            await(watcher, "\\* LIST \\(\\\\NonExistent\\) \"/\" \"a/b/c\"");
        }
    }

    @Test
    void unsupportedEventsAreBadeventAndBrokenRulesAreBad() throws Exception {
        String user = newUser();
        try (ImapClient c = login(user)) {
            String badevent = "NO [BADEVENT (MessageNew MessageExpunge FlagChange MailboxName SubscriptionChange)]";
            assertTrue(c.command("NOTIFY SET (selected (MessageNew MessageExpunge AnnotationChange))").getLast().contains(badevent));
            assertTrue(c.command("NOTIFY SET (personal (MailboxMetadataChange))").getLast().contains(badevent));
            assertTrue(c.command("NOTIFY SET (personal (ServerMetadataChange))").getLast().contains(badevent));
            assertTrue(c.command("NOTIFY SET (personal (SomethingNew))").getLast().contains(badevent));
            for (String bad : List.of("NOTIFY SET (selected (MessageNew))", "NOTIFY SET (personal (FlagChange))",
                    "NOTIFY SET (selected (MailboxName))", "NOTIFY SET (personal (MessageNew (UID) MessageExpunge))",
                    "NOTIFY SET (selected NONE) (selected-delayed NONE)", "NOTIFY SET (everything NONE)", "NOTIFY MAYBE")) {
                String answer = c.command(bad).getLast();
                assertTrue(answer.matches("a\\d+ BAD .*"), bad + " -> " + answer);
            }
            assertTrue(c.ok("NOTIFY NONE").getLast().contains("OK"));
        }
    }

    @Test
    void notifyNoneStopsTheEvents() throws Exception {
        String user = newUser();
        try (ImapClient watcher = login(user); ImapClient other = login(user)) {
            other.ok("CREATE box");
            watcher.ok("NOTIFY SET (personal (MessageNew MessageExpunge))");
            other.append("box", "", message("one"));
            await(watcher, "\\* STATUS \"box\" \\(MESSAGES 1 UIDNEXT 2\\)");
            watcher.ok("NOTIFY NONE");
            other.append("box", "", message("two"));
            other.ok("NOOP"); // the delivery is durable and published before the next line is compared
            List<String> noop = watcher.ok("NOOP");
            assertEquals(1, noop.size(), "no STATUS after NOTIFY NONE: " + noop);
            assertEquals(0, server.awaitMailboxEventSubscriptions(0), "NOTIFY NONE left no subscription");
        }
    }

    @Test
    void notifyEventsArriveWhileIdlingAndExpungesAreVanishedWithQresync() throws Exception {
        String user = newUser();
        try (ImapClient watcher = login(user); ImapClient other = login(user)) {
            other.ok("CREATE elsewhere");
            other.append("INBOX", "", message("to be expunged"));
            watcher.ok("ENABLE QRESYNC");
            watcher.ok("SELECT INBOX");
            watcher.ok("NOTIFY SET (selected (MessageNew MessageExpunge)) (personal (MessageNew MessageExpunge))");
            watcher.send("i1 IDLE\r\n");
            assertEquals("+ idling", watcher.readResponseLine());
            other.append("elsewhere", "", message("other box"));
            String status = await(watcher, "\\* STATUS \"elsewhere\" .*");
            assertTrue(status.contains("MESSAGES 1") && status.contains("HIGHESTMODSEQ"), "QRESYNC on: " + status);
            other.ok("SELECT INBOX");
            other.ok("STORE 1 +FLAGS.SILENT (\\Deleted)");
            other.ok("EXPUNGE");
            await(watcher, "\\* VANISHED 1");
            watcher.send("DONE\r\n");
            await(watcher, "i1 OK IDLE terminated");
        }
    }

    @Test
    void uninstallEndsNotifyingSessionsOnlyAndLeavesNoSubscription() throws Exception {
        Path own = Files.createTempDirectory(home, "hot");
        try (ImapTestServer hot = ImapTestServer.start(own, WITH_NOTIFY, java.util.Map.of())) {
            hot.addUser("alice", "secret");
            ImapClient watcher = hot.login("alice", "secret");
            ImapClient bystander = hot.login("alice", "secret");
            try {
                watcher.ok("NOTIFY SET (personal (MessageNew MessageExpunge MailboxName))");
                bystander.ok("SELECT INBOX");
                assertEquals(1, hot.mailboxEventSubscriptions());
                Bundle notify = hot.bundle("io.bundlebox.ext.notify");
                notify.uninstall();
                String bye = IdleTest.awaitLine(watcher, l -> l.startsWith("* BYE"), new ArrayList<>());
                assertTrue(bye.startsWith("* BYE [UNAVAILABLE] "), bye);
                assertNull(watcher.readResponseLine(), "closed after the BYE");
                assertEquals(1, bystander.ok("NOOP").size(), "a session that never used NOTIFY goes on");
                assertTrue(bystander.command("NOTIFY NONE").getLast().contains("BAD"), "NOTIFY is gone");
                assertEquals(0, hot.awaitMailboxEventSubscriptions(0), "no subscription left behind");
            } finally {
                watcher.close();
                bystander.close();
            }
        }
    }
}
