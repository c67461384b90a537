package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailboxChange;
import io.bundlebox.mailstore.UserMailboxes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mailbox-level events a Maildir store publishes carry what a watcher reports (RFC 5465
 * sections 5.4 and 5.5): parents created on the way, a rename's old and new name, whether a
 * subscription change subscribed or unsubscribed.
 */
class MailboxLevelEventsTest {

    @TempDir
    Path root;

    private static String describe(MailboxChange c) {
        return switch (c.kind()) {
            case RENAMED -> "RENAMED " + c.oldName() + " -> " + c.mailbox();
            case SUBSCRIPTIONS -> (c.subscribed() ? "SUBSCRIBED " : "UNSUBSCRIBED ") + c.mailbox();
            default -> c.kind() + " " + c.mailbox();
        };
    }

    @Test
    void createRenameAndSubscriptionsSayWhatChanged() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            List<String> seen = new CopyOnWriteArrayList<>();
            store.addListener(c -> seen.add(describe(c)));
            UserMailboxes kim = store.user("kim");

            kim.create("Lists/Work/2026", Set.of());
            kim.subscribe("Lists/Work");
            kim.rename("Lists/Work", "Archive/Old/Work");
            kim.unsubscribe("Lists/Work");
            kim.delete("Lists");

            List<String> expected = List.of(
                    "CREATED Lists", "CREATED Lists/Work", "CREATED Lists/Work/2026",
                    "SUBSCRIBED Lists/Work",
                    "CREATED Archive", "CREATED Archive/Old", "RENAMED Lists/Work -> Archive/Old/Work",
                    "UNSUBSCRIBED Lists/Work",
                    "DELETED Lists");
            await(Duration.ofSeconds(10), "all events", () -> seen.size() >= expected.size());
            assertEquals(expected, seen);
        }
    }

    @Test
    void aRenameMovesTheMailboxAndItsInferiorsButNotInbox() {
        MailboxChange r = MailboxChange.renamed("kim", "Lists/Work", "Archive/Work");
        assertEquals("Archive/Work", r.renamedName("Lists/Work"));
        assertEquals("Archive/Work/2026", r.renamedName("Lists/Work/2026"));
        assertNull(r.renamedName("Lists/Workshop"), "a sibling with the same prefix stays");
        assertNull(r.renamedName("Lists"));
        MailboxChange inbox = MailboxChange.renamed("kim", "INBOX", "Old-Inbox");
        assertNull(inbox.renamedName("INBOX"), "RENAME INBOX leaves INBOX in place (RFC 9051 6.3.6)");
        assertEquals(true, r.concerns("Lists/Work/2026"));
        assertEquals(true, r.concerns("Archive/Work"));
        assertEquals(false, r.concerns("Lists"));
    }
}
