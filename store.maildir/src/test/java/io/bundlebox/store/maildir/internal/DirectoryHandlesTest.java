package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.append;
import static io.bundlebox.store.maildir.internal.StoreFixture.message;
import static io.bundlebox.store.maildir.internal.StoreFixture.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.UserMailboxes;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedDirectoryStreamException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Message files are opened through their folder's cur/ handle: the handles stay within their
 * bound, and what a client reads is the message of that folder and UID however folders come
 * and go (deleted and created again, renamed, more folders read than handles kept).
 */
class DirectoryHandlesTest {

    @TempDir
    Path root;

    @Test
    void theLeastRecentlyUsedHandleIsClosedBeyondTheBound() throws Exception {
        Path home = Files.createDirectories(root.resolve("dana"));
        Confinement confinement = new Confinement(home);
        DirectoryHandles handles = new DirectoryHandles(2);
        Object a = new Object();
        Object b = new Object();
        Object c = new Object();
        List<SecureDirectoryStream<Path>> opened = new ArrayList<>();
        for (Object owner : List.of(a, b, c)) {
            Path cur = Files.createDirectories(home.resolve("." + opened.size()).resolve("cur"));
            Files.writeString(cur.resolve("m"), "mail " + opened.size());
            opened.add(handles.get(owner, () -> confinement.openDirectory(cur)));
        }
        assertEquals(2, handles.size());
        assertThrows(ClosedDirectoryStreamException.class,
                () -> opened.get(0).newByteChannel(Path.of("m"), Set.of()), "the eldest handle was closed");
        assertSame(opened.get(2), handles.get(c, () -> null), "an open handle is reused");
        handles.forget(b);
        assertThrows(ClosedDirectoryStreamException.class, () -> opened.get(1).newByteChannel(Path.of("m"), Set.of()));
        assertEquals(1, handles.size());
    }

    @Test
    void aDirectoryReachedThroughASymbolicLinkHasNoHandle() throws Exception {
        Path home = Files.createDirectories(root.resolve("erin"));
        Files.createDirectories(home.resolve(".Real/cur"));
        Files.createSymbolicLink(home.resolve(".Alias"), Path.of(".Real"));
        Confinement confinement = new Confinement(home);
        assertNull(confinement.openDirectory(home.resolve(".Alias/cur")), "a link on the way: files are opened by path");
        try (SecureDirectoryStream<Path> real = confinement.openDirectory(home.resolve(".Real/cur"))) {
            assertNotNull(real);
        }
    }

    @Test
    void moreFoldersReadThanHandlesKeptStillServeTheirOwnMessages() throws Exception {
        int folders = DirectoryHandles.DEFAULT_CAPACITY + 6;
        try (MailStore store = StoreFixture.open(root)) {
            UserMailboxes user = store.user("fred");
            List<Mailbox> boxes = new ArrayList<>();
            List<Long> uids = new ArrayList<>();
            for (int i = 0; i < folders; i++) {
                user.create("F" + i, Set.of());
                Mailbox box = user.open("F" + i);
                boxes.add(box);
                uids.add(append(box, message(i)).uid());
            }
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < folders; i++) {
                    assertEquals(message(i), new String(read(boxes.get(i), uids.get(i)), StandardCharsets.UTF_8),
                            "folder F" + i + ", round " + round);
                }
            }
            for (Mailbox box : boxes) {
                box.close();
            }
        }
    }

    @Test
    void aFolderDeletedAndCreatedAgainServesTheNewFoldersMessage() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            UserMailboxes user = store.user("gina");
            user.create("Work", Set.of());
            try (Mailbox work = user.open("Work")) {
                long uid = append(work, message(1)).uid();
                assertEquals(message(1), new String(read(work, uid), StandardCharsets.UTF_8));
            }
            user.delete("Work");
            user.create("Work", Set.of());
            try (Mailbox work = user.open("Work")) {
                long uid = append(work, message(2)).uid();
                assertEquals(message(2), new String(read(work, uid), StandardCharsets.UTF_8));
            }
            user.rename("Work", "Play");
            try (Mailbox play = user.open("Play")) {
                long uid = play.snapshot().uids()[0];
                assertEquals(message(2), new String(read(play, uid), StandardCharsets.UTF_8), "read after RENAME");
            }
        }
    }
}
