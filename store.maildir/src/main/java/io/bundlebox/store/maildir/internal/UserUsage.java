package io.bundlebox.store.maildir.internal;

import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.MailboxInfo;
import io.bundlebox.mailstore.Usage;
import io.bundlebox.mailstore.UsageCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link UsageCounter} of one Maildir user: the sum of the live counters every folder's
 * {@link FolderIndex} keeps with each change (appends, copies, expunges, and the outside
 * deliveries and removals its watcher sees), over the user's folders as the last listing of the
 * user's directory found them. That listing is refreshed by every {@code list()} (LIST, LSUB) and
 * every create, delete and rename, never by a usage query; so a query visits one in-memory index
 * per mailbox and no file. The first query after the store opened loads the indexes of the
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

    /** Mailbox name to its folder directory; null until the first query. */
    private volatile Map<String, Path> folders;
    private final Folders open;

    UserUsage(Folders open) {
        this.open = open;
    }

    @Override
    public Usage usage() throws MailStoreException {
        if (folders == null) {
            open.list();
        }
        Map<String, Path> current = folders;
        long messages = 0;
        long octets = 0;
        long mailboxes = 0;
        for (Map.Entry<String, Path> f : current.entrySet()) {
            FolderIndex index;
            try {
                index = open.folder(f.getKey());
            } catch (MailStoreException e) {
                if (!Files.isDirectory(f.getValue().resolve("cur"))) {
                    continue; // deleted or renamed since the listing: the next listing drops it
                }
                throw e;
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
        Map<String, Path> next = new LinkedHashMap<>();
        for (MailboxInfo info : mailboxes) {
            next.put(info.name(), dirOf.apply(info.name()));
        }
        folders = Map.copyOf(next);
    }
}
