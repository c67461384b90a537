package io.bundlebox.store.maildir.internal;

import io.bundlebox.imap.api.Flag;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.mailstore.AppendResult;
import io.bundlebox.mailstore.Changes;
import io.bundlebox.mailstore.CopyResult;
import io.bundlebox.mailstore.ExpungeResult;
import io.bundlebox.mailstore.HeaderKeys;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox.FlagMode;
import io.bundlebox.mailstore.ChangeOrigin;
import io.bundlebox.mailstore.MailboxChange;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import io.bundlebox.mailstore.StoreResult;
import io.bundlebox.mime.HeaderBlock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedDirectoryStreamException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one shared in-memory index of a Maildir folder, backed by its {@link IndexLog}. Every
 * handle on the folder in this JVM delegates here; a single lock orders all changes, while file
 * writes and fsyncs happen outside it where possible so concurrent appends share fsyncs.
 *
 * <p>Every message lives in {@code cur/} as {@code base:2,LETTERS}; files delivered into
 * {@code new/} by outside agents are moved to {@code cur/} when noticed (as Dovecot does). The
 * index holds per UID: the file name, flags, MODSEQ, size (the file's length), INTERNALDATE
 * (also the file's mtime, the Maildir convention), SAVEDATE and cached derived strings; plus
 * UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and the log of expunged UIDs with their MODSEQ.
 *
 * <p>Record types of the log: {@code A} added, {@code F} flags/file name changed, {@code X}
 * expunged, {@code C} cached value, {@code S} state (UIDNEXT, HIGHESTMODSEQ, and the mtime of
 * {@code cur/} when the folder was closed cleanly, so that a clean restart needs no directory scan).
 */
final class FolderIndex {

    private static final Logger LOG = Logger.getLogger(FolderIndex.class.getName());
    private static final long TMP_MAX_AGE_MILLIS = TimeUnit.HOURS.toMillis(36);
    private static final char ADDED = 'A';
    private static final char FLAGS = 'F';
    private static final char EXPUNGED = 'X';
    private static final char CACHED = 'C';
    private static final char STATE = 'S';
    private static final char RESERVED = 'R';
    /** UIDs and MODSEQs reserved (durably) at a time; see {@link #reserve}. */
    private static final long RESERVE = 1_000;
    /** The largest UID (RFC 9051 section 9: {@code nz-number} is 32-bit unsigned). */
    static final long MAX_UID = 0xFFFF_FFFFL;
    /** How long a vanished file may take to reappear under a new name (a rename seen in halves). */
    private static final long VANISH_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Set<OpenOption> READ_NO_FOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    /** One message; mutable fields guarded by the folder lock. */
    private static final class Entry {
        final long uid;
        String fileName;
        MessageRecord record;
        Map<String, String> cache;

        Entry(long uid, String fileName, MessageRecord record) {
            this.uid = uid;
            this.fileName = fileName;
            this.record = record;
        }

        /** The unchanging part of the file name (computed on demand: loading 100k entries stays lean). */
        String base() {
            return MaildirFileName.base(fileName);
        }
    }

    private final MaildirStore store;
    private final String user;
    private final String name;
    private final Path dir;
    private final Path cur;
    private final Path newDir;
    private final Path tmp;
    private final Confinement confinement;
    private final ReentrantLock lock = new ReentrantLock();
    private final EntryTable<Entry> entries = new EntryTable<>();
    /** Entries by file-name base; built on first need (outside changes), not at load. */
    private HashMap<String, Entry> byBase;
    /** Interned flag sets: most messages share a handful, which keeps 100k records small. */
    private final HashMap<Set<String>, Set<String>> flagSets = new HashMap<>();
    private final Set<String> usedKeywords = new LinkedHashSet<>();
    /**
     * {@link #keywords()} as last built, and the {@link DovecotKeywords#version} and the number of
     * used keywords (which only grows) it was built from; guarded by the lock.
     */
    private Set<String> keywordSet;
    private int keywordSetVersion;
    private int keywordSetUsed;
    /** UIDs whose file vanished from cur/, with the deadline for reappearing; guarded by the lock. */
    private final Map<Long, Long> vanished = new java.util.concurrent.ConcurrentHashMap<>();
    private final GroupSync curSync;
    /** Placed but not yet durable, oldest first; guarded by the lock. */
    private final java.util.ArrayDeque<Batch> uncommitted = new java.util.ArrayDeque<>();
    /** File-name bases of {@link #uncommitted} files, which the folder checks must not take for outside deliveries. */
    private final Set<String> pendingBases = new HashSet<>();
    private final RecentMark recent;
    private long[] expungedUids = new long[16];
    private long[] expungedModSeqs = new long[16];
    private int expungedCount;
    /**
     * The changes in MODSEQ order, as (MODSEQ, UID) pairs ascending by MODSEQ (MODSEQs are given in
     * ascending order, so a change is an append), for {@link #changesSince} to find the messages
     * changed after a point without visiting the others (RFC 7162 section 3.2.5's resync on 100k
     * messages). Built from the entries on first need, not at load; pairs whose message changed
     * again or went are skipped when read and squeezed out when the journal grows past twice the
     * mailbox. Guarded by the lock.
     */
    private long[] journalModSeqs;
    private long[] journalUids;
    private int journalSize;
    private long uidValidity;
    private long uidNext = 1;
    /** 1 before the first change: 0 would say "no persistent mod-sequences" (RFC 7162 section 3.1.7). */
    private long highestModSeq = 1;
    /** Durable upper bounds: every UID given is below the first, every MODSEQ at most the second. */
    private long reservedUidNext;
    private long reservedModSeq;
    private long records;
    /** Sum of the entries' sizes and their number; written under the lock by put and drop only, read without it. */
    private volatile long liveOctets;
    private volatile int liveMessages;
    private long cachedValues;
    private DovecotKeywords keywords;
    /** Whether dovecot-uidlist has appended lines or lines of expunged messages since it was written whole. */
    private boolean uidlistStale;
    /**
     * Messages per flag and the entries without \\Seen by UID, kept with every change of an entry
     * (put, drop, {@link #setRecord}) so that a snapshot carries STATUS's and SELECT's figures
     * without a walk over the messages (issue 15). Rebuilt with the entries when the index is
     * read. Guarded by the lock.
     */
    private final HashMap<String, Integer> flagCounts = new HashMap<>();
    private final EntryTable<Entry> unseen = new EntryTable<>();
    private volatile IndexLog log;
    /** The current state, or null after a change until asked for ({@link #snapshot()}). */
    private volatile MailboxSnapshot snapshot;
    /**
     * The last state built, the UIDs put or given new flags since (UIDs of messages added or
     * changed) and the UIDs dropped since, from which {@link #snapshot()} derives the next one
     * without a walk; {@code touched} is null once too many changed, when the next state is built
     * from the entries. Guarded by the lock.
     */
    private MailboxSnapshot built;
    private HashSet<Long> touched;
    private HashSet<Long> dropped = new HashSet<>();
    private volatile boolean closed;
    /** Set before the index is closed for a RENAME of its folder; the handles then follow {@link #successor}. */
    private volatile boolean moving;
    /** The index of the folder under its name after the RENAME (or before it, if undone); null until known. */
    private volatile FolderIndex successor;

    private FolderIndex(MaildirStore store, String user, String name, Path dir, Confinement confinement) {
        this.store = store;
        this.confinement = confinement;
        this.user = user;
        this.name = name;
        this.dir = dir;
        this.cur = dir.resolve("cur");
        this.newDir = dir.resolve("new");
        this.tmp = dir.resolve("tmp");
        this.curSync = new GroupSync(() -> Durable.syncDirectory(cur));
        this.recent = new RecentMark(dir);
    }

    /** The folder's \Recent boundary, shared by every handle. */
    RecentMark recent() {
        return recent;
    }

    /**
     * Loads (or creates, or rebuilds) the index of the Maildir folder {@code dir}, which must
     * have {@code cur/}, {@code new/} and {@code tmp/}.
     */
    static FolderIndex load(MaildirStore store, String user, String name, Path dir, Confinement confinement)
            throws MailStoreException {
        FolderIndex folder = new FolderIndex(store, user, name, dir, confinement);
        try {
            List<MailboxChange> changes = folder.loadLocked();
            changes.forEach(store::publish);
        } catch (IOException e) {
            folder.closeQuietly();
            throw Errors.io("open mailbox " + name, e);
        }
        return folder;
    }

    private List<MailboxChange> loadLocked() throws IOException {
        lock.lock();
        try {
            long started = System.nanoTime();
            removeStaleTmpFiles();
            keywords = DovecotKeywords.load(dir);
            Path file = dir.resolve(IndexLog.FILE);
            IndexLog.Content content = IndexLog.read(file);
            DovecotUidlist.Content hints = content == null ? startIndex(file) : replayIndex(content);
            LOG.fine(() -> "loaded the index of " + user + "/" + name + " (" + entries.size() + " messages) in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms; " + (hints == NO_CHECK ? "clean" : "checking the folder"));
            if (hints == NO_CHECK) {
                return List.of();
            }
            List<MailboxChange> changes = rescanLocked(hints.uidValidity() == uidValidity ? hints : null);
            rewriteUidlist();
            if (records - liveRecords() > Math.max(10_000, 2 * entries.size())) {
                compact();
            }
            log.sync();
            return changes;
        } finally {
            lock.unlock();
        }
    }

    /** Marks "closed cleanly, nothing changed since: no folder check needed". */
    private static final DovecotUidlist.Content NO_CHECK = new DovecotUidlist.Content(-1, 0, Map.of(), null);
    /** "Check the folder, without UID hints". */
    private static final DovecotUidlist.Content NO_HINTS = new DovecotUidlist.Content(-2, 0, Map.of(), null);

    /**
     * No usable index: start one, keeping UIDVALIDITY and UIDs of a Dovecot or Courier list.
     * A damaged file is kept aside for inspection.
     *
     * @return the UID hints for the folder check
     */
    private DovecotUidlist.Content startIndex(Path file) throws IOException {
        if (Files.exists(file)) {
            Path aside = dir.resolve(IndexLog.FILE + ".damaged-" + System.currentTimeMillis());
            LOG.warning(() -> "index of " + user + "/" + name + " is damaged; rebuilding it, old file kept as "
                    + aside.getFileName());
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        }
        DovecotUidlist.Content hints = DovecotUidlist.read(dir);
        uidValidity = hints != null ? hints.uidValidity() : store.newUidValidity();
        log = IndexLog.create(file, uidValidity, List.of(stateRecord(-1)));
        records = 1;
        return hints != null ? hints : NO_HINTS;
    }

    /**
     * Replays an index read from disk.
     *
     * @return {@link #NO_CHECK} after a clean close with cur/ and new/ untouched since; else
     *     the UID hints for the folder check
     */
    private DovecotUidlist.Content replayIndex(IndexLog.Content content) throws IOException {
        uidValidity = content.uidValidity();
        long cleanMtime = replay(content.bodies());
        if (content.tornTail()) {
            LOG.info(() -> "index of " + user + "/" + name + " had a torn tail; checking the folder");
        }
        log = IndexLog.append(dir.resolve(IndexLog.FILE), content.validEnd());
        if (!content.tornTail() && cleanMtime >= 0 && cleanMtime == curMtime() && isEmpty(newDir)) {
            return NO_CHECK;
        }
        // Records after the last fsync may be lost (power failure): never go below what may
        // have been handed out.
        uidNext = Math.max(uidNext, reservedUidNext);
        highestModSeq = Math.max(highestModSeq, reservedModSeq);
        DovecotUidlist.Content hints = DovecotUidlist.read(dir);
        return hints != null ? hints : NO_HINTS;
    }

    private long replay(IndexLog.Bodies bodies) {
        long cleanMtime = -1;
        IndexLog.Reader in = new IndexLog.Reader(bodies.bytes());
        // Most messages share a few flag sets: decode each distinct encoding once.
        Map<String, Set<String>> decoded = new HashMap<>();
        for (int i = 0; i < bodies.count(); i++) {
            in.at(bodies.starts()[i]);
            char type = in.type();
            cleanMtime = -1;
            switch (type) {
                case ADDED -> {
                    long uid = in.getLong();
                    long modSeq = in.getLong();
                    long size = in.getLong();
                    Instant internalDate = Instant.ofEpochMilli(in.getLong());
                    long save = in.getLong();
                    String fileName = in.getString();
                    Set<String> flags = readFlags(in, decoded);
                    Entry e = new Entry(uid, fileName, new MessageRecord(uid, flags, internalDate, size, modSeq,
                            save == Long.MIN_VALUE ? null : Instant.ofEpochMilli(save)));
                    put(e);
                    uidNext = Math.max(uidNext, uid + 1);
                    highestModSeq = Math.max(highestModSeq, modSeq);
                }
                case FLAGS -> {
                    Entry e = entries.get(in.getLong());
                    long modSeq = in.getLong();
                    String fileName = in.getString();
                    Set<String> flags = readFlags(in, decoded);
                    if (e != null) {
                        e.fileName = fileName;
                        setRecord(e, withFlags(e.record, flags, modSeq));
                    }
                    highestModSeq = Math.max(highestModSeq, modSeq);
                }
                case EXPUNGED -> {
                    long uid = in.getLong();
                    long modSeq = in.getLong();
                    Entry e = drop(uid);
                    if (e != null) {
                        cachedValues -= e.cache == null ? 0 : e.cache.size();
                    }
                    logExpunge(uid, modSeq);
                    uidNext = Math.max(uidNext, uid + 1);
                    highestModSeq = Math.max(highestModSeq, modSeq);
                }
                case CACHED -> {
                    Entry e = entries.get(in.getLong());
                    String key = in.getString();
                    String value = in.getString();
                    if (e != null) {
                        putCache(e, key, value);
                    }
                }
                case STATE -> {
                    uidNext = Math.max(uidNext, in.getLong());
                    highestModSeq = Math.max(highestModSeq, in.getLong());
                    cleanMtime = in.getLong();
                }
                case RESERVED -> {
                    reservedUidNext = Math.max(reservedUidNext, in.getLong());
                    reservedModSeq = Math.max(reservedModSeq, in.getLong());
                }
                default -> LOG.warning(() -> "unknown index record type " + type + " in " + user + "/" + name);
            }
            records++;
        }
        return cleanMtime;
    }

    private Set<String> readFlags(IndexLog.Reader in, Map<String, Set<String>> decoded) {
        int start = in.position();
        int length = in.skipStrings();
        String key = new String(in.array(), start, length, StandardCharsets.ISO_8859_1);
        Set<String> flags = decoded.get(key);
        if (flags == null) {
            in.at(start);
            flags = intern(Set.of(in.getStrings()));
            decoded.put(key, flags);
        }
        return flags;
    }

    // ---- reading -------------------------------------------------------------------------

    String name() {
        return name;
    }

    String user() {
        return user;
    }

    long uidValidity() {
        return uidValidity;
    }

    boolean isClosed() {
        return closed;
    }

    /** Marks the index as closing for a RENAME of its folder (see {@link #successor}). */
    void moving() {
        moving = true;
    }

    /** Whether the index was closed for a RENAME, so handles should follow it rather than fail. */
    boolean isMoving() {
        return moving;
    }

    /** The index of this folder after the RENAME that closed this one, or null (not yet known, or none). */
    FolderIndex successor() {
        return successor;
    }

    /** Names the index that carries on after the RENAME that closed this one. */
    void successor(FolderIndex next) {
        successor = next;
    }

    /** The current state; rebuilt from memory only after a change. */
    MailboxSnapshot snapshot() throws MailStoreException {
        MailboxSnapshot current = snapshot;
        if (current != null) {
            checkOpen(); // a deleted or renamed mailbox says so here too, as every other call does
            return current;
        }
        lock.lock();
        try {
            checkOpen();
            if (snapshot == null) {
                // UIDs of messages not yet durable are not shown, UIDNEXT included.
                long visibleUidNext = uncommitted.isEmpty() ? uidNext : uncommitted.peekFirst().uids[0];
                Entry firstUnseen = unseen.first();
                MailboxSnapshot.Tally tally = new MailboxSnapshot.Tally(new HashMap<>(flagCounts),
                        firstUnseen == null ? 0 : firstUnseen.uid, liveOctets);
                MailboxSnapshot next = built != null && touched != null ? successor(visibleUidNext, tally) : null;
                if (next == null) {
                    MessageRecord[] all = new MessageRecord[entries.size()];
                    int i = 0;
                    for (Entry e : entries.values()) {
                        all[i++] = e.record;
                    }
                    next = new MailboxSnapshot(uidValidity, visibleUidNext, highestModSeq, all, entries.keys(), tally);
                }
                snapshot = next;
                built = next;
                touched = new HashSet<>();
                dropped = new HashSet<>();
            }
            return snapshot;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The state after {@link #built} with the {@link #dropped} UIDs left out and the
     * {@link #touched} ones put in, sharing what did not change (under the lock); null when a
     * touched UID is neither in {@code built} nor above its last.
     */
    private MailboxSnapshot successor(long visibleUidNext, MailboxSnapshot.Tally tally) {
        List<MessageRecord> changed = new ArrayList<>();
        List<MessageRecord> added = new ArrayList<>();
        long last = built.size() == 0 ? 0 : built.uid(built.size() - 1);
        for (long uid : touched) {
            Entry e = entries.get(uid);
            if (e == null) {
                if (dropped.contains(uid)) {
                    continue; // changed, then expunged: left out below
                }
                return null;
            }
            if (uid > last) {
                added.add(e.record);
            } else if (built.indexOf(uid) >= 0) {
                changed.add(e.record);
            } else {
                return null; // a UID below the last that the last state did not have
            }
        }
        added.sort(Comparator.comparingLong(MessageRecord::uid));
        // dropped and not back (a rescan may put a vanished file's UID again), and shown before
        long[] removed = dropped.stream().filter(uid -> !entries.containsKey(uid) && built.indexOf(uid) >= 0)
                .mapToLong(Long::longValue).toArray();
        return built.successor(visibleUidNext, highestModSeq, changed, added, removed, tally);
    }

    /** Notes that {@code e} was put or given a new record, for the next {@link #snapshot()} (under the lock). */
    private void touch(Entry e) {
        if (touched != null) {
            touched.add(e.uid);
            forgetChangesIfMany();
        }
    }

    /** Past this many changes since the last state the next one is as cheap to build from the entries. */
    private void forgetChangesIfMany() {
        if (touched.size() + dropped.size() > 4096 + entries.size() / 16) {
            touched = null;
        }
    }

    /** Keywords with a Dovecot letter plus any in use; built again only after one of them changed. */
    Set<String> keywords() throws MailStoreException {
        lock.lock();
        try {
            checkOpen();
            if (keywordSet == null || keywordSetVersion != keywords.version() || keywordSetUsed != usedKeywords.size()) {
                Set<String> all = new LinkedHashSet<>(keywords.all());
                all.addAll(usedKeywords);
                keywordSet = java.util.Collections.unmodifiableSet(all);
                keywordSetVersion = keywords.version();
                keywordSetUsed = usedKeywords.size();
            }
            return keywordSet;
        } finally {
            lock.unlock();
        }
    }

    /** Total octets of all messages, kept with every change (no walk over the messages). */
    long octets() {
        return liveOctets;
    }

    /** Number of messages, kept with every change. */
    int messages() {
        return liveMessages;
    }

    /**
     * Opens message {@code uid}'s file for reading. Through the folder's {@code cur/} handle
     * (one {@code openat} by name, see {@link DirectoryHandles}) when it has one and the file is
     * no symbolic link; else by path, refused when its real path leaves the user's Maildir.
     *
     * @throws MailStoreException NOPERM for a link out of the Maildir; EXPUNGEISSUED when the
     *     message is gone, or its file stayed missing through three looks at the folder
     */
    SeekableByteChannel content(long uid) throws MailStoreException {
        String previous = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            String fileName = currentFileName(uid);
            if (fileName.equals(previous)) {
                // Not renamed by us in between: renamed or removed from outside. Look at the folder.
                rescan();
                fileName = currentFileName(uid);
            }
            try {
                SeekableByteChannel opened = openByName(fileName);
                if (opened != null) {
                    return opened;
                }
                Path real = confinement.real(cur.resolve(fileName));
                if (real == null) {
                    throw new MailStoreException(ResponseCode.NOPERM, "Message " + uid + " is not readable");
                }
                return FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                previous = fileName;
            } catch (IOException e) {
                throw Errors.io("read message " + uid + " in " + name, e);
            }
        }
        throw new MailStoreException(ResponseCode.EXPUNGEISSUED, "Message " + uid + " is no longer readable");
    }

    /**
     * {@code fileName} in {@code cur/} opened through the folder's handle, or null when it must be
     * opened by path: no handle, the handle closed meanwhile, or the file is a symbolic link.
     *
     * @throws NoSuchFileException when the file is not there (the handle is dropped: cur/ may
     *     have been replaced, and the next look opens it anew)
     */
    private SeekableByteChannel openByName(String fileName) throws IOException {
        SecureDirectoryStream<Path> handle = store.directoryHandles().get(this, () -> confinement.openDirectory(cur));
        if (handle == null) {
            return null;
        }
        try {
            return handle.newByteChannel(Path.of(fileName), READ_NO_FOLLOW);
        } catch (NoSuchFileException e) {
            store.directoryHandles().forget(this);
            throw e;
        } catch (ClosedDirectoryStreamException | IOException e) {
            // evicted meanwhile; or ELOOP, a link, which real() checks; else opening by path
            // tells what is wrong
            return null;
        }
    }

    private String currentFileName(long uid) throws MailStoreException {
        lock.lock();
        try {
            checkOpen();
            Entry e = entries.get(uid);
            if (e == null) {
                throw new MailStoreException(uid < uidNext ? ResponseCode.EXPUNGEISSUED : ResponseCode.NONEXISTENT,
                        "No message with UID " + uid);
            }
            return e.fileName;
        } finally {
            lock.unlock();
        }
    }

    Changes changesSince(long modSeq) throws MailStoreException {
        lock.lock();
        try {
            checkOpen();
            List<MessageRecord> changed = changedSince(modSeq);
            long[] expunged = new long[expungedCount];
            int n = 0;
            for (int i = 0; i < expungedCount; i++) {
                if (expungedModSeqs[i] > modSeq) {
                    expunged[n++] = expungedUids[i];
                }
            }
            expunged = Arrays.copyOf(expunged, n);
            Arrays.sort(expunged);
            return new Changes(changed, expunged, highestModSeq);
        } finally {
            lock.unlock();
        }
    }

    /** The messages whose MODSEQ is above {@code modSeq}, ascending by UID, through the journal. Under the lock. */
    private List<MessageRecord> changedSince(long modSeq) {
        if (modSeq >= highestModSeq) {
            return List.of();
        }
        if (journalUids == null) {
            buildJournal();
        }
        int lo = 0;
        int hi = journalSize;
        while (lo < hi) { // the first pair above modSeq
            int mid = (lo + hi) >>> 1;
            if (journalModSeqs[mid] <= modSeq) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        long[] uids = new long[journalSize - lo];
        int n = 0;
        for (int i = lo; i < journalSize; i++) {
            Entry e = entries.get(journalUids[i]);
            // a pair whose message changed again later is met again there: take the last one only
            if (e != null && e.record.modSeq() == journalModSeqs[i]) {
                uids[n++] = e.uid;
            }
        }
        Arrays.sort(uids, 0, n);
        List<MessageRecord> changed = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (i == 0 || uids[i] != uids[i - 1]) { // a message put twice at one MODSEQ: once
                changed.add(entries.get(uids[i]).record);
            }
        }
        return changed;
    }

    String cached(long uid, String key) throws MailStoreException {
        lock.lock();
        try {
            checkOpen();
            Entry e = entries.get(uid);
            return e == null || e.cache == null ? null : e.cache.get(key);
        } finally {
            lock.unlock();
        }
    }

    /** Best effort: written to the log without its own fsync (the next change syncs it). */
    void cache(long uid, String key, String value) throws MailStoreException {
        lock.lock();
        try {
            checkOpen();
            Entry e = entries.get(uid);
            if (e == null || (e.cache != null && value.equals(e.cache.get(key)))) {
                return;
            }
            log.append(List.of(new IndexLog.Writer(CACHED).putLong(uid).putString(key).putString(value).bytes()));
            records++;
            putCache(e, key, value);
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot cache a value", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #cache} for many messages in one index write (computed keys of messages seen for
     * the first time): one lock, one append, no fsync (the cache is best effort).
     */
    void cacheAll(long[] uids, int count, String key, String[] values) {
        lock.lock();
        try {
            checkOpen();
            List<byte[]> bodies = new ArrayList<>(count);
            List<Entry> cachedIn = new ArrayList<>(count);
            List<String> cachedValues = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Entry e = entries.get(uids[i]);
                if (e != null && values[i] != null) {
                    bodies.add(new IndexLog.Writer(CACHED).putLong(uids[i]).putString(key).putString(values[i]).bytes());
                    cachedIn.add(e);
                    cachedValues.add(values[i]);
                }
            }
            log.append(bodies);
            records += bodies.size();
            for (int i = 0; i < cachedIn.size(); i++) {
                putCache(cachedIn.get(i), key, cachedValues.get(i));
            }
        } catch (IOException | MailStoreException e) {
            LOG.log(Level.FINE, "cannot cache values", e);
        } finally {
            lock.unlock();
        }
    }

    // ---- changes made by sessions --------------------------------------------------------

    /** APPEND: tmp/, fsync, rename into cur/, index record; durable when it returns. */
    AppendResult append(InputStream content, long size, Set<String> flags, Instant internalDate)
            throws MailStoreException {
        checkOpen();
        if (size < 0) {
            throw new MailStoreException(ResponseCode.CANNOT, "Negative message size");
        }
        Set<String> wanted = canonical(flags);
        Instant date = internalDate != null ? internalDate : Instant.now();
        String base = MaildirFileName.newBase(size);
        Path tmpFile = tmp.resolve(MaildirFileName.tmpName(base));
        try {
            writeMessage(content, size, tmpFile, date);
            Entry added = addFiles(List.of(new Incoming(tmpFile, base, wanted, date, size, headerKeys(tmpFile))),
                    "append to " + name)
                    .getFirst();
            return new AppendResult(uidValidity, added.uid, added.record.modSeq());
        } finally {
            deleteQuietly(tmpFile);
        }
    }

    private void writeMessage(InputStream content, long size, Path tmpFile, Instant date) throws MailStoreException {
        try (FileChannel out = FileChannel.open(tmpFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[(int) Math.min(Math.max(size, 1), 64 * 1024)];
            long remaining = size;
            while (remaining > 0) {
                int n = read(content, buffer, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new MailStoreException(ResponseCode.CANNOT,
                            "Message data ended " + remaining + " octets before its announced size");
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                remaining -= n;
            }
            out.force(true);
        } catch (IOException e) {
            throw Errors.io("write message into " + name, e);
        }
        try {
            Files.setLastModifiedTime(tmpFile, FileTime.from(date));
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot set INTERNALDATE as mtime", e);
        }
    }

    /**
     * Reads message data. A failure here is the sender's (the client went away, or its command
     * was refused after the literal): it is not the store's I/O error, so it is neither logged
     * here nor shown as SERVERBUG; the caller that owns the stream knows what happened.
     */
    private static int read(InputStream content, byte[] buffer, int len) throws MailStoreException {
        try {
            return content.read(buffer, 0, len);
        } catch (IOException e) {
            throw new MailStoreException(ResponseCode.CANNOT, "Message data could not be read: " + e.getMessage(), e);
        }
    }

    /** A durable file in some tmp/ waiting to be added with the given state. */
    /**
     * A durable file in some tmp/ waiting to be added with the given state.
     *
     * @param headerKeys the {@link HeaderKeys} cache form to index with it, or null
     */
    private record Incoming(Path file, String base, Set<String> flags, Instant internalDate, long size,
            String headerKeys) {
    }

    /**
     * The header keys of a message just written (its header block is in the page cache), so that
     * sorting and threading never open it (DESIGN.md section 4.1); null when it cannot be read.
     */
    private static String headerKeys(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] block = HeaderBlock.read(ch);
            return HeaderKeys.parse(block, block.length).toCache();
        } catch (IOException e) {
            return null;
        }
    }

    /** The cached values of {@code key} for {@code uids} under one lock; null where none or gone. */
    String[] cachedAll(long[] uids, String key) throws MailStoreException {
        String[] out = new String[uids.length];
        lock.lock();
        try {
            checkOpen();
            for (int i = 0; i < uids.length; i++) {
                Entry e = entries.get(uids[i]);
                out[i] = e == null || e.cache == null ? null : e.cache.get(key);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Messages renamed into cur/ (under the lock, UIDs ascending) whose fsync of cur/ has not
     * returned yet. They are invisible to every session until committed: a message is visible
     * only once it is durable (DESIGN.md section 5), and a failed fsync leaves nothing behind.
     */
    private static final class Batch {
        final List<Incoming> incoming;
        /** MOVE: the files came from another mailbox; on a failed fsync they stay here (never lost). */
        final boolean keepOnFailure;
        final long[] uids;
        final String[] fileNames;
        List<Entry> added;
        boolean indexOnly;
        IOException failure;

        /** Who placed it: the batch may be committed and published on another session's thread. */
        final String origin = ChangeOrigin.current();

        Batch(List<Incoming> incoming, boolean keepOnFailure) {
            this.incoming = incoming;
            this.keepOnFailure = keepOnFailure;
            this.uids = new long[incoming.size()];
            this.fileNames = new String[incoming.size()];
        }
    }

    /**
     * Adds durable files from tmp/: one lock section gives UIDs (ascending) and renames them into
     * cur/, then the shared fsync of cur/ runs outside the lock, and only then are they indexed
     * and visible. On failure nothing is added.
     */
    private List<Entry> addFiles(List<Incoming> incoming, String what) throws MailStoreException {
        Batch batch = new Batch(incoming, false);
        lock.lock();
        try {
            checkOpen();
            placeLocked(batch);
        } catch (IOException e) {
            throw Errors.io(what, e);
        } finally {
            lock.unlock();
        }
        return finish(batch, what);
    }

    /**
     * Under the lock: gives the batch its UIDs and renames its files into cur/ (from a tmp/, or
     * for MOVE from the source's cur/); on a failure every rename done is undone.
     */
    private void placeLocked(Batch b) throws IOException {
        reserve(uidNext + b.incoming.size(), highestModSeq + 1);
        long uid = uidNext;
        int done = 0;
        try {
            for (; done < b.incoming.size(); done++) {
                Incoming in = b.incoming.get(done);
                for (String flag : in.flags()) {
                    if (!Flag.isSystem(flag)) {
                        keywords.assign(flag);
                    }
                }
                b.indexOnly |= !allInFileName(in.flags());
                String fileName = MaildirFileName.withFlags(MaildirFileName.withUid(in.base(), uidValidity, uid), "",
                        in.flags(), keywords);
                Files.move(in.file(), cur.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
                b.uids[done] = uid++;
                b.fileNames[done] = fileName;
            }
        } catch (IOException e) {
            for (int i = done - 1; i >= 0; i--) {
                try {
                    Files.move(cur.resolve(b.fileNames[i]), b.incoming.get(i).file(), StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException undo) {
                    LOG.log(Level.WARNING, "cannot undo adding a message to " + user + "/" + name, undo);
                }
            }
            throw e;
        }
        uidNext = uid;
        uncommitted.addLast(b);
        for (String fileName : b.fileNames) {
            pendingBases.add(MaildirFileName.base(fileName));
        }
    }

    /**
     * Waits for the fsync of cur/, then commits (indexes, publishes) every batch placed up to
     * and including {@code b}: the fsync covers all renames made before it was asked for.
     */
    private List<Entry> finish(Batch b, String what) throws MailStoreException {
        IOException failure = null;
        try {
            curSync.sync();
        } catch (IOException e) {
            failure = e;
        }
        List<MailboxChange> changes = new ArrayList<>();
        lock.lock();
        try {
            if (b.added == null && b.failure == null) {
                if (failure != null && !b.keepOnFailure) {
                    discardLocked(b);
                    throw Errors.io(what, failure);
                }
                while (!uncommitted.isEmpty()) {
                    Batch next = uncommitted.pollFirst();
                    MailboxChange change = commitLocked(next);
                    if (change != null) {
                        changes.add(change);
                    }
                    if (next == b) {
                        break;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        if (b.failure != null) {
            throw Errors.io(what, b.failure);
        }
        try {
            if (b.indexOnly) {
                log.sync();
            }
        } catch (IOException e) {
            throw Errors.io(what, e);
        }
        changes.forEach(store::publish);
        if (failure != null && b.added == null) {
            throw Errors.io(what, failure);
        }
        if (failure != null) {
            // MOVE: the message is in this mailbox (a file is never lost), but not known durable.
            LOG.log(Level.WARNING, "fsync of cur/ failed after a move into " + user + "/" + name, failure);
        }
        return b.added;
    }

    /** Indexes a placed batch with one new MODSEQ (under the lock); a failed index write discards it. */
    private MailboxChange commitLocked(Batch b) {
        pendingBases.removeAll(Arrays.stream(b.fileNames).map(MaildirFileName::base).toList());
        List<Entry> added = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        long modSeq = highestModSeq + 1;
        try {
            checkOpenIo();
            reserve(uidNext, modSeq);
            Instant now = Instant.now();
            for (int i = 0; i < b.uids.length; i++) {
                Incoming in = b.incoming.get(i);
                Entry e = new Entry(b.uids[i], b.fileNames[i],
                        new MessageRecord(b.uids[i], intern(in.flags()), in.internalDate(), in.size(), modSeq, now));
                added.add(e);
                bodies.add(addedRecord(e));
                if (in.headerKeys() != null) {
                    bodies.add(new IndexLog.Writer(CACHED).putLong(e.uid).putString(HeaderKeys.CACHE_KEY)
                            .putString(in.headerKeys()).bytes());
                    putCache(e, HeaderKeys.CACHE_KEY, in.headerKeys());
                }
            }
            log.append(bodies);
        } catch (IOException e) {
            b.failure = e;
            if (!b.keepOnFailure) {
                deleteFiles(b);
            }
            return null;
        }
        records += bodies.size();
        highestModSeq = modSeq;
        added.forEach(this::put);
        snapshot = null;
        appendUidlist(added, false);
        b.added = added;
        return change(MailboxChange.Kind.ADDED, added.stream().map(e -> e.record).toList(), null).withOrigin(b.origin);
    }

    /** Takes a placed batch back after a failed fsync: its files leave cur/, its UIDs are not shown. */
    private void discardLocked(Batch b) {
        uncommitted.remove(b);
        pendingBases.removeAll(Arrays.stream(b.fileNames).map(MaildirFileName::base).toList());
        deleteFiles(b);
        if (uidNext == b.uids[b.uids.length - 1] + 1) {
            uidNext = b.uids[0]; // nobody saw them: UIDNEXT does not move without a new message
        }
        b.failure = new IOException("discarded");
    }

    private void deleteFiles(Batch b) {
        for (String fileName : b.fileNames) {
            deleteQuietly(cur.resolve(fileName));
        }
        try {
            Durable.syncDirectory(cur);
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot sync cur/ after removing a failed add", e);
        }
    }

    private void checkOpenIo() throws IOException {
        if (closed) {
            throw new IOException("mailbox " + name + " was deleted or renamed");
        }
    }

    /**
     * MOVE within one user (RFC 6851): each file is renamed from this folder's cur/ straight into
     * the target's cur/ under both folders' locks (taken in path order), so at every instant —
     * a kill -9 included — the message is in exactly one mailbox. The target finds a message
     * moved but not yet indexed by the UID in its new name ({@link #indexUnknownFiles}); this
     * folder's index drops it as expunged, and its next check of the folder would too.
     */
    CopyResult moveTo(long[] uids, FolderIndex target) throws MailStoreException {
        checkOpen();
        if (!target.user.equals(user)) {
            throw new MailStoreException(ResponseCode.NOPERM, "Cannot move into another user's mailbox");
        }
        if (target == this) {
            return copyTo(uids, target, true);
        }
        FolderIndex first = dir.toString().compareTo(target.dir.toString()) < 0 ? this : target;
        FolderIndex second = first == this ? target : this;
        Batch batch;
        List<Entry> moving = new ArrayList<>();
        MailboxChange expunged = null;
        first.lock.lock();
        second.lock.lock();
        try {
            checkOpen();
            target.checkOpen();
            List<Incoming> incoming = new ArrayList<>();
            for (long uid : uids) {
                Entry e = entries.get(uid);
                if (e == null || !Files.exists(cur.resolve(e.fileName), LinkOption.NOFOLLOW_LINKS)) {
                    continue; // gone or renamed from outside: the watcher reconciles it
                }
                moving.add(e);
                incoming.add(new Incoming(cur.resolve(e.fileName), MaildirFileName.newBase(e.record.size()),
                        e.record.flags(), e.record.internalDate(), e.record.size(),
                        e.cache == null ? null : e.cache.get(HeaderKeys.CACHE_KEY)));
            }
            if (moving.isEmpty()) {
                return new CopyResult(target.uidValidity, new long[0], new long[0]);
            }
            batch = new Batch(incoming, true);
            target.placeLocked(batch);
            try {
                expunged = removeEntries(moving).withOrigin(ChangeOrigin.current());
            } catch (IOException e) {
                // The files are gone from here already: the next check of the folder records it.
                LOG.log(Level.WARNING, "cannot record a move out of " + user + "/" + name, e);
            }
        } catch (IOException e) {
            throw Errors.io("move into " + target.name, e);
        } finally {
            second.lock.unlock();
            first.lock.unlock();
        }
        List<Entry> added = target.finish(batch, "move into " + target.name);
        if (expunged != null) {
            syncAndPublish(true, false, expunged, "move out of " + name);
        }
        return new CopyResult(target.uidValidity, moving.stream().mapToLong(e -> e.uid).toArray(),
                added.stream().mapToLong(e -> e.uid).toArray());
    }

    /**
     * COPY/MOVE into {@code target}: hard links (the data is already durable), or byte copies
     * across file systems; flags and INTERNALDATE kept.
     */
    CopyResult copyTo(long[] uids, FolderIndex target, boolean move) throws MailStoreException {
        checkOpen();
        if (!target.user.equals(user)) {
            throw new MailStoreException(ResponseCode.NOPERM, "Cannot copy into another user's mailbox");
        }
        List<Incoming> incoming = new ArrayList<>();
        List<Long> sources = new ArrayList<>();
        try {
            for (long uid : uids) {
                Incoming in = target.linkIn(this, uid);
                if (in != null) {
                    incoming.add(in);
                    sources.add(uid);
                }
            }
            if (incoming.isEmpty()) {
                return new CopyResult(target.uidValidity, new long[0], new long[0]);
            }
            List<Entry> added = target.addFiles(incoming, (move ? "move" : "copy") + " into " + target.name);
            long[] sourceUids = sources.stream().mapToLong(Long::longValue).toArray();
            long[] targetUids = added.stream().mapToLong(e -> e.uid).toArray();
            if (move) {
                expungeUids(sourceUids, false);
            }
            return new CopyResult(target.uidValidity, sourceUids, targetUids);
        } finally {
            incoming.forEach(in -> deleteQuietly(in.file()));
        }
    }

    /** Links message {@code uid} of {@code source} into this folder's tmp/, or null when it is gone. */
    private Incoming linkIn(FolderIndex source, long uid) throws MailStoreException {
        for (int attempt = 0; attempt < 2; attempt++) {
            MessageRecord record;
            Path file;
            String keys;
            source.lock.lock();
            try {
                source.checkOpen();
                Entry e = source.entries.get(uid);
                if (e == null) {
                    return null;
                }
                record = e.record;
                file = source.cur.resolve(e.fileName);
                keys = e.cache == null ? null : e.cache.get(HeaderKeys.CACHE_KEY);
            } finally {
                source.lock.unlock();
            }
            String base = MaildirFileName.newBase(record.size());
            Path link = tmp.resolve(MaildirFileName.tmpName(base));
            try {
                try {
                    Files.createLink(link, file);
                } catch (NoSuchFileException e) {
                    // Renamed by a flag change since we looked (read the name again), or gone.
                    if (attempt > 0) {
                        source.rescan();
                    }
                    continue;
                } catch (IOException | UnsupportedOperationException e) {
                    // Another file system, or no hard links: copy the bytes and make them durable.
                    Files.copy(file, link, StandardCopyOption.COPY_ATTRIBUTES);
                    try (FileChannel channel = FileChannel.open(link, StandardOpenOption.WRITE)) {
                        channel.force(true);
                    }
                }
            } catch (NoSuchFileException e) {
                deleteQuietly(link);
                continue;
            } catch (IOException e) {
                deleteQuietly(link);
                throw Errors.io("copy into " + name, e);
            }
            return new Incoming(link, base, record.flags(), record.internalDate(), record.size(), keys);
        }
        return null;
    }

    /** STORE (RFC 9051 section 6.4.6, RFC 7162 UNCHANGEDSINCE); one MODSEQ for the whole request. */
    StoreResult store(long[] uids, FlagMode mode, Set<String> flags, long unchangedSince) throws MailStoreException {
        Set<String> given = canonical(flags);
        List<MessageRecord> results = new ArrayList<>();
        List<Long> modified = new ArrayList<>();
        Map<Entry, Set<String>> planned = new LinkedHashMap<>();
        MailboxChange change = null;
        boolean renamed = false;
        boolean indexOnly = false;
        long highest;
        lock.lock();
        try {
            checkOpen();
            for (long uid : uids) {
                Entry e = entries.get(uid);
                if (e == null) {
                    continue;
                }
                if (e.record.modSeq() > unchangedSince) {
                    modified.add(uid);
                    continue;
                }
                Set<String> next = new HashSet<>(mode == FlagMode.REPLACE ? Set.of() : e.record.flags());
                if (mode == FlagMode.REMOVE) {
                    next.removeAll(given);
                } else {
                    next.addAll(given);
                }
                if (!next.equals(e.record.flags())) {
                    planned.put(e, next);
                }
            }
            if (!planned.isEmpty()) {
                indexOnly = planned.entrySet().stream()
                        .anyMatch(p -> !allInFileName(p.getValue()) || !allInFileName(p.getKey().record.flags()));
                renamed = applyFlags(planned, highestModSeq + 1, "store flags in " + name);
                change = change(MailboxChange.Kind.FLAGS,
                        planned.keySet().stream().map(e -> e.record).toList(), null).withOrigin(ChangeOrigin.current());
            }
            for (long uid : uids) {
                Entry e = entries.get(uid);
                if (e != null) {
                    results.add(e.record);
                }
            }
            highest = highestModSeq;
        } finally {
            lock.unlock();
        }
        if (change != null) {
            syncAndPublish(renamed, indexOnly || !renamed, change, "store flags in " + name);
        }
        return new StoreResult(results, modified.stream().mapToLong(Long::longValue).toArray(), highest);
    }

    /**
     * Renames files to carry {@code planned} flags and records them with {@code modSeq}; on a
     * failure every rename done is undone and nothing is recorded. Called under the lock.
     *
     * @return whether any file was renamed
     */
    private boolean applyFlags(Map<Entry, Set<String>> planned, long modSeq, String what) throws MailStoreException {
        Map<Entry, String> newNames = new LinkedHashMap<>();
        List<byte[]> bodies = new ArrayList<>();
        try {
            reserve(uidNext, modSeq);
            for (Map.Entry<Entry, Set<String>> p : planned.entrySet()) {
                for (String flag : p.getValue()) {
                    if (!Flag.isSystem(flag)) {
                        keywords.assign(flag);
                    }
                }
                Entry e = p.getKey();
                String fileName = MaildirFileName.withFlags(e.base(), MaildirFileName.letters(e.fileName), p.getValue(),
                        keywords);
                if (!fileName.equals(e.fileName)) {
                    try {
                        Files.move(cur.resolve(e.fileName), cur.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
                    } catch (NoSuchFileException gone) {
                        // Removed or renamed from outside; the watcher reconciles it. Record the flags anyway.
                        fileName = e.fileName;
                    }
                }
                newNames.put(e, fileName);
                bodies.add(new IndexLog.Writer(FLAGS).putLong(e.uid).putLong(modSeq).putString(fileName)
                        .putStrings(p.getValue()).bytes());
            }
            log.append(bodies);
        } catch (IOException e) {
            newNames.forEach((entry, fileName) -> {
                if (!fileName.equals(entry.fileName)) {
                    try {
                        Files.move(cur.resolve(fileName), cur.resolve(entry.fileName), StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException undo) {
                        LOG.log(Level.WARNING, "cannot undo a flag rename in " + name, undo);
                    }
                }
            });
            throw Errors.io(what, e);
        }
        boolean renamed = false;
        for (Map.Entry<Entry, String> n : newNames.entrySet()) {
            Entry e = n.getKey();
            renamed |= !n.getValue().equals(e.fileName);
            e.fileName = n.getValue();
            setRecord(e, withFlags(e.record, intern(planned.get(e)), modSeq));
            journal(e);
        }
        records += bodies.size();
        highestModSeq = modSeq;
        snapshot = null;
        maybeCompact();
        return renamed;
    }

    /** EXPUNGE / UID EXPUNGE (RFC 9051 sections 6.4.3, 6.4.9): messages carrying \Deleted. */
    ExpungeResult expunge(long[] uids) throws MailStoreException {
        return expungeUids(uids, true);
    }

    private ExpungeResult expungeUids(long[] uids, boolean onlyDeleted) throws MailStoreException {
        List<Entry> chosen = new ArrayList<>();
        MailboxChange change = null;
        IOException failure = null;
        long highest;
        lock.lock();
        try {
            checkOpen();
            Collection<Entry> candidates = uids == null ? entries.values()
                    : Arrays.stream(uids).mapToObj(entries::get).filter(e -> e != null).toList();
            for (Entry e : candidates) {
                if (onlyDeleted && !e.record.has(Flag.DELETED)) {
                    continue;
                }
                try {
                    Files.deleteIfExists(cur.resolve(e.fileName));
                } catch (IOException ex) {
                    failure = ex;
                    break;
                }
                chosen.add(e);
            }
            if (!chosen.isEmpty()) {
                try {
                    change = removeEntries(chosen).withOrigin(ChangeOrigin.current());
                } catch (IOException ex) {
                    // The files are gone: the next scan of the folder records the expunge.
                    throw Errors.io("expunge in " + name, ex);
                }
            }
            highest = highestModSeq;
        } finally {
            lock.unlock();
        }
        if (change != null) {
            syncAndPublish(true, false, change, "expunge in " + name);
        }
        if (failure != null && chosen.isEmpty()) {
            throw Errors.io("expunge in " + name, failure);
        }
        if (failure != null) {
            // Some files are gone already: report those (an exception would claim nothing
            // changed); the rest keep \Deleted and a later EXPUNGE retries them.
            LOG.log(Level.WARNING, "expunge in " + user + "/" + name + " stopped after " + chosen.size()
                    + " messages", failure);
        }
        return new ExpungeResult(chosen.stream().mapToLong(e -> e.uid).sorted().toArray(), highest);
    }

    /** Records entries whose files are gone as expunged, with one new MODSEQ. Under the lock. */
    private MailboxChange removeEntries(List<Entry> gone) throws IOException {
        long modSeq = highestModSeq + 1;
        reserve(uidNext, modSeq);
        uidlistStale = true;
        List<byte[]> bodies = new ArrayList<>();
        for (Entry e : gone) {
            bodies.add(new IndexLog.Writer(EXPUNGED).putLong(e.uid).putLong(modSeq).bytes());
        }
        log.append(bodies);
        records += bodies.size();
        highestModSeq = modSeq;
        long[] uids = new long[gone.size()];
        int i = 0;
        for (Entry e : gone) {
            drop(e.uid);
            cachedValues -= e.cache == null ? 0 : e.cache.size();
            logExpunge(e.uid, modSeq);
            uids[i++] = e.uid;
        }
        Arrays.sort(uids);
        snapshot = null;
        maybeCompact();
        return change(MailboxChange.Kind.EXPUNGED, List.of(), uids);
    }

    // ---- changes made from outside ------------------------------------------------------

    /**
     * Handles file-system events of this folder seen by the store's watch service: names
     * created or deleted in {@code new/} and {@code cur/}.
     */
    void onFileEvents(Set<String> inNew, Set<String> inCur, boolean overflow) {
        if (closed) {
            return;
        }
        if (overflow) {
            rescan();
            return;
        }
        underLock("index outside changes in", () -> {
            if (!Files.isDirectory(cur)) {
                // cur/ itself moved away: not a reason to expunge every message.
                LOG.warning(() -> "cur/ of " + user + "/" + name + " is missing; ignoring file events");
                return List.of();
            }
            Set<String> curNames = new LinkedHashSet<>(inCur);
            curNames.addAll(moveNewToCur(inNew));
            List<String> unknown = new ArrayList<>();
            Map<Entry, String> renamed = new LinkedHashMap<>();
            List<Entry> maybeGone = new ArrayList<>();
            for (String fileName : curNames) {
                if (fileName.startsWith(".")) {
                    continue;
                }
                Entry e = byBase().get(MaildirFileName.base(fileName));
                if (e == null && pendingBases.contains(MaildirFileName.base(fileName))) {
                    continue; // ours, waiting for its fsync
                }
                boolean exists = Files.exists(cur.resolve(fileName));
                if (e == null) {
                    if (exists) {
                        unknown.add(fileName);
                    }
                } else if (e.fileName.equals(fileName)) {
                    if (!exists) {
                        maybeGone.add(e);
                    }
                } else if (exists && !Files.exists(cur.resolve(e.fileName))) {
                    renamed.put(e, fileName);
                }
            }
            // A vanished name may be the first half of a rename whose second half has not been
            // reported yet: decide only after a grace period (see checkVanished).
            long deadline = System.nanoTime() + VANISH_GRACE_NANOS;
            for (Entry e : maybeGone) {
                if (!renamed.containsKey(e) && !Files.exists(cur.resolve(e.fileName))) {
                    vanished.putIfAbsent(e.uid, deadline);
                }
            }
            renamed.keySet().forEach(e -> vanished.remove(e.uid));
            return applyOutsideChanges(unknown, renamed, List.of(), null);
        });
    }

    /**
     * Records as expunged the messages whose file vanished more than the grace period ago and
     * has not reappeared under another name. Called by the store's watcher when idle.
     */
    void checkVanished() {
        if (vanished.isEmpty() || closed) {
            return;
        }
        underLock("record outside removals in", () -> {
            long now = System.nanoTime();
            List<Entry> gone = new ArrayList<>();
            for (var it = vanished.entrySet().iterator(); it.hasNext(); ) {
                var v = it.next();
                if (now - v.getValue() < 0) {
                    continue;
                }
                it.remove();
                Entry e = entries.get(v.getKey());
                if (e != null && !Files.exists(cur.resolve(e.fileName))) {
                    gone.add(e);
                }
            }
            return gone.isEmpty() ? List.<MailboxChange>of() : List.of(removeEntries(gone));
        });
    }

    /**
     * Indexes what waits in new/ (cheap: new/ is usually empty). Called once the watch is
     * registered, for deliveries made between loading and watching.
     */
    void scanNew() {
        underLock("scan new/ of", () -> {
            List<String> moved = moveNewToCur(list(newDir));
            moved.removeIf(fileName -> byBase().containsKey(MaildirFileName.base(fileName)));
            return applyOutsideChanges(moved, Map.of(), List.of(), null);
        });
    }

    /** Compares the whole folder with the index and records every difference. */
    void rescan() {
        underLock("rescan", () -> rescanLocked(null));
    }

    /** One step on outside changes, run under the lock; returns the changes to publish. */
    @FunctionalInterface
    private interface LockedStep {
        List<MailboxChange> run() throws IOException;
    }

    /**
     * Runs {@code step} under the lock unless the index is closed, logs an I/O failure as
     * "cannot WHAT user/mailbox" (nothing is published then), and publishes the step's changes
     * once the directory is synced.
     */
    private void underLock(String what, LockedStep step) {
        List<MailboxChange> changes = List.of();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            changes = step.run();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot " + what + " " + user + "/" + name, e);
        } finally {
            lock.unlock();
        }
        publishAfterSync(changes);
    }

    private List<MailboxChange> rescanLocked(DovecotUidlist.Content hints) throws IOException {
        vanished.clear();
        moveNewToCur(list(newDir));
        Map<String, String> present = new HashMap<>();
        for (String fileName : list(cur)) {
            present.putIfAbsent(MaildirFileName.base(fileName), fileName);
        }
        present.keySet().removeAll(pendingBases);
        Map<Entry, String> renamed = new LinkedHashMap<>();
        List<Entry> gone = new ArrayList<>();
        for (Entry e : entries.values()) {
            String fileName = present.remove(e.base());
            if (fileName == null) {
                gone.add(e);
            } else if (!fileName.equals(e.fileName)) {
                renamed.put(e, fileName);
            }
        }
        return applyOutsideChanges(new ArrayList<>(present.values()), renamed, gone, hints);
    }

    /** Records files added, renamed and removed by others. Under the lock. */
    private List<MailboxChange> applyOutsideChanges(List<String> unknown, Map<Entry, String> renamed,
            List<Entry> gone, DovecotUidlist.Content hints) throws IOException {
        List<MailboxChange> changes = new ArrayList<>();
        if (!unknown.isEmpty() || !renamed.isEmpty()) {
            keywords.refresh(); // a program on the Maildir may have given a new keyword a letter
        }
        MailboxChange added = unknown.isEmpty() ? null : indexUnknownFiles(unknown, hints);
        if (added != null) {
            changes.add(added);
        }
        if (!renamed.isEmpty()) {
            long modSeq = highestModSeq + 1;
            reserve(uidNext, modSeq);
            List<byte[]> bodies = new ArrayList<>();
            for (Map.Entry<Entry, String> r : renamed.entrySet()) {
                Entry e = r.getKey();
                Set<String> flags = MaildirFileName.flags(MaildirFileName.letters(r.getValue()), keywords);
                // Keywords without a letter cannot be seen in a file name: keep them.
                e.record.flags().stream().filter(f -> !Flag.isSystem(f) && keywords.letter(f) == 0).forEach(flags::add);
                bodies.add(new IndexLog.Writer(FLAGS).putLong(e.uid).putLong(modSeq).putString(r.getValue())
                        .putStrings(flags).bytes());
                e.fileName = r.getValue();
                setRecord(e, withFlags(e.record, intern(flags), modSeq));
                journal(e);
            }
            log.append(bodies);
            records += bodies.size();
            highestModSeq = modSeq;
            snapshot = null;
            changes.add(change(MailboxChange.Kind.FLAGS, renamed.keySet().stream().map(e -> e.record).toList(), null));
        }
        if (!gone.isEmpty()) {
            changes.add(removeEntries(gone));
        }
        return changes;
    }

    /**
     * Gives UIDs to files in cur/ the index does not know, in the order of the UIDs another
     * server gave them ({@code hints}), then of their names (which start with the delivery time).
     */
    private MailboxChange indexUnknownFiles(List<String> fileNames, DovecotUidlist.Content hints) throws IOException {
        Map<String, Long> hinted = new HashMap<>();
        Set<Long> taken = new HashSet<>();
        Set<Long> expunged = new HashSet<>();
        for (int i = 0; i < expungedCount; i++) {
            expunged.add(expungedUids[i]);
        }
        // A UID is kept when nothing else holds it under this UIDVALIDITY: no live message, no
        // expunged one (RFC 9051 section 2.3.1.1: never reused), no other file of this batch.
        java.util.function.LongPredicate free = uid -> uid > 0 && uid <= MAX_UID && !entries.containsKey(uid)
                && !expunged.contains(uid) && !taken.contains(uid);
        // Without a known reservation (index lost or rebuilt) every UID this store gave may be
        // in a name; with one, a name above it was not given by us and gets a fresh UID.
        long givenBelow = reservedUidNext == 0 ? MAX_UID + 1 : Math.max(uidNext, reservedUidNext);
        for (String fileName : fileNames) {
            // Our own UID in the name: the index record was lost (power failure), the message was not.
            long uid = MaildirFileName.uid(fileName, uidValidity);
            if (uid < givenBelow && free.test(uid)) {
                taken.add(uid);
                hinted.put(fileName, uid);
            }
        }
        if (hints != null) {
            // UIDs the uidlist gave to these very files (its lines are keyed by the unchanging
            // base): announced before, by us or by Dovecot, so they are kept.
            for (String fileName : fileNames) {
                Long uid = hints.uids().get(MaildirFileName.base(fileName));
                if (uid != null && !hinted.containsKey(fileName) && free.test(uid)) {
                    taken.add(uid);
                    hinted.put(fileName, uid);
                }
            }
            uidNext = Math.max(uidNext, Math.max(hints.nextUid(), hints.maxUid() + 1));
        }
        List<String> fresh = new ArrayList<>(fileNames);
        fresh.removeAll(hinted.keySet());
        fresh.sort(Comparator.comparing(FolderIndex::deliveryTime).thenComparing(Comparator.naturalOrder()));
        List<String> ordered = new ArrayList<>(hinted.keySet());
        ordered.sort(Comparator.comparing(hinted::get));
        ordered.addAll(fresh);

        long modSeq = highestModSeq + 1;
        reserve(Math.max(uidNext, taken.stream().mapToLong(u -> u + 1).max().orElse(0)) + fileNames.size(), modSeq);
        Instant now = Instant.now();
        List<Entry> added = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        // Fresh UIDs go above every kept one, so the two can never meet.
        long next = Math.max(uidNext, hinted.values().stream().mapToLong(u -> u + 1).max().orElse(0));
        for (String fileName : ordered) {
            BasicFileAttributes attributes;
            Path file = cur.resolve(fileName);
            if (Files.isSymbolicLink(file) && !confinement.inside(file)) {
                continue; // a link out of the user's Maildir is no message (logged once)
            }
            try {
                attributes = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                continue;
            }
            long uid = hinted.containsKey(fileName) ? hinted.get(fileName) : next++;
            Set<String> flags = intern(MaildirFileName.flags(MaildirFileName.letters(fileName), keywords));
            Entry e = new Entry(uid, fileName, new MessageRecord(uid, flags, attributes.lastModifiedTime().toInstant(),
                    attributes.size(), modSeq, now));
            added.add(e);
            bodies.add(addedRecord(e));
        }
        if (added.isEmpty()) {
            return null;
        }
        log.append(bodies);
        records += bodies.size();
        uidNext = Math.max(next, added.stream().mapToLong(e -> e.uid + 1).max().orElse(next));
        highestModSeq = modSeq;
        added.forEach(this::put);
        snapshot = null;
        // A file delivered from outside carries no UID in its name: the uidlist line is its only
        // durable record once the index is lost, so it is fsynced before the UID is announced.
        appendUidlist(added, added.stream().anyMatch(e -> MaildirFileName.uid(e.fileName, uidValidity) != e.uid));
        return change(MailboxChange.Kind.ADDED, added.stream().map(e -> e.record).toList(), null);
    }

    private static long deliveryTime(String fileName) {
        int dot = fileName.indexOf('.');
        try {
            return dot > 0 ? Long.parseLong(fileName.substring(0, dot)) : Long.MAX_VALUE;
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Moves files delivered into new/ to cur/ (keeping any info part); returns their cur/ names. */
    private List<String> moveNewToCur(Collection<String> names) {
        List<String> moved = new ArrayList<>();
        for (String fileName : names) {
            if (fileName.startsWith(".")) {
                continue;
            }
            String target = MaildirFileName.base(fileName) + ":2," + MaildirFileName.letters(fileName);
            try {
                Files.move(newDir.resolve(fileName), cur.resolve(target), StandardCopyOption.ATOMIC_MOVE);
                moved.add(target);
            } catch (NoSuchFileException e) {
                // taken by another reader already
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot move a delivered message into cur/ of " + user + "/" + name, e);
            }
        }
        return moved;
    }

    // ---- lifecycle ------------------------------------------------------------------------

    /** Store shutdown: marks the index clean (with cur/'s mtime) so the next start skips the scan. */
    void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (records - liveRecords() > Math.max(10_000, entries.size())) {
                compact();
            }
            if (uidlistStale) {
                // As Dovecot leaves it after a sync: header N = the next UID, one line per message.
                rewriteUidlist();
            }
            // Undecided vanished files: leave the index unclean so the next start checks the folder.
            log.append(List.of(stateRecord(vanished.isEmpty() ? curMtime() : -1)));
            log.sync();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot close the index of " + user + "/" + name + " cleanly", e);
        } finally {
            closeQuietly();
            lock.unlock();
        }
    }

    /** The folder was deleted or renamed: drop the index without writing. */
    void discard() {
        lock.lock();
        try {
            closed = true;
            closeQuietly();
        } finally {
            lock.unlock();
        }
    }

    private void closeQuietly() {
        closed = true;
        store.directoryHandles().forget(this);
        try {
            if (log != null) {
                log.close();
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing index", e);
        }
    }

    /**
     * Compacts while running when superseded records dominate (e.g. after many flag changes),
     * so the log and the next cold open stay proportional to the mailbox. Under the lock; a
     * failure is logged and the old log kept.
     */
    private void maybeCompact() {
        if (records - liveRecords() > Math.max(store.compactAfter(), 2 * liveRecords())) {
            try {
                compact();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot compact the index of " + user + "/" + name, e);
            }
        }
    }

    /** Rewrites the log with only the live state (under the lock). */
    private void compact() throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        bodies.add(stateRecord(-1));
        bodies.add(new IndexLog.Writer(RESERVED).putLong(reservedUidNext).putLong(reservedModSeq).bytes());
        for (int i = 0; i < expungedCount; i++) {
            bodies.add(new IndexLog.Writer(EXPUNGED).putLong(expungedUids[i]).putLong(expungedModSeqs[i]).bytes());
        }
        for (Entry e : entries.values()) {
            bodies.add(addedRecord(e));
            if (e.cache != null) {
                e.cache.forEach((k, v) -> bodies.add(new IndexLog.Writer(CACHED).putLong(e.uid).putString(k)
                        .putString(v).bytes()));
            }
        }
        IndexLog old = log;
        log = IndexLog.create(dir.resolve(IndexLog.FILE), uidValidity, bodies);
        old.supersede();
        records = bodies.size();
        rewriteUidlist();
        LOG.fine(() -> "compacted the index of " + user + "/" + name);
    }

    // ---- helpers --------------------------------------------------------------------------

    /**
     * Makes sure UIDs below {@code uidNextNeeded} and MODSEQs up to {@code modSeqNeeded} lie
     * within a durable reservation, writing and fsyncing a new one ({@value #RESERVE} ahead)
     * when not. After an unclean stop the folder continues above the reservation, so a UID or
     * MODSEQ a client saw is never given again even if the last index records were lost.
     * Under the lock.
     */
    private void reserve(long uidNextNeeded, long modSeqNeeded) throws IOException {
        if (uidNextNeeded <= reservedUidNext && modSeqNeeded <= reservedModSeq) {
            return;
        }
        long uids = Math.max(uidNextNeeded, uidNext) + RESERVE;
        long modSeqs = Math.max(modSeqNeeded, highestModSeq) + RESERVE;
        log.append(List.of(new IndexLog.Writer(RESERVED).putLong(uids).putLong(modSeqs).bytes()));
        log.sync();
        records++;
        reservedUidNext = uids;
        reservedModSeq = modSeqs;
    }

    /** Whether a file name can show all of {@code flags} (system flags, keywords with a letter). */
    private boolean allInFileName(Set<String> flags) {
        for (String flag : flags) {
            if (!Flag.isSystem(flag) && keywords.letter(flag) == 0) {
                return false;
            }
        }
        return true;
    }

    private void checkOpen() throws MailStoreException {
        if (closed) {
            throw new MailStoreException(ResponseCode.NONEXISTENT, "Mailbox " + name + " was deleted or renamed");
        }
    }

    private void put(Entry e) {
        Entry replaced = entries.get(e.uid);
        if (replaced != null) {
            counted(replaced, replaced.record, null);
        }
        entries.put(e.uid, e);
        counted(e, null, e.record);
        touch(e);
        if (byBase != null) {
            byBase.put(e.base(), e);
        }
        liveOctets += e.record.size() - (replaced == null ? 0 : replaced.record.size());
        liveMessages = entries.size();
        journal(e);
    }

    /** Records in the journal (once it exists) that {@code e} now carries its current MODSEQ. Under the lock. */
    private void journal(Entry e) {
        if (journalUids == null) {
            return;
        }
        if (journalSize == journalUids.length) {
            if (journalSize > 2 * entries.size() + 1024) {
                buildJournal(); // mostly superseded pairs: start again from the entries
                return;
            }
            journalUids = Arrays.copyOf(journalUids, journalSize * 2);
            journalModSeqs = Arrays.copyOf(journalModSeqs, journalSize * 2);
        }
        journalUids[journalSize] = e.uid;
        journalModSeqs[journalSize++] = e.record.modSeq();
    }

    /** Builds the journal from the entries: one sort by MODSEQ. Under the lock. */
    private void buildJournal() {
        int n = entries.size();
        long[][] pairs = new long[n][];
        int i = 0;
        for (Entry e : entries.values()) {
            pairs[i++] = new long[] {e.record.modSeq(), e.uid};
        }
        Arrays.sort(pairs, 0, i, (a, b) -> Long.compare(a[0], b[0]));
        journalModSeqs = new long[Math.max(64, n + n / 4)];
        journalUids = new long[journalModSeqs.length];
        for (int j = 0; j < i; j++) {
            journalModSeqs[j] = pairs[j][0];
            journalUids[j] = pairs[j][1];
        }
        journalSize = i;
    }

    /** Removes the entry of {@code uid} (all that removes entries goes through here); returns it or null. */
    private Entry drop(long uid) {
        Entry e = entries.remove(uid);
        if (e != null) {
            if (touched != null) {
                dropped.add(uid);
                forgetChangesIfMany();
            }
            counted(e, e.record, null);
            forgetBase(e);
            liveOctets -= e.record.size();
            liveMessages = entries.size();
        }
        return e;
    }

    /** Gives a live entry a new record (new flags), keeping the flag counts. Under the lock. */
    private void setRecord(Entry e, MessageRecord record) {
        MessageRecord before = e.record;
        e.record = record;
        counted(e, before, record);
        touch(e);
    }

    /** Moves {@code e}'s contribution to the flag counts from {@code before} to {@code after} (either may be null). */
    private void counted(Entry e, MessageRecord before, MessageRecord after) {
        if (before != null) {
            for (String f : before.flags()) {
                flagCounts.computeIfPresent(f, (k, n) -> n == 1 ? null : n - 1);
            }
        }
        if (after != null) {
            for (String f : after.flags()) {
                flagCounts.merge(f, 1, Integer::sum);
            }
        }
        boolean wasUnseen = before != null && !before.has(Flag.SEEN);
        boolean isUnseen = after != null && !after.has(Flag.SEEN);
        if (wasUnseen && !isUnseen) {
            unseen.remove(e.uid);
        } else if (isUnseen) {
            unseen.put(e.uid, e); // also when the entry was replaced by another of the same UID
        }
    }

    private void forgetBase(Entry e) {
        if (byBase != null) {
            byBase.remove(e.base());
        }
    }

    private HashMap<String, Entry> byBase() {
        if (byBase == null) {
            byBase = new HashMap<>(entries.size() * 2);
            entries.values().forEach(e -> byBase.put(e.base(), e));
        }
        return byBase;
    }

    private void putCache(Entry e, String key, String value) {
        if (e.cache == null) {
            e.cache = new HashMap<>(4);
        }
        if (e.cache.put(key, value) == null) {
            cachedValues++;
        }
    }

    private long liveRecords() {
        return 2 + entries.size() + expungedCount + cachedValues;
    }

    private void logExpunge(long uid, long modSeq) {
        if (expungedCount == expungedUids.length) {
            expungedUids = Arrays.copyOf(expungedUids, expungedCount * 2);
            expungedModSeqs = Arrays.copyOf(expungedModSeqs, expungedCount * 2);
        }
        expungedUids[expungedCount] = uid;
        expungedModSeqs[expungedCount++] = modSeq;
    }

    /** The shared instance of a flag set; keywords in it are remembered for {@link #keywords()}. */
    private Set<String> intern(Set<String> flags) {
        Set<String> copy = Set.copyOf(flags);
        Set<String> shared = flagSets.get(copy);
        if (shared == null) {
            copy.stream().filter(f -> !Flag.isSystem(f)).forEach(usedKeywords::add);
            flagSets.put(copy, copy);
            shared = copy;
        }
        return shared;
    }

    private static MessageRecord withFlags(MessageRecord r, Set<String> flags, long modSeq) {
        return new MessageRecord(r.uid(), flags, r.internalDate(), r.size(), modSeq, r.saveDate());
    }

    /** Canonical spelling; \Recent is never stored (RFC 9051 section 2.3.2). */
    private static Set<String> canonical(Set<String> flags) throws MailStoreException {
        Set<String> out = new HashSet<>();
        for (String flag : flags) {
            try {
                String c = Flag.canonical(flag);
                if (!c.equals(Flag.RECENT)) {
                    out.add(c);
                }
            } catch (IllegalArgumentException e) {
                throw new MailStoreException(ResponseCode.CANNOT, "Unknown system flag " + flag);
            }
        }
        return out;
    }

    private byte[] addedRecord(Entry e) {
        MessageRecord r = e.record;
        return new IndexLog.Writer(ADDED).putLong(e.uid).putLong(r.modSeq()).putLong(r.size())
                .putLong(r.internalDate().toEpochMilli())
                .putLong(r.saveDate() == null ? Long.MIN_VALUE : r.saveDate().toEpochMilli())
                .putString(e.fileName).putStrings(r.flags()).bytes();
    }

    private byte[] stateRecord(long cleanMtime) {
        return new IndexLog.Writer(STATE).putLong(uidNext).putLong(highestModSeq).putLong(cleanMtime).bytes();
    }

    private MailboxChange change(MailboxChange.Kind kind, List<MessageRecord> changed, long[] uids) {
        long[] ids = uids != null ? uids : changed.stream().mapToLong(MessageRecord::uid).toArray();
        return new MailboxChange(user, name, kind, changed, ids, highestModSeq);
    }

    /**
     * Makes a change durable, then tells the listeners. The file names in cur/ carry UID and
     * flags, so the fsync of cur/ is what makes an APPEND, COPY, STORE or EXPUNGE survive a
     * power failure; the index record, already written (and so safe from a process kill), is
     * fsynced as well only when it holds something no file name shows ({@code indexOnly}:
     * keywords without a Dovecot letter). After a power failure the folder scan restores the
     * rest from the names (see {@link #indexUnknownFiles}), and {@link #reserve} keeps UIDs and
     * MODSEQs from going backwards.
     */
    private void syncAndPublish(boolean directoryChanged, boolean indexOnly, MailboxChange change, String what)
            throws MailStoreException {
        try {
            if (directoryChanged) {
                curSync.sync();
            }
            if (indexOnly || !directoryChanged) {
                log.sync();
            }
        } catch (IOException e) {
            throw Errors.io(what, e);
        }
        store.publish(change);
    }

    private void publishAfterSync(List<MailboxChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        try {
            curSync.sync();
            log.sync();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot sync the index of " + user + "/" + name, e);
            return;
        }
        changes.forEach(store::publish);
    }

    private void appendUidlist(List<Entry> added, boolean durable) {
        uidlistStale = true;
        try {
            DovecotUidlist.append(dir, added.stream().map(e -> Map.entry(e.uid, e.base())).toList(), durable);
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot append to dovecot-uidlist; it is rewritten at the next compaction", e);
        }
    }

    private void rewriteUidlist() {
        try {
            DovecotUidlist.write(dir, uidValidity, uidNext,
                    entries.values().stream().map(e -> Map.entry(e.uid, e.base())).toList());
            uidlistStale = false;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot write dovecot-uidlist of " + user + "/" + name, e);
        }
    }

    private long curMtime() {
        try {
            return Files.getLastModifiedTime(cur).to(TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return -2;
        }
    }

    /**
     * Cleans tmp/ at first open: what an earlier run of Bundlebox left there (an APPEND, COPY,
     * CREATE or DELETE interrupted by a crash) is removed at once; files of other programs only
     * when older than 36 hours, as the Maildir convention says (they may still be writing).
     */
    private void removeStaleTmpFiles() throws IOException {
        long limit = System.currentTimeMillis() - TMP_MAX_AGE_MILLIS;
        for (String fileName : list(tmp)) {
            Path file = tmp.resolve(fileName);
            try {
                if (MaildirFileName.leftByEarlierRun(fileName)
                        || Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() < limit) {
                    LOG.fine(() -> "removing " + fileName + " from tmp/ of " + user + "/" + name);
                    MaildirUser.deleteTree(file);
                }
            } catch (IOException e) {
                LOG.log(Level.FINE, "cannot remove a stale tmp file", e);
            }
        }
    }

    private static List<String> list(Path directory) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path p : stream) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".")) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path p : stream) {
                if (!p.getFileName().toString().startsWith(".")) {
                    return false;
                }
            }
            return true;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot remove " + file.getFileName(), e);
        }
    }
}
