package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.append;
import static io.bundlebox.store.maildir.internal.StoreFixture.await;
import static io.bundlebox.store.maildir.internal.StoreFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bundlebox.imap.api.Flag;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures a snapshot carries without a walk (messages per flag, first unseen, octets: what
 * STATUS UNSEEN/DELETED/SIZE and SELECT's [UNSEEN n] answer) stay equal to a count over its
 * messages through appends, flag changes, expunges, a delivery and a flag rename from outside,
 * and a reopen of the store.
 */
class FlagTallyTest {

    @TempDir
    Path temp;

    @Test
    void keptFiguresEqualACountAfterEveryKindOfChange() throws Exception {
        Path mail = temp.resolve("mail");
        Random random = new Random(15);
        try (MailStore store = StoreFixture.open(mail); Mailbox box = store.user("tally").open("INBOX")) {
            for (int i = 1; i <= 60; i++) {
                append(box, message(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        i % 3 == 0 ? Set.of(Flag.SEEN) : i % 7 == 0 ? Set.of(Flag.FLAGGED, "work") : Set.of(), null);
            }
            assertCounted(box.snapshot(), "after appends");
            for (int round = 0; round < 30; round++) {
                long[] uids = box.snapshot().uids();
                long[] some = random.ints(5, 0, uids.length).mapToLong(i -> uids[i]).sorted().distinct().toArray();
                Mailbox.FlagMode mode = Mailbox.FlagMode.values()[round % 3];
                Set<String> flags = round % 4 == 0 ? Set.of(Flag.SEEN, Flag.DELETED) : round % 4 == 1 ? Set.of("work")
                        : Set.of(Flag.SEEN);
                box.store(some, mode, flags, Long.MAX_VALUE);
                assertCounted(box.snapshot(), "after STORE " + mode + " " + flags);
                if (round % 5 == 4) {
                    box.expunge(null);
                    assertCounted(box.snapshot(), "after EXPUNGE");
                }
            }
            // a delivery into new/ and a flag change by renaming in cur/, as another program does them
            Path home = mail.resolve("tally");
            Files.writeString(home.resolve("tmp/1700000001.M1P9.mda"), message(100));
            Files.move(home.resolve("tmp/1700000001.M1P9.mda"), home.resolve("new/1700000001.M1P9.mda"));
            int before = box.snapshot().size();
            await(Duration.ofSeconds(10), "the delivery indexed", () -> size(box) == before + 1);
            assertCounted(box.snapshot(), "after a delivery");
            Path unseenFile;
            try (var files = Files.list(home.resolve("cur"))) {
                unseenFile = files.filter(p -> !p.getFileName().toString().matches(".*:2,[A-Z]*S.*")).findFirst().orElseThrow();
            }
            int unseenBefore = box.snapshot().unseen();
            Files.move(unseenFile, unseenFile.resolveSibling(unseenFile.getFileName().toString().replaceFirst(":2,.*$", ":2,S")));
            await(Duration.ofSeconds(10), "the rename indexed", () -> unseen(box) == unseenBefore - 1);
            assertCounted(box.snapshot(), "after a rename from outside");
        }
        try (MailStore store = StoreFixture.open(mail); Mailbox box = store.user("tally").open("INBOX")) {
            assertCounted(box.snapshot(), "after reopening");
        }
    }

    private static int size(Mailbox box) {
        try {
            return box.snapshot().size();
        } catch (Exception e) {
            return -1;
        }
    }

    private static int unseen(Mailbox box) {
        try {
            return box.snapshot().unseen();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void assertCounted(MailboxSnapshot s, String when) {
        MessageRecord[] all = new MessageRecord[s.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = s.get(i);
        }
        MailboxSnapshot counted = new MailboxSnapshot(s.uidValidity(), s.uidNext(), s.highestModSeq(), all);
        for (String f : Set.of(Flag.SEEN, Flag.DELETED, Flag.FLAGGED, "work")) {
            assertEquals(counted.count(f), s.count(f), when + ": messages with " + f);
        }
        assertEquals(counted.unseen(), s.unseen(), when + ": UNSEEN");
        assertEquals(counted.firstUnseen(), s.firstUnseen(), when + ": first unseen");
        assertEquals(counted.octets(), s.octets(), when + ": SIZE");
    }
}
