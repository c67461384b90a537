package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.append;
import static io.bundlebox.store.maildir.internal.StoreFixture.message;
import static io.bundlebox.store.maildir.internal.StoreFixture.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.imap.api.Flag;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxInfo;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.UserMailboxes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maildirs written by Dovecot, mbsync and Courier are served without losing anything. */
class ForeignMaildirTest {

    @TempDir
    Path root;

    @Test
    void dovecotMaildirKeepsUidValidityUidsFlagsAndKeywords() throws Exception {
        Path home = maildir(root.resolve("dana"));
        Files.writeString(home.resolve("dovecot-uidlist"), """
                3 V1600000000 N10 G0123456789abcdef0123456789abcdef
                3 :1600000001.M1P1.mx,S=%d
                5 W999 :1600000002.M2P1.mx
                7 :1600000003.M3P1.mx:2,T
                """.formatted(message(1).length()));
        Files.writeString(home.resolve("dovecot-keywords"), "0 $Important\n1 work\n");
        write(home.resolve("cur/1600000001.M1P1.mx,S=" + message(1).length() + ":2,S"), message(1), 1600000001);
        write(home.resolve("cur/1600000002.M2P1.mx:2,FRSab"), message(2), 1600000002);
        write(home.resolve("cur/1600000003.M3P1.mx:2,PT"), message(3), 1600000003);
        write(home.resolve("new/1600000004.M4P1.mx"), message(4), 1600000004);

        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("dana").open("INBOX")) {
            assertEquals(1600000000L, inbox.uidValidity());
            MailboxSnapshot s = inbox.snapshot();
            assertArrayEquals(new long[] {3, 5, 7, 10}, s.uids(), "Dovecot's UIDs; the new delivery gets N");
            assertEquals(11, s.uidNext());
            assertEquals(Set.of(Flag.SEEN), s.byUid(3).flags());
            assertEquals(Set.of(Flag.FLAGGED, Flag.ANSWERED, Flag.SEEN, "$Important", "work"), s.byUid(5).flags());
            assertEquals(Set.of(Flag.DELETED), s.byUid(7).flags(), "P (passed) is no IMAP flag");
            assertEquals(Set.of(), s.byUid(10).flags());
            assertEquals(Instant.ofEpochSecond(1600000002), s.byUid(5).internalDate(), "INTERNALDATE is the mtime");
            for (long uid : s.uids()) {
                assertEquals(Files.size(file(home, uid == 10 ? "1600000004" : "16000000" + (uid == 3 ? "01"
                        : uid == 5 ? "02" : "03"))), s.byUid(uid).size(), "size is the file's length");
            }
            assertArrayEquals(message(2).getBytes(StandardCharsets.UTF_8), read(inbox, 5));

            inbox.store(new long[] {7}, Mailbox.FlagMode.ADD, Set.of(Flag.SEEN, "work"), Long.MAX_VALUE);
            assertTrue(Files.exists(home.resolve("cur/1600000003.M3P1.mx:2,PSTb")), "P kept, letters in ASCII order");
            long appended = append(inbox, message(5)).uid();
            assertEquals(11, appended);
        }
        // What Dovecot would read next: same UIDVALIDITY, every message with our UIDs.
        DovecotUidlist.Content list = DovecotUidlist.read(home);
        assertEquals(1600000000L, list.uidValidity());
        assertEquals("0123456789abcdef0123456789abcdef", list.guid());
        assertEquals(Set.of(3L, 5L, 7L, 10L, 11L), Set.copyOf(list.uids().values()));
        try (Stream<Path> newDir = Files.list(home.resolve("new"))) {
            assertEquals(0, newDir.count(), "deliveries are moved from new/ to cur/");
        }
    }

    @Test
    void mbsyncMaildirIsPickedUpWithFreshUidsAndNothingLost() throws Exception {
        Path home = maildir(root.resolve("eve"));
        Path archive = maildir(home.resolve(".Archive"));
        Files.writeString(home.resolve(".uidvalidity"), "1234\n57\n");
        Files.writeString(home.resolve(".mbsyncstate"), "FarUidValidity 1\n");
        write(home.resolve("cur/1700000002.12345_2.laptop,U=57:2,S"), message(2), 1700000002);
        write(home.resolve("cur/1700000001.12345_1.laptop,U=56:2,"), message(1), 1700000001);
        write(home.resolve("new/1700000003.12345_3.laptop,U=58"), message(3), 1700000003);
        write(archive.resolve("cur/1690000000.1_1.laptop,U=1:2,RS"), message(9), 1690000000);

        try (MailStore store = StoreFixture.open(root)) {
            UserMailboxes eve = store.user("eve");
            assertEquals(Set.of("INBOX", "Archive"),
                    eve.list().stream().map(MailboxInfo::name).collect(Collectors.toSet()));
            try (Mailbox inbox = eve.open("INBOX"); Mailbox arch = eve.open("Archive")) {
                MailboxSnapshot s = inbox.snapshot();
                assertArrayEquals(new long[] {1, 2, 3}, s.uids(), "fresh UIDs in delivery order");
                assertEquals(Set.of(), s.byUid(1).flags());
                assertEquals(Set.of(Flag.SEEN), s.byUid(2).flags());
                for (int i = 1; i <= 3; i++) {
                    assertArrayEquals(message(i).getBytes(StandardCharsets.UTF_8), read(inbox, i));
                }
                assertEquals(Set.of(Flag.ANSWERED, Flag.SEEN), arch.snapshot().get(0).flags());
                assertTrue(inbox.uidValidity() > 0);
            }
        }
        assertTrue(Files.exists(home.resolve("dovecot-uidlist")), "a uidlist is written for Dovecot to agree");
    }

    @Test
    void courierUidDatabaseKeepsItsUids() throws Exception {
        Path home = maildir(root.resolve("finn"));
        Files.writeString(home.resolve("courierimapuiddb"), "1 1500000000 9\n4 1500000001.a.host\n8 1500000002.b.host\n");
        write(home.resolve("cur/1500000001.a.host:2,S"), message(1), 1500000001);
        write(home.resolve("cur/1500000002.b.host:2,"), message(2), 1500000002);
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("finn").open("INBOX")) {
            assertEquals(1500000000L, inbox.uidValidity());
            assertArrayEquals(new long[] {4, 8}, inbox.snapshot().uids());
            assertEquals(9, inbox.snapshot().uidNext());
        }
    }

    private static Path maildir(Path dir) throws Exception {
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(dir.resolve(sub));
        }
        return dir;
    }

    private static void write(Path file, String content, long mtimeSeconds) throws Exception {
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(mtimeSeconds)));
    }

    private static Path file(Path home, String prefix) throws Exception {
        try (Stream<Path> files = Files.list(home.resolve("cur"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
    }
}
