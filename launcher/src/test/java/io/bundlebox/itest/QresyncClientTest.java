package io.bundlebox.itest;

import static io.bundlebox.itest.CondstoreTest.highestModSeq;
import static io.bundlebox.itest.CondstoreTest.last;
import static io.bundlebox.itest.CondstoreTest.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.MailEvent;
import jakarta.mail.event.MessageChangedEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.MessageVanishedEvent;
import org.eclipse.angus.mail.imap.ResyncData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QRESYNC as real clients use it (issue 10 item 6): a client that caches a mailbox of 10,000
 * messages resynchronises with one {@code SELECT ... (QRESYNC ...)} after another session changed
 * flags on 500, expunged 300 (the highest UID among them) and appended 50, and ends with exactly
 * the server's state; and Angus Mail (Jakarta Mail) reads changes through
 * {@code IMAPFolder.getMessagesByUIDChangedSince} and {@code open(mode, ResyncData)}.
 */
class QresyncClientTest {

    private static final Pattern FETCH = Pattern.compile("^\\* \\d+ FETCH \\(UID (\\d+) FLAGS \\(([^)]*)\\) MODSEQ \\((\\d+)\\)\\)$");

    @TempDir
    Path home;

    /** The client's cache: UID to flags, with the mailbox's UIDVALIDITY and HIGHESTMODSEQ. */
    private static final class Cache {
        final TreeMap<Long, Set<String>> flags = new TreeMap<>();
        long uidValidity;
        long highestModSeq;
    }

