package io.bundlebox.store.maildir.internal;

import io.bundlebox.imap.api.ResponseCode;
import java.io.IOException;
import io.bundlebox.mailstore.AppendResult;
import io.bundlebox.mailstore.Changes;
import io.bundlebox.mailstore.CopyResult;
import io.bundlebox.mailstore.ExpungeResult;
import io.bundlebox.mailstore.HeaderKeys;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.StoreResult;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.util.Set;

/**
 * One session's handle on a folder; all state lives in the shared {@link FolderIndex}. The handle
 * follows its folder through a RENAME (of the folder or of a superior): the rename closes the
 * index and names its successor, the index of the folder under its new name, which the handle
 * takes from then on ({@link Mailbox#name} included). A deleted folder stays deleted
 * ({@code NONEXISTENT}).
 */
final class MaildirMailbox implements Mailbox {

    private final MaildirUser owner;
    private volatile FolderIndex folder;
    private volatile boolean closed;

    MaildirMailbox(MaildirUser owner, FolderIndex folder) {
        this.owner = owner;
        this.folder = folder;
    }

    @Override
    public String name() {
        return current().name();
    }

    /** The folder's shared index: one per open folder, replaced when a rename reopens it. */
    @Override
    public Object identity() {
        return current();
    }

    @Override
    public long uidValidity() {
        return current().uidValidity();
    }

    @Override
    public MailboxSnapshot snapshot() throws MailStoreException {
        return open().snapshot();
    }

    @Override
    public Set<String> keywords() throws MailStoreException {
        return open().keywords();
    }

    @Override
    public SeekableByteChannel content(long uid) throws MailStoreException {
        return open().content(uid);
    }

    @Override
    public AppendResult append(InputStream content, long size, Set<String> flags, Instant internalDate)
            throws MailStoreException {
        return open().append(content, size, flags, internalDate);
    }

    @Override
    public CopyResult copy(long[] uids, Mailbox target) throws MailStoreException {
        return open().copyTo(uids, targetOf(target), false);
    }

    @Override
    public CopyResult move(long[] uids, Mailbox target) throws MailStoreException {
        return open().moveTo(uids, targetOf(target));
    }

    @Override
    public StoreResult store(long[] uids, FlagMode mode, Set<String> flags, long unchangedSince)
            throws MailStoreException {
        return open().store(uids, mode, flags, unchangedSince);
    }

    @Override
    public ExpungeResult expunge(long[] uids) throws MailStoreException {
        return open().expunge(uids);
    }

    @Override
    public Changes changesSince(long modSeq) throws MailStoreException {
        return open().changesSince(modSeq);
    }

    @Override
    public String cached(long uid, String key) throws MailStoreException {
        return open().cached(uid, key);
    }

    @Override
    public void cache(long uid, String key, String value) throws MailStoreException {
        open().cache(uid, key, value);
    }

    /**
     * All cached keys under one index lock; messages delivered from outside (never appended
     * through the store) get theirs computed from their header blocks on first request and
     * cached in one index write.
     */
    @Override
    public HeaderKeys[] headerKeys(long[] uids) throws MailStoreException {
        FolderIndex index = open();
        String[] cached = index.cachedAll(uids, HeaderKeys.CACHE_KEY);
        HeaderKeys[] out = new HeaderKeys[uids.length];
        long[] computedUids = new long[uids.length];
        String[] computed = new String[uids.length];
        int n = 0;
        for (int i = 0; i < uids.length; i++) {
            out[i] = cached[i] == null ? null : HeaderKeys.fromCache(cached[i]);
            if (out[i] == null) {
                try (SeekableByteChannel ch = index.content(uids[i])) {
                    out[i] = HeaderKeys.read(ch);
                } catch (MailStoreException | IOException e) {
                    continue; // gone or unreadable: null
                }
                computedUids[n] = uids[i];
                computed[n++] = out[i].toCache();
            }
        }
        if (n > 0) {
            index.cacheAll(computedUids, n, HeaderKeys.CACHE_KEY, computed);
        }
        return out;
    }

    @Override
    public long claimRecent(long upTo) throws MailStoreException {
        return open().recent().claim(upTo);
    }

    @Override
    public long firstUnclaimedRecent() throws MailStoreException {
        return open().recent().first();
    }

    @Override
    public void close() {
        closed = true;
    }

    private FolderIndex open() throws MailStoreException {
        if (closed) {
            throw new MailStoreException(ResponseCode.CANNOT, "Mailbox handle " + folder.name() + " is closed");
        }
        return current();
    }

    /** The index of the folder now: the successors of indexes closed by renames, followed. */
    private FolderIndex current() {
        FolderIndex f = folder;
        while (f.isClosed() && f.isMoving()) {
            FolderIndex next = f.successor();
            if (next == null) {
                owner.awaitRename(); // closed, successor not named yet: the rename is under way
                next = f.successor();
                if (next == null) {
                    break; // could not be reopened: calls fail with NONEXISTENT
                }
            }
            f = next;
        }
        folder = f;
        return f;
    }

    private static FolderIndex targetOf(Mailbox target) throws MailStoreException {
        if (target instanceof MaildirMailbox m) {
            return m.open();
        }
        throw new MailStoreException(ResponseCode.CANNOT, "Target mailbox belongs to another store");
    }
}
