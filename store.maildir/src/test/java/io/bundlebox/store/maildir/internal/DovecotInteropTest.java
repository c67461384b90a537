package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.append;
import static io.bundlebox.store.maildir.internal.StoreFixture.await;
import static io.bundlebox.store.maildir.internal.StoreFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.imap.api.Flag;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import io.bundlebox.mailstore.UserMailboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dovecot 2.3 serving a Maildir after Bundlebox wrote it agrees on everything a client sees:
 * UIDVALIDITY, every UID, flags and keywords, and the next UID it assigns (never one Bundlebox
 * gave before, RFC 9051 section 2.3.1.1) — so {@code dovecot-uidlist} and
 * {@code dovecot-keywords} are kept as Dovecot keeps them.
 */
class DovecotInteropTest {

    private static final Pattern FETCHED = Pattern.compile("uid: (\\d+)\\s+flags: ([^\\n]*)");

    @TempDir
    Path temp;

    @Test
    void dovecotServesWhatBundleboxWrote() throws Exception {
        Path mail = temp.resolve("mail");
        Map<String, MailboxSnapshot> written = new TreeMap<>();
        try (MailStore store = StoreFixture.open(mail)) {
            UserMailboxes user = store.user("dora");
            user.create("Work/Projects", Set.of());
            try (Mailbox inbox = user.open("INBOX"); Mailbox work = user.open("Work/Projects")) {
                for (int i = 1; i <= 6; i++) {
                    append(inbox, message(i));
                }
                inbox.store(new long[] {1}, Mailbox.FlagMode.ADD, Set.of(Flag.SEEN), Long.MAX_VALUE);
                inbox.store(new long[] {2}, Mailbox.FlagMode.ADD, Set.of(Flag.FLAGGED, "work", "$Label1"), Long.MAX_VALUE);
                inbox.store(new long[] {4}, Mailbox.FlagMode.ADD, Set.of(Flag.ANSWERED, Flag.DRAFT), Long.MAX_VALUE);
                // The highest UIDs expunged: Dovecot must not give 5 or 6 again.
                inbox.store(new long[] {3, 5, 6}, Mailbox.FlagMode.ADD, Set.of(Flag.DELETED), Long.MAX_VALUE);
                inbox.expunge(null);
                // A delivery from outside, as an MDA writes it.
                Path home = mail.resolve("dora");
                Files.writeString(home.resolve("tmp/1700000001.M1P9.mda"), message(7));
                Files.move(home.resolve("tmp/1700000001.M1P9.mda"), home.resolve("new/1700000001.M1P9.mda"));
                await(Duration.ofSeconds(10), "the delivery indexed", () -> size(inbox) == 4);
                inbox.copy(new long[] {2, 4}, work);
                work.store(new long[] {1}, Mailbox.FlagMode.REMOVE, Set.of("work"), Long.MAX_VALUE);
                written.put("INBOX", inbox.snapshot());
                written.put("Work/Projects", work.snapshot());
            }
        }
        for (Map.Entry<String, MailboxSnapshot> w : written.entrySet()) {
            MailboxSnapshot ours = w.getValue();
            Path folder = w.getKey().equals("INBOX") ? mail.resolve("dora")
                    : mail.resolve("dora").resolve(FolderNames.dirName(w.getKey()));
            List<String> lines = Files.readAllLines(folder.resolve(DovecotUidlist.FILE));
            assertTrue(lines.getFirst().startsWith("3 V" + ours.uidValidity() + " N" + ours.uidNext() + " G"),
                    w.getKey() + ": the header names the next UID, as Dovecot writes it: " + lines.getFirst());
            assertEquals(Arrays.stream(ours.uids()).boxed().toList(),
                    lines.stream().skip(1).map(l -> Long.parseLong(l.split(" ", 2)[0])).toList(),
                    w.getKey() + ": one line per message, none for expunged ones: " + lines);
        }
        try (PrivateDovecot dovecot = PrivateDovecot.start(temp.resolve("dovecot"), mail)) {
            for (Map.Entry<String, MailboxSnapshot> w : written.entrySet()) {
                // Dovecot's Maildir++ hierarchy separator is '.'.
                String box = w.getKey().replace('/', '.');
                MailboxSnapshot ours = w.getValue();
                assertEquals(flagsByUid(ours), fetch(dovecot, box), box + ": Dovecot's UIDs, flags and keywords");
                String status = dovecot.doveadm("mailbox", "status", "-u", "dora", "uidvalidity uidnext messages", box);
                assertEquals(box + " messages=" + ours.size() + " uidnext=" + ours.uidNext() + " uidvalidity="
                        + ours.uidValidity(), status.trim(), box + ": Dovecot's STATUS");
                dovecot.save("dora", box, message(100));
                TreeMap<Long, Set<String>> after = fetch(dovecot, box);
                assertEquals(ours.uidNext(), after.lastKey(), box + ": the UID Dovecot assigns next");
            }
        }
    }

    private static int size(Mailbox box) {
        try {
            return box.snapshot().size();
        } catch (Exception e) {
            return -1;
        }
    }

    private static TreeMap<Long, Set<String>> flagsByUid(MailboxSnapshot s) {
        TreeMap<Long, Set<String>> all = new TreeMap<>();
        for (int i = 0; i < s.size(); i++) {
            MessageRecord r = s.get(i);
            all.put(r.uid(), new TreeSet<>(r.flags()));
        }
        return all;
    }

    private static TreeMap<Long, Set<String>> fetch(PrivateDovecot dovecot, String box) throws Exception {
        String out = dovecot.doveadm("fetch", "-u", "dora", "uid flags", "mailbox", box, "all");
        TreeMap<Long, Set<String>> all = new TreeMap<>();
        Matcher m = FETCHED.matcher(out);
        while (m.find()) {
            Set<String> flags = new TreeSet<>(Arrays.asList(m.group(2).trim().split(" +")));
            flags.remove("");
            flags.remove(Flag.RECENT);
            all.put(Long.parseLong(m.group(1)), flags);
        }
        return all;
    }
}
