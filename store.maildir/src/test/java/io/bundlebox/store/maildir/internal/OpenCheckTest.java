package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.append;
import static io.bundlebox.store.maildir.internal.StoreFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.UserMailboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an open of a mailbox checked (its name, its folder inside the user's Maildir, its index)
 * is taken again by later opens of the same name only while it still holds: a mailbox deleted,
 * renamed or replaced by a symbolic link out of the Maildir, by this store or from outside, is
 * gone for the next open, and keywords added since are listed.
 */
class OpenCheckTest {

    @TempDir
    Path root;
    @TempDir
    Path outside;

    /** Opens twice, the second time after the folder's mtimes are old enough to be trusted, so that it is the kept check. */
    private static Mailbox openKept(UserMailboxes user, String name) throws Exception {
        user.open(name).close();
        Thread.sleep(150); // FolderListing.racy: an mtime younger than 100 ms is not trusted
        user.open(name).close();
        return user.open(name);
    }

    @Test
    void aFolderRemovedFromOutsideIsGoneForTheNextOpen() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            UserMailboxes alice = store.user("alice");
            alice.create("Work", Set.of());
            try (Mailbox work = openKept(alice, "Work")) {
                append(work, message(1));
            }
            MaildirUser.deleteTree(root.resolve("alice/.Work"));
            MailStoreException e = assertThrows(MailStoreException.class, () -> alice.open("Work"));
            assertEquals(ResponseCode.NONEXISTENT, e.code());
        }
    }

    @Test
    void aFolderReplacedByALinkOutOfTheMaildirIsGoneForTheNextOpen() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            try (Mailbox bob = store.user("bob").open("INBOX")) {
                append(bob, message(1));
            }
            UserMailboxes alice = store.user("alice");
            alice.create("Work", Set.of());
            openKept(alice, "Work").close();
            MaildirUser.deleteTree(root.resolve("alice/.Work"));
            Files.createSymbolicLink(root.resolve("alice/.Work"), Path.of("../bob"));
            assertThrows(MailStoreException.class, () -> alice.open("Work"));
        }
    }

    @Test
    void inboxWhoseCurIsReplacedByALinkOutIsGoneForTheNextOpen() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            UserMailboxes alice = store.user("alice");
            openKept(alice, "INBOX").close();
            Files.createDirectories(outside.resolve("cur"));
            Path cur = root.resolve("alice/cur");
            Files.move(cur, root.resolve("alice/tmp/old-cur"));
            Files.createSymbolicLink(cur, outside.resolve("cur"));
            assertThrows(MailStoreException.class, () -> alice.open("INBOX"));
        }
    }

    @Test
    void deleteAndRenameByTheStoreEndTheKeptCheck() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            UserMailboxes alice = store.user("alice");
            alice.create("Old", Set.of());
            alice.create("Gone", Set.of());
            try (Mailbox old = openKept(alice, "Old")) {
                append(old, message(1));
            }
            openKept(alice, "Gone").close();
            alice.rename("Old", "New");
            alice.delete("Gone");
            assertEquals(ResponseCode.NONEXISTENT,
                    assertThrows(MailStoreException.class, () -> alice.open("Old")).code());
            assertEquals(ResponseCode.NONEXISTENT,
                    assertThrows(MailStoreException.class, () -> alice.open("Gone")).code());
            try (Mailbox renamed = alice.open("New")) {
                assertEquals(1, renamed.snapshot().size());
            }
            alice.create("Gone", Set.of()); // created again: opens the new, empty folder
            try (Mailbox again = alice.open("Gone")) {
                assertEquals(0, again.snapshot().size());
            }
        }
    }

    @Test
    void keywordsAddedSinceTheLastListAreListed() throws Exception {
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = openKept(store.user("alice"), "INBOX")) {
            long uid = append(inbox, message(1)).uid();
            assertEquals(Set.of(), inbox.keywords());
            inbox.store(new long[] {uid}, Mailbox.FlagMode.ADD, Set.of("$Label1"), Long.MAX_VALUE);
            assertEquals(List.of("$Label1"), List.copyOf(inbox.keywords()));
            inbox.store(new long[] {uid}, Mailbox.FlagMode.ADD, Set.of("$Label2"), Long.MAX_VALUE);
            assertEquals(List.of("$Label1", "$Label2"), List.copyOf(inbox.keywords()));
        }
    }
}