    private static void appendPipelined(ImapClient c, int count, int from) throws Exception {
        int batch = 500;
        for (int start = 0; start < count; start += batch) {
            int n = Math.min(batch, count - start);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < n; i++) {
                byte[] m = CondstoreTest.message(from + start + i);
                out.write(("p" + (start + i) + " APPEND INBOX {" + m.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(m);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            c.send(out.toByteArray());
            for (int i = 0; i < n; i++) {
                List<String> r = c.readUntilTagged("p" + (start + i));
                assertTrue(last(r).contains(" OK "), r.toString());
            }
        }
    }

    /** The flags a client caches: \Recent belongs to one session, not to the message (RFC 3501 2.3.2). */
    private static Set<String> flagSet(String list) {
        Set<String> flags = list.isEmpty() ? new TreeSet<>() : new TreeSet<>(Arrays.asList(list.split(" ")));
        flags.remove("\\Recent");
        return flags;
    }

    private static Map<Long, Set<String>> serverState(ImapClient c) throws Exception {
        Map<Long, Set<String>> state = new TreeMap<>();
        for (String l : c.ok("UID FETCH 1:* (FLAGS MODSEQ)")) {
            Matcher m = FETCH.matcher(l);
            if (m.matches()) {
                state.put(Long.parseLong(m.group(1)), flagSet(m.group(2)));
            }
        }
        return state;
    }

    private static long[] uids(String set) {
        List<Long> out = new ArrayList<>();
        for (String part : set.split(",")) {
            String[] ab = part.split(":");
            long a = Long.parseLong(ab[0]);
            long b = ab.length == 1 ? a : Long.parseLong(ab[1]);
            for (long u = Math.min(a, b); u <= Math.max(a, b); u++) {
                out.add(u);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void cachedTenThousandMessageMailboxResynchronisesExactly() throws Exception {
        try (ImapTestServer server = ImapTestServer.start(home)) {
            server.addUser("u", "pw");
            Cache cache = new Cache();
            try (ImapClient c = server.login("u", "pw")) {
                appendPipelined(c, 10_000, 1);
                c.ok("ENABLE QRESYNC");
                List<String> select = c.ok("SELECT INBOX");
                cache.uidValidity = number(String.join("\n", select), "\\[UIDVALIDITY (\\d+)]");
                cache.highestModSeq = highestModSeq(select);
                cache.flags.putAll(serverState(c));
            }
            assertEquals(10_000, cache.flags.size());

            // while the client is away
            List<Long> all = new ArrayList<>(cache.flags.keySet());
            long highest = all.get(all.size() - 1);
            Collections.shuffle(all, new Random(7162));
            List<Long> expunged = new ArrayList<>(all.subList(0, 299));
            expunged.add(highest);
            List<Long> flagged = all.subList(300, 800).stream().filter(u -> u != highest).limit(500).toList();
            assertEquals(500, flagged.size());
            try (ImapClient other = server.login("u", "pw")) {
                other.ok("SELECT INBOX");
                other.ok("UID STORE " + join(flagged) + " +FLAGS.SILENT (\\Flagged $Label1)");
                other.ok("UID STORE " + join(expunged) + " +FLAGS.SILENT (\\Deleted)");
                other.ok("UID EXPUNGE " + join(expunged));
                appendPipelined(other, 50, 20_000);
            }

            // back: one SELECT brings the cache up to date
            try (ImapClient c = server.login("u", "pw")) {
                c.ok("ENABLE QRESYNC");
                List<String> resync = c.ok("SELECT INBOX (QRESYNC (" + cache.uidValidity + " " + cache.highestModSeq
                        + " 1:" + cache.flags.lastKey() + "))");
                int vanishedLines = 0;
                int fetches = 0;
                for (String l : resync) {
                    if (l.startsWith("* VANISHED (EARLIER) ")) {
                        vanishedLines++;
                        for (long u : uids(l.substring("* VANISHED (EARLIER) ".length()))) {
                            cache.flags.remove(u);
                        }
                    }
                    Matcher m = FETCH.matcher(l);
                    if (m.matches()) {
                        fetches++;
                        cache.flags.put(Long.parseLong(m.group(1)), flagSet(m.group(2)));
                    }
                }
                cache.highestModSeq = highestModSeq(resync);
                assertEquals(1, vanishedLines, "one VANISHED (EARLIER) for the 300");
                assertEquals(500, fetches, "the 500 changed; the 50 appended came after the known UIDs: " + fetches);
                // the 50 new ones: the client fetches what lies beyond its known UIDs, as clients do
                for (String l : c.ok("UID FETCH " + (highest + 1) + ":* (FLAGS MODSEQ)")) {
                    Matcher m = FETCH.matcher(l);
                    if (m.matches()) {
                        cache.flags.put(Long.parseLong(m.group(1)), flagSet(m.group(2)));
                    }
                }
                assertEquals(serverState(c), cache.flags, "the cache is the server's state");
                assertEquals(10_000 - 300 + 50, cache.flags.size());
                assertTrue(expunged.stream().noneMatch(cache.flags::containsKey));
                assertEquals(Set.of("$Label1", "\\Flagged"), cache.flags.get(flagged.get(0)));
            }
        }
    }

    private static String join(List<Long> uids) {
        return uids.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
    }

    @Test
    void angusMailReadsChangesThroughCondstoreAndQresync() throws Exception {
        try (ImapTestServer server = ImapTestServer.start(home)) {
            server.addUser("u", "pw");
            try (ImapClient c = server.login("u", "pw")) {
                appendPipelined(c, 20, 1);
            }
            Properties props = new Properties();
            props.put("mail.imap.host", "127.0.0.1");
            props.put("mail.imap.port", Integer.toString(server.port()));
            jakarta.mail.Session mail = jakarta.mail.Session.getInstance(props);
            IMAPStore store = (IMAPStore) mail.getStore("imap");
            store.connect("127.0.0.1", server.port(), "u", "pw");
            try {
                assertTrue(store.hasCapability("CONDSTORE") && store.hasCapability("QRESYNC"));
                IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
                inbox.open(Folder.READ_WRITE);
                long since = inbox.getHighestModSeq();
                long uidValidity = inbox.getUIDValidity();
                assertTrue(since > 0, "HIGHESTMODSEQ " + since);
                inbox.close(false);

                try (ImapClient other = server.login("u", "pw")) {
                    other.ok("SELECT INBOX");
                    other.ok("UID STORE 3,7,20 +FLAGS (\\Answered)");
                    other.ok("UID STORE 5,20 +FLAGS.SILENT (\\Deleted)");
                    other.ok("UID EXPUNGE 5,20");
                }

                inbox.open(Folder.READ_WRITE);
                Message[] changed = inbox.getMessagesByUIDChangedSince(1, UIDFolder.LASTUID, since);
                List<Long> uids = new ArrayList<>();
                for (Message m : changed) {
                    uids.add(inbox.getUID(m));
                    assertTrue(m.isSet(Flags.Flag.ANSWERED), "UID " + inbox.getUID(m));
                    assertTrue(((IMAPMessage) m).getModSeq() > since);
                }
                assertEquals(List.of(3L, 7L), uids, "the changed ones still there; 20 was expunged");
                inbox.close(false);

                List<MailEvent> events = inbox.open(Folder.READ_ONLY, new ResyncData(uidValidity, since));
                List<Long> vanished = new ArrayList<>();
                List<Long> changedUids = new ArrayList<>();
                for (MailEvent e : events) {
                    if (e instanceof MessageVanishedEvent v) {
                        for (long u : v.getUIDs()) {
                            vanished.add(u);
                        }
                    } else if (e instanceof MessageChangedEvent ch) {
                        changedUids.add(inbox.getUID(ch.getMessage()));
                    }
                }
                assertEquals(List.of(5L, 20L), vanished, events.toString());
                assertEquals(List.of(3L, 7L), changedUids, events.toString());
                assertTrue(inbox.getHighestModSeq() > since);
                inbox.close(false);
            } finally {
                store.close();
            }
        }
    }
}
