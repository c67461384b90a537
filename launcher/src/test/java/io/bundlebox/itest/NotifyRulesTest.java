package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of RFC 5465 about which events a NOTIFY client gets, end to end: none caused by its
 * own commands (section 5), none for the selected mailbox under {@code SELECTED NONE}, IDLE
 * included (sections 3 and 4), one LIST per affected mailbox (section 5.4).
 *
 * <p>Absence is shown without waiting for time to pass: after the actions whose events must not
 * come, another session makes a change whose event must come (a sentinel); events of one user
 * reach a session in order, so whatever was wrongly reported arrives before the sentinel.
 */
class NotifyRulesTest {

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
        String user = "r" + (++users);
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

    /** Reads lines until one matches {@code regex}; returns all lines read, the match last. */
    static List<String> until(ImapClient c, String regex) throws IOException {
        Pattern p = Pattern.compile(regex, Pattern.DOTALL);
        List<String> seen = new ArrayList<>();
        IdleTest.awaitLine(c, l -> p.matcher(l).matches(), seen);
        return seen;
    }

    @Test
    void ownCommandsAreNotReportedOthersAre() throws Exception {
        String user = newUser();
        try (ImapClient watcher = login(user); ImapClient other = login(user)) {
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
            other.ok("CREATE sentinel");
            watcher.ok("SELECT INBOX");
            watcher.ok("NOTIFY SET (selected NONE) (personal (MessageNew MessageExpunge))");
            watcher.send("i1 IDLE\r\n");
            assertEquals("+ idling", watcher.readResponseLine());
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
            watcher.send("i2 IDLE\r\n");
            assertEquals("+ idling", watcher.readResponseLine());
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
            watcher.send("i3 IDLE\r\n");
            assertEquals("+ idling", watcher.readResponseLine());
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
}
