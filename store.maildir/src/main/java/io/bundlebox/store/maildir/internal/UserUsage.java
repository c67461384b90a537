package io.bundlebox.store.maildir.internal;

import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.MailboxInfo;
import io.bundlebox.mailstore.Usage;
import io.bundlebox.mailstore.UsageCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link UsageCounter} of one Maildir user: the sum of the live counters every folder's
 * {@link FolderIndex} keeps with each change (appends, copies, expunges, and the outside
 * deliveries and removals its watcher sees), over the user's folders as the last listing of the
 * user's directory found them. That listing is refreshed by every {@code list()} (LIST, LSUB) and
 * every create, delete and rename, never by a usage query; so a query visits one in-memory index
 * per mailbox and no file: the listing keeps each folder's index once found (looked up again only
 * when that index was closed, by a rename, a delete or the store's close), so a query is a sum
 * over the folders without a path built or hashed (an APPEND under ext.quota asks once). The
 * first query after the store opened loads the indexes of the
 * folders not opened yet: the count then comes from each folder's index, and a folder is checked
 * against its directory only when its index says it was not closed cleanly (or is lost).
 */
final class UserUsage implements UsageCounter {

    /** The user's folders: opening one's index (or finding it loaded), and listing them all. */
    interface Folders {
        FolderIndex folder(String name) throws MailStoreException;

        /** Lists the user's directory, which hands the result to {@link UserUsage#listed}. */
        void list() throws MailStoreException;
    }

    /** One folder of the listing: its directory and its index once a query found it. */
    private static final class Folder {
        final String name;
        final Path dir;
        /** The index last found; replaced when found closed. Racing queries store the same one. */
        volatile FolderIndex index;

        Folder(String name, Path dir) {
            this.name = name;
            this.dir = dir;
        }
    }

    /** The user's folders as last listed; null until the first query. */
    private volatile List<Folder> folders;
    private final Folders open;

    UserUsage(Folders open) {
        this.open = open;
    }

    @Override
    public Usage usage() throws MailStoreException {
        if (folders == null) {
            open.list();
        }
        List<Folder> current = folders;
        long messages = 0;
        long octets = 0;
        long mailboxes = 0;
        for (Folder f : current) {
            FolderIndex index = f.index;
            if (index == null || index.isClosed()) {
                try {
                    index = open.folder(f.name);
                } catch (MailStoreException e) {
                    if (!Files.isDirectory(f.dir.resolve("cur"))) {
                        continue; // deleted or renamed since the listing: the next listing drops it
                    }
                    throw e;
                }
                f.index = index;
            }
            messages += index.messages();
            octets += index.octets();
            mailboxes++;
        }
        return new Usage(messages, octets, mailboxes);
    }

    /** Whether a listing was taken (the first query takes one). */
    boolean listed() {
        return folders != null;
    }

    /** Takes the user's folders from a fresh listing of their directory. */
    void listed(List<MailboxInfo> mailboxes, java.util.function.Function<String, Path> dirOf) {
        List<Folder> next = new ArrayList<>(mailboxes.size());
        for (MailboxInfo info : mailboxes) {
            next.add(new Folder(info.name(), dirOf.apply(info.name())));
        }
        folders = List.copyOf(next);
    }
}
