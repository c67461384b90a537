package io.bundlebox.core.internal.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bundlebox.imap.api.Flag;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import io.bundlebox.mailstore.StoreConfig;
import io.bundlebox.store.maildir.internal.MaildirStoreProvider;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view shares the snapshot it was selected on until it first differs from it (copy on
 * write): expunges and new messages reported change the view only, never the snapshot, and flag
 * changes are reported once, the session's own not at all (RFC 9051 sections 2.3.1.2 and 7.5).
 */
class SelectedViewTest {

    @TempDir
    Path root;
    private MailStore store;
    private Mailbox mine;
    private Mailbox other;

    /** Records what a sync reports, removing expunged messages from the view as a session does. */
    private static final class Recorder implements SelectedView.Reporter {
        final SelectedView view;
        final List<String> lines = new ArrayList<>();

        Recorder(SelectedView view) {
            this.view = view;
        }

        @Override
        public void expunged(long[] uids) {
            for (long uid : uids) {
                int seq = view.seqOf(uid);
                if (seq > 0) {
                    view.removeSeq(seq);
                    lines.add(seq + " EXPUNGE");
                }
            }
        }

        @Override
        public void exists(int count) {
            lines.add(count + " EXISTS");
        }

        @Override
        public void flags(int seq, MessageRecord record) {
            lines.add(seq + " FETCH " + record.uid());
        }
    }

    @BeforeEach
    void open() throws Exception {
        store = new MaildirStoreProvider().open(new StoreConfig(root, Map.of()));
        mine = store.user("view").open("INBOX");
        other = store.user("view").open("INBOX");
        for (int i = 1; i <= 5; i++) {
            byte[] m = ("Subject: " + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
            other.append(new ByteArrayInputStream(m), m.length, Set.of(), null);
        }
    }

    @AfterEach
    void close() {
        mine.close();
        other.close();
        store.close();
    }

    private static long[] uids(SelectedView view) {
        long[] out = new long[view.size()];
        view.copyUids(1, view.size(), out, 0);
        return out;
    }

    @Test
    void expungesAndNewMessagesChangeTheViewNotTheSnapshot() throws Exception {
        MailboxSnapshot snap = mine.snapshot();
        SelectedView view = new SelectedView(mine, false, snap);
        assertArrayEquals(new long[] {1, 2, 3, 4, 5}, uids(view));
        assertEquals(3, view.seqOf(3));
        assertEquals(5, view.maxUid());

        other.store(new long[] {2, 4}, Mailbox.FlagMode.ADD, Set.of(Flag.DELETED), Long.MAX_VALUE);
        other.expunge(new long[] {2, 4});
        byte[] m = "Subject: 6\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        other.append(new ByteArrayInputStream(m), m.length, Set.of(), null);
        Recorder out = new Recorder(view);
        view.sync(true, out);

        assertEquals(List.of("2 EXPUNGE", "3 EXPUNGE", "4 EXISTS"), out.lines);
        assertArrayEquals(new long[] {1, 3, 5, 6}, uids(view));
        assertEquals(0, view.seqOf(2));
        assertEquals(4, view.seqOf(6));
        assertEquals(6, view.uid(4));
        assertArrayEquals(new long[] {1, 2, 3, 4, 5}, snap.uids(), "the shared snapshot is unchanged");
    }

    @Test
    void flagChangesAreReportedOnceAndTheSessionsOwnNotAtAll() throws Exception {
        SelectedView view = new SelectedView(mine, false, mine.snapshot());
        other.store(new long[] {2}, Mailbox.FlagMode.ADD, Set.of(Flag.SEEN), Long.MAX_VALUE);
        Recorder out = new Recorder(view);
        view.sync(true, out);
        view.sync(true, out);
        assertEquals(List.of("2 FETCH 2"), out.lines);

        for (MessageRecord r : mine.store(new long[] {3}, Mailbox.FlagMode.ADD, Set.of(Flag.FLAGGED),
                Long.MAX_VALUE).records()) {
            view.reported(r); // the session answered its own STORE
        }
        other.store(new long[] {4}, Mailbox.FlagMode.ADD, Set.of(Flag.SEEN), Long.MAX_VALUE);
        out.lines.clear();
        view.sync(true, out);
        assertEquals(List.of("4 FETCH 4"), out.lines);
    }
}
