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
 * NOTIFY while IDLE (section 4), and hot uninstall; and the rules about which events a client
 * gets: none caused by its own commands (section 5), none for the selected mailbox under
 * {@code SELECTED NONE}, IDLE included (sections 3 and 4), one LIST per affected mailbox
 * (section 5.4).
 */
class NotifyTest {

    static final List<String> WITH_NOTIFY =
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

    static byte[] message(String subject) {
        return ("From: a@example.org\r\nSubject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String await(ImapClient c, String regex) throws IOException {
        Pattern p = Pattern.compile(regex, Pattern.DOTALL);
        return IdleTest.awaitLine(c, l -> p.matcher(l).matches(), new ArrayList<>());
    }

    /**
     * Reads lines until one matches {@code regex}; returns all lines read, the match last. Shows
     * that events did not come without waiting for time to pass: after the actions whose events
     * must not come, another session makes a change whose event must (a sentinel); a session gets
     * the events of its user in order, so anything reported wrongly comes before the sentinel.
     */
    static List<String> until(ImapClient c, String regex) throws IOException {
        Pattern p = Pattern.compile(regex, Pattern.DOTALL);
        List<String> seen = new ArrayList<>();
        IdleTest.awaitLine(c, l -> p.matcher(l).matches(), seen);
        return seen;
    }

    /** Starts IDLE on {@code c} and waits for its continuation request. */
    private static void idle(ImapClient c, String tag) throws IOException {
        c.send(tag + " IDLE\r\n");
        assertEquals("+ idling", c.readResponseLine());
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
            idle(watcher, "i1");
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

    @Test
    void ownCommandsAreNotReportedOthersAre() throws Exception {
        String user = newUser();
        try (ImapClient watcher = login(user); ImapClient other = login(user)) {
            watcher.ok("ENABLE IMAP4rev2"); // no \Recent in the answers compared
            other.ok("CREATE sentinel");
            watcher.ok("SELECT INBOX");
            watcher.ok("NOTIFY SET (selected (MessageNew (UID) MessageExpunge FlagChange))"
                    + " (personal (MessageNew MessageExpunge FlagChange MailboxName SubscriptionChange))");
            List<String> own = new ArrayList<>();
            own.addAll(watcher.ok("CREATE mine/deep"));
            own.addAll(watcher.ok("SUBSCRIBE mine"));
            own.addAll(watcher.append("mine", "", message("own append elsewhere")));
            own.addAll(watcher.ok("RENAME mine/deep mine/deeper"));
            // into the selected mailbox: EXISTS (RFC 9051), but no FETCH of the NOTIFY attributes (section 5.2)
            own.addAll(watcher.append("INBOX", "", message("own append here")));
            own.addAll(watcher.ok("STORE 1 +FLAGS (\\Seen)"));
            own.addAll(watcher.ok("COPY 1 mine"));
            own.addAll(watcher.ok("UNSUBSCRIBE mine"));
            own.addAll(watcher.ok("DELETE mine/deeper"));
            other.append("sentinel", "", message("from elsewhere"));
            own.addAll(until(watcher, "\\* STATUS \"sentinel\" .*"));
            List<String> untagged = own.stream().filter(l -> l.startsWith("* ")).toList();
            assertEquals(List.of("* 1 EXISTS", "* 1 FETCH (FLAGS (\\Seen) UID 1)", "* STATUS \"sentinel\" (MESSAGES 1 UIDNEXT 2)"),
                    untagged, "only the command responses of its own actions, then the other session's event: " + own);

            // the same actions by the other session are all reported
            other.ok("CREATE theirs");
            until(watcher, "\\* LIST \\(\\\\HasNoChildren\\) \"/\" \"theirs\"");
            other.ok("SUBSCRIBE theirs");
            until(watcher, "\\* LIST \\(\\\\HasNoChildren \\\\Subscribed\\) \"/\" \"theirs\"");
            other.append("INBOX", "", message("their append here"));
            until(watcher, "\\* 2 EXISTS");
            until(watcher, "\\* 2 FETCH \\(UID 2\\)");
        }
    }

    @Test
    void selectedNoneMeansNoSelectedMailboxEventsAlsoWhileIdling() throws Exception {
        String user = newUser();
        try (ImapClient watcher = login(user); ImapClient other = login(user)) {
            watcher.ok("ENABLE IMAP4rev2"); // no \Recent in the answers compared
            other.ok("CREATE sentinel");
            watcher.ok("SELECT INBOX");
            watcher.ok("NOTIFY SET (selected NONE) (personal (MessageNew MessageExpunge))");
            idle(watcher, "i1");
            other.append("INBOX", "", message("not to be told while idling"));
            other.append("sentinel", "", message("to be told"));
            List<String> seen = until(watcher, "\\* STATUS \"sentinel\" .*");
            assertEquals(List.of("* STATUS \"sentinel\" (MESSAGES 1 UIDNEXT 2)"), seen,
                    "RFC 5465 section 4: while IDLE, exactly the events NOTIFY asked for");
            watcher.send("DONE\r\n");
            until(watcher, "i1 OK IDLE terminated");
            // a command still brings the client's view up to date (RFC 9051 section 7.5)
            assertEquals(List.of("* 1 EXISTS"), watcher.ok("NOOP").stream().filter(l -> l.startsWith("* ")).toList());

            // no SELECTED group at all is the same as SELECTED NONE (section 3)
            watcher.ok("NOTIFY SET (personal (MessageNew MessageExpunge))");
            idle(watcher, "i2");
            other.append("INBOX", "", message("not to be told either"));
            other.append("sentinel", "", message("to be told again"));
            seen = until(watcher, "\\* STATUS \"sentinel\" .*");
            assertEquals(List.of("* STATUS \"sentinel\" (MESSAGES 2 UIDNEXT 3)"), seen);
            watcher.send("DONE\r\n");
            until(watcher, "i2 OK IDLE terminated");

            // after NOTIFY NONE, IDLE reports the selected mailbox again (RFC 2177)
            List<String> none = new ArrayList<>(watcher.ok("NOTIFY NONE"));
            none.addAll(watcher.ok("NOOP"));
            assertTrue(none.contains("* 2 EXISTS"), none.toString());
            idle(watcher, "i3");
            other.append("INBOX", "", message("told while idling"));
            until(watcher, "\\* 3 EXISTS");
            watcher.send("DONE\r\n");
            until(watcher, "i3 OK IDLE terminated");
        }
    }

    @Test
    void eachAffectedMailboxIsListedOnce() throws Exception {
        String user = newUser();
        try (ImapClient watcher = login(user); ImapClient other = login(user)) {
            watcher.ok("NOTIFY SET (personal (MailboxName))");
            other.ok("CREATE a/b/c"); // a and a/b are created on the way (section 5.4: each affected once)
            other.ok("CREATE sentinel1");
            assertEquals(List.of(
                    "* LIST (\\HasChildren) \"/\" \"a\"",
                    "* LIST (\\HasChildren) \"/\" \"a/b\"",
                    "* LIST (\\HasNoChildren) \"/\" \"a/b/c\"",
                    "* LIST (\\HasNoChildren) \"/\" \"sentinel1\""),
                    until(watcher, ".*\"sentinel1\""));
            // a parent whose attributes change is listed again; one the client knows unchanged is not
            // (each step awaited: LIST attributes are those when the response is written)
            other.ok("CREATE a/b/d");
            assertEquals(List.of("* LIST (\\HasNoChildren) \"/\" \"a/b/d\""), until(watcher, ".*\"a/b/d\""));
            other.ok("DELETE a/b/c");
            assertEquals(List.of("* LIST (\\NonExistent) \"/\" \"a/b/c\""), until(watcher, ".*\"a/b/c\""));
            other.ok("DELETE a/b/d");
            other.ok("CREATE sentinel2");
            assertEquals(List.of(
                    "* LIST (\\NonExistent) \"/\" \"a/b/d\"",
                    "* LIST (\\HasNoChildren) \"/\" \"a/b\"",
                    "* LIST (\\HasNoChildren) \"/\" \"sentinel2\""),
                    until(watcher, ".*\"sentinel2\""));
        }
    }

    @Test
    void selectedDelayedHoldsExpungesUntilACommandAllowsThem() throws Exception {
        String user = newUser();
        try (ImapClient watcher = login(user); ImapClient other = login(user)) {
            watcher.ok("ENABLE IMAP4rev2"); // no \Recent in the answers compared
            other.append("INBOX", "", message("one"));
            other.append("INBOX", "", message("two"));
            watcher.ok("SELECT INBOX");
            watcher.ok("NOTIFY SET (selected-delayed (MessageNew (UID) MessageExpunge))");
            other.ok("SELECT INBOX");
            other.ok("STORE 1 +FLAGS.SILENT (\\Deleted)");
            other.ok("EXPUNGE");
            other.append("INBOX", "", message("three"));
            // section 6.1.2: the new message at once, the expunge only when a command allows it
            List<String> seen = until(watcher, "\\* 3 FETCH \\(UID 3\\)");
            assertTrue(seen.stream().noneMatch(l -> l.endsWith(" EXPUNGE")), "no EXPUNGE before a command: " + seen);
            assertEquals(List.of("* 3 EXISTS", "* 3 FETCH (UID 3)"), seen.subList(seen.size() - 2, seen.size()));
            List<String> noop = watcher.ok("NOOP");
            assertEquals(List.of("* 1 EXPUNGE"), noop.subList(0, noop.size() - 1));
        }
    }

    @Test
    void inboxesIsTheInboxAndSubscribedFollowsTheSubscriptions() throws Exception {
        String user = newUser();
        try (ImapClient watcher = login(user); ImapClient other = login(user)) {
            other.ok("CREATE a");
            other.ok("CREATE sentinel");
            watcher.ok("NOTIFY SET (inboxes (MessageNew MessageExpunge)) (subscribed (MessageNew MessageExpunge))"
                    + " (mailboxes sentinel (MessageNew MessageExpunge))");
            other.append("a", "", message("not watched: a is neither an inbox nor subscribed"));
            other.append("INBOX", "", message("inboxes"));
            other.append("sentinel", "", message("s1"));
            assertEquals(List.of("* STATUS \"INBOX\" (MESSAGES 1 UIDNEXT 2)", "* STATUS \"sentinel\" (MESSAGES 1 UIDNEXT 2)"),
                    until(watcher, "\\* STATUS \"sentinel\" .*"));
            // section 6.4: a subscription change re-evaluates the SUBSCRIBED set
            other.ok("SUBSCRIBE a");
            other.append("a", "", message("now watched"));
            assertEquals(List.of("* STATUS \"a\" (MESSAGES 2 UIDNEXT 3)"), until(watcher, "\\* STATUS \"a\" .*"));
            other.ok("UNSUBSCRIBE a");
            other.append("a", "", message("no longer watched"));
            other.append("sentinel", "", message("s2"));
            assertEquals(List.of("* STATUS \"sentinel\" (MESSAGES 2 UIDNEXT 3)"), until(watcher, "\\* STATUS \"sentinel\" .*"));
        }
    }

    @Test
    void theSelectedMailboxRenamedThenDeletedElsewhere() throws Exception {
        String user = newUser();
        try (ImapClient watcher = login(user); ImapClient other = login(user)) {
            watcher.ok("ENABLE IMAP4rev2"); // no \Recent in the answers compared
            other.ok("CREATE box");
            other.append("box", "", message("one"));
            watcher.ok("SELECT box");
            watcher.ok("NOTIFY SET (selected (MessageNew (UID) MessageExpunge)) (personal (MailboxName))");
            // section 5.4: LIST with OLDNAME; the selection goes on under the new name (RFC 9051 6.3.6)
            other.ok("RENAME box renamed");
            assertEquals(List.of("* LIST (\\HasNoChildren) \"/\" \"renamed\" (\"OLDNAME\" (\"box\"))"),
                    until(watcher, "\\* LIST .*"));
            other.append("renamed", "", message("two"));
            assertEquals(List.of("* 2 EXISTS", "* 2 FETCH (UID 2)"), until(watcher, "\\* 2 FETCH .*"));
            // deleted: LIST \NonExistent at once; the session cannot keep its view, its next command gets BYE
            other.ok("DELETE renamed");
            assertEquals(List.of("* LIST (\\NonExistent) \"/\" \"renamed\""), until(watcher, "\\* LIST .*"));
            watcher.send("n1 NOOP\r\n");
            until(watcher, "\\* BYE \\[CLOSED\\] .*");
        }
    }

    @Test
    void aDeliveryIntoAMailboxNobodyOpenedIsReported() throws Exception {
        String user = newUser();
        try (ImapClient watcher = login(user); ImapClient other = login(user)) {
            other.ok("CREATE fresh"); // created, never selected or asked for STATUS
            watcher.ok("NOTIFY SET (personal (MessageNew MessageExpunge))");
            deliver(user, ".fresh", "1763700001.M1P1.mta", message("into a folder nobody opened"));
            await(watcher, "\\* STATUS \"fresh\" \\(MESSAGES 1 UIDNEXT 2\\)");
            other.ok("CREATE later"); // created after the NOTIFY SET
            deliver(user, ".later", "1763700002.M1P1.mta", message("into a folder made afterwards"));
            await(watcher, "\\* STATUS \"later\" \\(MESSAGES 1 UIDNEXT 2\\)");
        }
    }

    /**
     * RFC 5465 section 5: an event left out of NOTIFY SET's list is not sent, and the selected
     * mailbox's message events are those of the SELECTED group (section 3.1), while IDLE too
     * (section 4). Without FlagChange there, another session's flag change is no FETCH FLAGS:
     * not between commands, not in IDLE, not at a NOOP (as Dovecot does); the client's own STORE
     * is still answered, and MessageNew's FETCH still carries the FLAGS it asked for. With
     * FlagChange, and after NOTIFY NONE (RFC 9051 section 5.2), they are reported again.
     */
    @Test
    void flagChangesInTheSelectedMailboxFollowTheNotifyEvents() throws Exception {
        String user = newUser();
        try (ImapClient watcher = login(user); ImapClient other = login(user)) {
            watcher.ok("ENABLE IMAP4rev2"); // no \\Recent in the answers compared
            other.ok("CREATE sentinel");
            other.append("INBOX", "", message("first"));
            watcher.ok("SELECT INBOX");
            watcher.ok("NOTIFY SET (selected (MessageNew (UID FLAGS) MessageExpunge)) (personal (MessageNew MessageExpunge))");
            other.ok("SELECT INBOX");
            other.ok("STORE 1 +FLAGS (\\Flagged)");
            other.append("sentinel", "", message("sentinel 1"));
            List<String> seen = until(watcher, "\\* STATUS \"sentinel\" .*");
            assertEquals(List.of("* STATUS \"sentinel\" (MESSAGES 1 UIDNEXT 2)"), seen, "no FlagChange asked for: " + seen);
            assertEquals(List.of(), watcher.ok("NOOP").stream().filter(l -> l.startsWith("* ")).toList(),
                    "nor at a command's completion");

            idle(watcher, "i1");
            other.ok("STORE 1 -FLAGS (\\Flagged)");
            other.append("sentinel", "", message("sentinel 2"));
            seen = until(watcher, "\\* STATUS \"sentinel\" .*");
            assertEquals(List.of("* STATUS \"sentinel\" (MESSAGES 2 UIDNEXT 3)"), seen, "section 4: IDLE sends the same events");
            other.append("INBOX", "(\\Answered)", message("second"));
            until(watcher, "\\* 2 EXISTS");
            String fetch = await(watcher, "\\* 2 FETCH .*");
            assertEquals("* 2 FETCH (UID 2 FLAGS (\\Answered))", fetch, "MessageNew's attributes, FLAGS included");
            watcher.send("DONE\r\n");
            until(watcher, "i1 OK IDLE terminated");

            List<String> own = watcher.ok("STORE 1 +FLAGS (\\Seen)");
            assertTrue(own.contains("* 1 FETCH (FLAGS (\\Seen))"), "its own STORE is answered: " + own);

            // with FlagChange: reported, with UID (section 5.1)
            watcher.ok("NOTIFY SET (selected (MessageNew MessageExpunge FlagChange)) (personal (MessageNew MessageExpunge))");
            other.ok("STORE 2 +FLAGS (\\Flagged)");
            String changed = await(watcher, "\\* 2 FETCH .*");
            // a flag list has no order (RFC 9051 section 7.5.2): either order is right
            assertTrue(changed.equals("* 2 FETCH (FLAGS (\\Answered \\Flagged) UID 2)")
                    || changed.equals("* 2 FETCH (FLAGS (\\Flagged \\Answered) UID 2)"), changed);

            // after NOTIFY NONE the core reports them at a command again (RFC 9051 section 5.2)
            watcher.ok("NOTIFY NONE");
            other.ok("STORE 2 -FLAGS (\\Flagged)");
            assertTrue(watcher.ok("NOOP").contains("* 2 FETCH (FLAGS (\\Answered))"));
        }
    }
}
