package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.append;
import static io.bundlebox.store.maildir.internal.StoreFixture.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.UserMailboxes;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RENAME keeps a mailbox's UIDVALIDITY, UIDs and UIDNEXT (RFC 9051 section 6.3.6): its index is
 * closed cleanly before the folder moves, so it reopens under the new name without a folder
 * check or a jump of UIDNEXT to the durable reservation. A handle open during the rename (a
 * session that has it selected) follows it to the new name; once the mailbox is deleted, it
 * reports it gone.
 */
class RenameFollowTest {

    @TempDir
    Path root;

    @Test
    void aRenamedMailboxKeepsItsUidsAndUidnext() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            UserMailboxes user = store.user("rita");
            user.create("Projects/Old", Set.of());
            try (Mailbox selected = user.open("Projects/Old")) {
                append(selected, message(1));
                append(selected, message(2));
                long uidValidity = selected.uidValidity();
                user.rename("Projects", "Archive/2026");
                assertEquals("Archive/2026/Old", selected.name(), "the open handle follows the rename");
                assertArrayEquals(new long[] {1, 2}, selected.snapshot().uids());
                try (Mailbox renamed = user.open("Archive/2026/Old")) {
                    assertEquals(uidValidity, renamed.uidValidity());
                    assertArrayEquals(new long[] {1, 2}, renamed.snapshot().uids(), "same messages, same UIDs");
                    assertEquals(3, renamed.snapshot().uidNext(), "UIDNEXT unchanged");
                    assertEquals(3, append(renamed, message(3)).uid(), "no jump of UIDs after a rename");
                }
                assertArrayEquals(new long[] {1, 2, 3}, selected.snapshot().uids(), "one index for both handles");
                assertEquals(4, append(selected, message(4)).uid());
                // renamed again, the mailbox itself this time, before the handle was used in between
                user.rename("Archive/2026/Old", "Old");
                user.rename("Old", "Older");
                assertEquals("Older", selected.name());
                assertEquals(uidValidity, selected.uidValidity());
                assertEquals(4, selected.snapshot().size());
                user.delete("Older");
                assertEquals(ResponseCode.NONEXISTENT,
                        assertThrows(MailStoreException.class, selected::snapshot).code(), "a deleted mailbox is gone");
            }
        }
    }
}
