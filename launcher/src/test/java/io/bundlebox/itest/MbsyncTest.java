package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-way sync by isync/mbsync (Debian package {@code isync}), the way its users run it (issue
 * 9 item 11): 50 messages pushed from a local Maildir, flags changed and messages expunged on both
 * sides, new mail on both sides, a re-sync leaves both sides identical (the same messages with the
 * same flags), and a second sync changes nothing on either side. mbsync is an IMAP4rev1 client: it
 * sends CHECK (RFC 3501 6.4.1) and reads \Recent. Missing mbsync fails the test under
 * {@code CI=true} (.ci/run installs it) and skips it, saying so, elsewhere.
 */
class MbsyncTest {

    private static final Path MBSYNC = Path.of("/usr/bin/mbsync");
    private static final Pattern SERVER_MESSAGE = Pattern.compile(
            "\\* \\d+ FETCH \\(UID (\\d+) FLAGS \\(([^)]*)\\) BODY\\[HEADER\\.FIELDS \\(MESSAGE-ID\\)] \\{\\d+}\\r\\nMessage-ID: <(m\\d+)@mbsync\\.test>.*",
            Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void twoWaySyncLeavesBothSidesIdenticalAndASecondSyncChangesNothing() throws Exception {
        boolean present = Files.isExecutable(MBSYNC);
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("mbsync is missing: .ci/run installs the Debian package isync");
        }
        Assumptions.assumeTrue(present, "mbsync is not installed (apt-get install isync): sync test skipped");

        Path local = dir.resolve("local");
        Path inbox = local.resolve("INBOX");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(inbox.resolve(sub));
        }
        for (int i = 1; i <= 50; i++) {
            Files.write(inbox.resolve("new").resolve("1700000000." + i + ".local"), message(i));
        }
        try (ImapTestServer server = ImapTestServer.start(dir.resolve("home"))) {
            server.addUser("sync", "pw");
            Path config = writeConfig(server.port(), local);

            // 1. push
            sync(config);
            assertEquals(50, serverState(server).size(), "the 50 local messages are on the server");
            assertEquals(serverState(server), localState(inbox), "after the first sync");

            // 2. changes on the server: flags, expunges, new mail
            try (ImapClient c = server.login("sync", "pw")) {
                c.ok("SELECT INBOX");
                Map<String, Long> uids = uidsByMessageId(c);
                c.ok("UID STORE " + uids.get("m1") + "," + uids.get("m2") + " +FLAGS (\\Flagged)");
                c.ok("UID STORE " + uids.get("m3") + "," + uids.get("m4") + " +FLAGS (\\Seen \\Answered)");
                c.ok("UID STORE " + uids.get("m5") + "," + uids.get("m6") + " +FLAGS (\\Deleted)");
                c.ok("EXPUNGE");
                c.append("INBOX", "(\\Seen)", message(51));
            }
            // 3. changes in the local Maildir: flags (renamed files), deletions, new mail
            setLocalFlags(inbox, "m10", "FS");
            setLocalFlags(inbox, "m11", "S");
            Files.delete(localFile(inbox, "m12"));
            Files.delete(localFile(inbox, "m13"));
            Files.write(inbox.resolve("new").resolve("1700000100.52.local"), message(52));

            // 4. re-sync: both sides identical
            sync(config);
            Map<String, Set<String>> server1 = serverState(server);
            assertEquals(server1, localState(inbox), "both sides identical after the re-sync");
            assertEquals(50 - 2 - 2 + 2, server1.size(), server1.toString());
            assertEquals(Set.of("\\Flagged"), server1.get("m1"));
            assertEquals(Set.of("\\Answered", "\\Seen"), server1.get("m3"));
            assertEquals(Set.of("\\Flagged", "\\Seen"), server1.get("m10"));
            assertEquals(Set.of("\\Seen"), server1.get("m11"));
            assertEquals(Set.of("\\Seen"), server1.get("m51"));
            assertEquals(Set.of(), server1.get("m52"));
            for (String gone : List.of("m5", "m6", "m12", "m13")) {
                assertFalse(server1.containsKey(gone), gone + " expunged on both sides");
            }

            // 5. a second sync changes nothing on either side
            List<String> statusBefore = status(server);
            Set<String> filesBefore = localFiles(inbox);
            sync(config);
            assertEquals(statusBefore, status(server), "the server's mailbox is untouched (MESSAGES UIDNEXT HIGHESTMODSEQ)");
            assertEquals(filesBefore, localFiles(inbox), "the local Maildir is untouched");
            assertEquals(server1, serverState(server));
        }
    }

    private static byte[] message(int n) {
        return ("From: Sync Tester <sync@example.org>\r\nTo: sync@example.org\r\nSubject: message " + n
                + "\r\nMessage-ID: <m" + n + "@mbsync.test>\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nBody " + n + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private Path writeConfig(int port, Path local) throws IOException {
        Path config = dir.resolve("mbsyncrc");
        Files.writeString(config, """
                IMAPAccount bundlebox
                Host 127.0.0.1
                Port %d
                User sync
                Pass pw
                SSLType None
                AuthMechs LOGIN

                IMAPStore remote
                Account bundlebox

                MaildirStore local
                Path %s/
                Inbox %s/INBOX

                Channel sync
                Far :remote:
                Near :local:
                Patterns INBOX
                Create Both
                Expunge Both
                Sync All
                SyncState *
                """.formatted(port, local, local));
        return config;
    }

    /** Runs {@code mbsync -a}; it must succeed within a minute. */
    private void sync(Path config) throws Exception {
        Process p = new ProcessBuilder(MBSYNC.toString(), "-c", config.toString(), "-a")
                .redirectErrorStream(true).redirectOutput(dir.resolve("mbsync.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("mbsync did not finish within 60 s: " + Files.readString(dir.resolve("mbsync.log")));
        }
        String out = Files.readString(dir.resolve("mbsync.log"));
        assertEquals(0, p.exitValue(), "mbsync failed: " + out);
        assertFalse(out.contains("Error"), out);
    }

    /** Message-ID (without the domain) to flags, as the server has them; \Recent is the session's, not the message's. */
    private static Map<String, Set<String>> serverState(ImapTestServer server) throws IOException {
        Map<String, Set<String>> state = new TreeMap<>();
        try (ImapClient c = server.login("sync", "pw")) {
            c.ok("EXAMINE INBOX");
            for (String l : c.ok("UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")) {
                Matcher m = SERVER_MESSAGE.matcher(l);
                if (m.matches()) {
                    Set<String> flags = new TreeSet<>(m.group(2).isEmpty() ? List.of() : List.of(m.group(2).split(" ")));
                    flags.remove("\\Recent");
                    state.put(m.group(3), flags);
                }
            }
        }
        return state;
    }

    private static Map<String, Long> uidsByMessageId(ImapClient c) throws IOException {
        Map<String, Long> uids = new TreeMap<>();
        for (String l : c.ok("UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")) {
            Matcher m = SERVER_MESSAGE.matcher(l);
            if (m.matches()) {
                uids.put(m.group(3), Long.parseLong(m.group(1)));
            }
        }
        return uids;
    }

    private static List<String> status(ImapTestServer server) throws IOException {
        try (ImapClient c = server.login("sync", "pw")) {
            return c.ok("STATUS INBOX (MESSAGES UIDNEXT HIGHESTMODSEQ)").subList(0, 1);
        }
    }

    /** Message-ID to flags as the local Maildir has them (the info part {@code :2,FLAGS} of each file name). */
    private static Map<String, Set<String>> localState(Path inbox) throws IOException {
        Map<String, Set<String>> state = new TreeMap<>();
        for (Path f : messageFiles(inbox)) {
            String name = f.getFileName().toString();
            int info = name.indexOf(":2,");
            Set<String> flags = new TreeSet<>();
            for (char ch : (info < 0 ? "" : name.substring(info + 3)).toCharArray()) {
                switch (ch) {
                    case 'D' -> flags.add("\\Draft");
                    case 'F' -> flags.add("\\Flagged");
                    case 'R' -> flags.add("\\Answered");
                    case 'S' -> flags.add("\\Seen");
                    case 'T' -> flags.add("\\Deleted");
                    default -> {
                    }
                }
            }
            state.put(messageId(f), flags);
        }
        return state;
    }

    private static String messageId(Path file) throws IOException {
        Matcher m = Pattern.compile("Message-ID: <(m\\d+)@mbsync\\.test>").matcher(Files.readString(file, StandardCharsets.US_ASCII));
        assertTrue(m.find(), file.toString());
        return m.group(1);
    }

    private static List<Path> messageFiles(Path inbox) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> s = Files.list(inbox.resolve(sub))) {
                s.forEach(files::add);
            }
        }
        return files;
    }

    private static Path localFile(Path inbox, String id) throws IOException {
        for (Path f : messageFiles(inbox)) {
            if (messageId(f).equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no local file for " + id);
    }

    /** Sets a local message's flags as a mail reader on the Maildir does: renames it into cur/ with {@code :2,FLAGS}. */
    private static void setLocalFlags(Path inbox, String id, String letters) throws IOException {
        Path f = localFile(inbox, id);
        String name = f.getFileName().toString();
        int info = name.indexOf(":2,");
        String base = info < 0 ? name : name.substring(0, info);
        Files.move(f, inbox.resolve("cur").resolve(base + ":2," + letters));
    }

    private static Set<String> localFiles(Path inbox) throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path f : messageFiles(inbox)) {
            names.add(inbox.relativize(f).toString());
        }
        return names;
    }
}
