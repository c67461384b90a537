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
 * check or a jump of UIDNEXT to the durable reservation. Handles on the old name report it gone.
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
                assertEquals(ResponseCode.NONEXISTENT,
                        assertThrows(MailStoreException.class, selected::snapshot).code(), "the old name is gone");
                try (Mailbox renamed = user.open("Archive/2026/Old")) {
                    assertEquals(uidValidity, renamed.uidValidity());
                    assertArrayEquals(new long[] {1, 2}, renamed.snapshot().uids(), "same messages, same UIDs");
                    assertEquals(3, renamed.snapshot().uidNext(), "UIDNEXT unchanged");
                    assertEquals(3, append(renamed, message(3)).uid(), "no jump of UIDs after a rename");
                }
            }
        }
    }
}
