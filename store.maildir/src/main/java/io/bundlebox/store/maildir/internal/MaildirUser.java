package io.bundlebox.store.maildir.internal;

import io.bundlebox.imap.api.MailboxName;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.mailstore.ChangeOrigin;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxChange;
import io.bundlebox.mailstore.MailboxInfo;
import io.bundlebox.mailstore.UsageCounter;
import io.bundlebox.mailstore.UserMailboxes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The Maildir++ of one user, {@code root/user/}: INBOX is the Maildir itself, other mailboxes
 * the {@code .Name.Sub} folders (see {@link FolderNames}). Each folder holds a
 * {@code maildirfolder} marker (Maildir++), and {@value #SPECIAL_USE_FILE} when created with
 * special-use attributes (RFC 6154), one attribute per line. Subscriptions live in the file
 * {@code subscriptions}, one mailbox name per line in UTF-8 with {@code /} as delimiter (a
 * Dovecot version-2 file, {@code V\t2} header and tab-delimited names, is read too).
 */
final class MaildirUser implements UserMailboxes {

    static final String SPECIAL_USE_FILE = "bundlebox-special-use";

    /** In the user's Maildir: present once the user's first login set up the default mailboxes. */
    static final String FIRST_LOGIN_FILE = "bundlebox-first-login";
    private static final String SUBSCRIPTIONS_FILE = "subscriptions";
    private static final Logger LOG = Logger.getLogger(MaildirUser.class.getName());
    private static final Map<String, String> SPECIAL_USE = Map.of(
            "\\all", "\\All", "\\archive", "\\Archive", "\\drafts", "\\Drafts", "\\flagged", "\\Flagged",
            "\\junk", "\\Junk", "\\sent", "\\Sent", "\\trash", "\\Trash");

    private final MaildirStore store;
    private final String user;
    private final Path home;
    private final Confinement confinement;
    private final FolderListing listing;
    /** Orders mailbox-level changes (create, delete, rename, subscriptions) of this user. */
    private final Object treeLock = new Object();
    private final UserUsage usage;
    /** Open mailboxes by the name a client gave, see {@link #open}; at most {@value #OPENED_MAX}. */
    private final Map<String, Opened> opened = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int OPENED_MAX = 256;

    /**
     * A mailbox as an open found it: its folder checked and confined, its shared index, and the
     * mtimes (nanoseconds) of the user's directory and of the folder taken before that check,
     * both older than {@link FolderListing#racy} allows (so a later change shows as a new mtime).
     */
    private record Opened(Path dir, FolderIndex index, long homeMtime, long dirMtime) {
        /**
         * Whether the check still holds: the index is open (a delete, a rename and the store's
         * close close it) and neither directory changed since (a folder removed, renamed or
         * replaced by a link from outside changes the user's directory; {@code cur/}, {@code new/}
         * or {@code tmp/} replaced changes the folder's).
         */
        boolean holds(Path home) {
            return !index.isClosed() && unchanged(home, homeMtime) && (dir.equals(home) || unchanged(dir, dirMtime));
        }

        private static boolean unchanged(Path p, long mtime) {
            return FolderListing.mtime(p) == mtime;
        }
    }

    MaildirUser(MaildirStore store, String user, Path home) throws MailStoreException {
        this.store = store;
        this.user = user;
        this.home = home;
        this.usage = new UserUsage(new UserUsage.Folders() {
            @Override
            public FolderIndex folder(String name) throws MailStoreException {
                return store.folder(user, name, folderDir(name), confinement);
            }

            @Override
            public void list() throws MailStoreException {
                MaildirUser.this.list();
            }
        });
        try {
            if (!Files.isDirectory(home.resolve("cur"))) {
                Files.createDirectories(home);
                createMaildir(home);
                Durable.syncDirectory(home.getParent());
            }
            confinement = new Confinement(home);
            listing = new FolderListing(home, confinement, MaildirUser::specialUse);
        } catch (IOException e) {
            throw Errors.io("create the mail folder of " + user, e);
        }
    }

    /** The real path of this user's mail folder. */
    Path realHome() {
        return confinement.realHome();
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public List<MailboxInfo> list() throws MailStoreException {
        synchronized (treeLock) { // a listing never overtakes a change's fresher one for the usage
            return listLocked();
        }
    }

    private List<MailboxInfo> listLocked() throws MailStoreException {
        List<MailboxInfo> all = new ArrayList<>();
        all.add(new MailboxInfo(MailboxName.INBOX, Set.of()));
        try {
            all.addAll(listing.list());
        } catch (IOException e) {
            throw Errors.io("list the mailboxes of " + user, e);
        }
        usage.listed(all, this::folderDir);
        return all;
    }

    @Override
    public void create(String name, Set<String> specialUse) throws MailStoreException {
        String checked = FolderNames.check(name);
        Set<String> uses = checkSpecialUse(specialUse);
        List<String> createdParents;
        synchronized (treeLock) {
            if (exists(checked)) {
                throw new MailStoreException(ResponseCode.ALREADYEXISTS, "Mailbox " + checked + " already exists");
            }
            createdParents = createParents(checked);
            createFolder(checked, uses);
            relist();
        }
        createdParents.forEach(p -> publish(MailboxChange.of(user, p, MailboxChange.Kind.CREATED)));
        publish(MailboxChange.of(user, checked, MailboxChange.Kind.CREATED));
    }

    /** Creates the missing parents of {@code name}, outermost first; returns those it created. */
    private List<String> createParents(String name) throws MailStoreException {
        List<String> created = new ArrayList<>();
        String[] parts = name.split("/");
        for (int i = 1; i < parts.length; i++) {
            String parent = String.join("/", java.util.Arrays.copyOf(parts, i));
            if (!exists(parent)) {
                createFolder(parent, Set.of());
                created.add(parent);
            }
        }
        return created;
    }

    /** Builds the folder under tmp/ and renames it into place, so it appears whole or not at all. */
    private void createFolder(String name, Set<String> uses) throws MailStoreException {
        Path target = folderDir(name);
        Path building = home.resolve("tmp").resolve(MaildirFileName.tmpName("create-" + System.nanoTime()));
        try {
            Files.createDirectory(building);
            createMaildir(building);
            Files.createFile(building.resolve("maildirfolder"));
            if (!uses.isEmpty()) {
                Files.writeString(building.resolve(SPECIAL_USE_FILE), String.join("\n", uses) + "\n");
            }
            Files.move(building, target, StandardCopyOption.ATOMIC_MOVE);
            listing.invalidate();
            Durable.syncDirectory(home);
        } catch (FileAlreadyExistsException e) {
            deleteTree(building);
            throw new MailStoreException(ResponseCode.ALREADYEXISTS, "Mailbox " + name + " already exists");
        } catch (IOException e) {
            deleteTree(building);
            throw Errors.io("create mailbox " + name, e);
        }
    }

    private static void createMaildir(Path dir) throws IOException {
        for (String sub : new String[] {"cur", "new", "tmp"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        Durable.syncDirectory(dir);
    }

    @Override
    public void setSpecialUse(String name, Set<String> specialUse) throws MailStoreException {
        String checked = FolderNames.check(name);
        if (checked.equals(MailboxName.INBOX)) {
            throw new MailStoreException(ResponseCode.CANNOT, "INBOX has no special-use attributes here");
        }
        Set<String> uses = checkSpecialUse(specialUse);
        synchronized (treeLock) {
            if (!exists(checked)) {
                throw new MailStoreException(ResponseCode.NONEXISTENT, "No mailbox " + checked);
            }
            Path file = folderDir(checked).resolve(SPECIAL_USE_FILE);
            try {
                if (uses.isEmpty()) {
                    Files.deleteIfExists(file);
                } else {
                    Durable.writeAtomically(file, (String.join("\n", uses) + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException e) {
                throw Errors.io("mark mailbox " + checked, e);
            }
            listing.invalidate();
            relist();
        }
    }

    /** The first login is the one that creates {@value #FIRST_LOGIN_FILE} in the user's Maildir. */
    @Override
    public boolean firstLogin() throws MailStoreException {
        Path marker = home.resolve(FIRST_LOGIN_FILE);
        synchronized (treeLock) {
            try {
                Files.createDirectories(home);
                Files.createFile(marker);
                Durable.syncDirectory(home);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (IOException e) {
                throw Errors.io("record the first login of " + user, e);
            }
        }
    }

    @Override
    public void delete(String name) throws MailStoreException {
        String checked = FolderNames.check(name);
        if (checked.equals(MailboxName.INBOX)) {
            throw new MailStoreException(ResponseCode.CANNOT, "INBOX cannot be deleted");
        }
        synchronized (treeLock) {
            if (!exists(checked)) {
                throw new MailStoreException(ResponseCode.NONEXISTENT, "No mailbox " + checked);
            }
            Path dir = folderDir(checked);
            Path trash = home.resolve("tmp").resolve(MaildirFileName.tmpName("deleted-" + System.nanoTime()));
            store.discardFolders(List.of(dir));
            try {
                Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
                listing.invalidate();
                Durable.syncDirectory(home);
            } catch (IOException e) {
                throw Errors.io("delete mailbox " + checked, e);
            }
            deleteTree(trash);
            relist();
        }
        publish(MailboxChange.of(user, checked, MailboxChange.Kind.DELETED));
    }

    @Override
    public void rename(String from, String to) throws MailStoreException {
        String source = FolderNames.check(from);
        String target = FolderNames.check(to);
        List<String> createdParents;
        synchronized (treeLock) {
            if (!exists(source)) {
                throw new MailStoreException(ResponseCode.NONEXISTENT, "No mailbox " + source);
            }
            if (exists(target)) {
                throw new MailStoreException(ResponseCode.ALREADYEXISTS, "Mailbox " + target + " already exists");
            }
            if (target.startsWith(source + "/")) {
                throw new MailStoreException(ResponseCode.CANNOT, "Cannot rename a mailbox into itself");
            }
            createdParents = createParents(target);
            if (source.equals(MailboxName.INBOX)) {
                renameInbox(target);
            } else {
                renameTree(source, target);
            }
            relist();
        }
        createdParents.forEach(p -> publish(MailboxChange.of(user, p, MailboxChange.Kind.CREATED)));
        publish(MailboxChange.renamed(user, source, target));
    }

    /** RFC 9051 section 6.3.6: INBOX's messages move to the new mailbox; INBOX stays, empty. */
    private void renameInbox(String target) throws MailStoreException {
        createFolder(target, Set.of());
        try (Mailbox inbox = open(MailboxName.INBOX); Mailbox moved = open(target)) {
            inbox.move(inbox.snapshot().uids(), moved);
        }
    }

    private void renameTree(String source, String target) throws MailStoreException {
        String sourceDir = FolderNames.dirName(source);
        List<Path[]> moves = new ArrayList<>();
        try (Stream<Path> children = Files.list(home)) {
            for (Path dir : (Iterable<Path>) children::iterator) {
                String n = dir.getFileName().toString();
                if (n.equals(sourceDir) || n.startsWith(sourceDir + ".")) {
                    String child = FolderNames.fromDirName(n);
                    if (child != null) {
                        String renamed = FolderNames.check(target + child.substring(source.length()));
                        moves.add(new Path[] {dir, folderDir(renamed)});
                    }
                }
            }
        } catch (IOException e) {
            throw Errors.io("rename mailbox " + source, e);
        }
        Map<Path, FolderIndex> closed = store.closeFolders(moves.stream().map(m -> m[0]).toList());
        List<Path[]> done = new ArrayList<>();
        try {
            for (Path[] m : moves) {
                Files.move(m[0], m[1], StandardCopyOption.ATOMIC_MOVE);
                listing.invalidate();
                done.add(m);
            }
            Durable.syncDirectory(home);
        } catch (IOException e) {
            for (Path[] m : done.reversed()) {
                try {
                    Files.move(m[1], m[0], StandardCopyOption.ATOMIC_MOVE);
                    listing.invalidate();
                } catch (IOException undo) {
                    LOG.log(Level.WARNING, "cannot undo a partial rename of " + source, undo);
                }
            }
            reopen(closed, moves, false);
            throw Errors.io("rename mailbox " + source, e);
        }
        reopen(closed, moves, true);
    }

    /**
     * After a rename (done, or undone after a failure): reopens each folder whose index it closed
     * where the folder now is, as that index's successor, so that open handles (a session that
     * has it selected) go on under the folder's current name (see {@link MaildirMailbox}).
     * Called under the tree lock, which handles that found their index closed wait for.
     */
    private void reopen(Map<Path, FolderIndex> closed, List<Path[]> moves, boolean renamed) {
        for (Path[] m : moves) {
            FolderIndex old = closed.get(m[0]);
            if (old == null) {
                continue;
            }
            Path dir = renamed || !Files.isDirectory(m[0]) ? m[1] : m[0]; // undone, unless the undo failed
            String name = FolderNames.fromDirName(dir.getFileName().toString());
            try {
                old.successor(store.folder(user, name, dir, confinement));
            } catch (MailStoreException e) {
                LOG.log(Level.FINE, "cannot reopen " + user + "/" + name + " after a rename", e);
            }
        }
    }

    /** For a handle whose index was closed by a rename: waits until the rename has named the successor. */
    void awaitRename() {
        synchronized (treeLock) {
            // nothing: a rename holds the lock until its successors are set
        }
    }

    @Override
    public Set<String> subscriptions() throws MailStoreException {
        synchronized (treeLock) {
            try {
                List<String> lines = Confinement.readOwnFile(home.resolve(SUBSCRIPTIONS_FILE)).lines().toList();
                Set<String> names = new LinkedHashSet<>();
                boolean dovecotV2 = !lines.isEmpty() && lines.getFirst().startsWith("V\t");
                for (String line : dovecotV2 ? lines.subList(1, lines.size()) : lines) {
                    if (!line.isBlank()) {
                        names.add(dovecotV2 ? line.replace('\t', '/') : line);
                    }
                }
                return Set.copyOf(names);
            } catch (NoSuchFileException e) {
                return Set.of();
            } catch (IOException e) {
                throw Errors.io("read the subscriptions of " + user, e);
            }
        }
    }

    @Override
    public void subscribe(String name) throws MailStoreException {
        changeSubscription(FolderNames.check(name), true);
    }

    @Override
    public void unsubscribe(String name) throws MailStoreException {
        changeSubscription(MailboxName.normalize(name), false);
    }

    private void changeSubscription(String name, boolean add) throws MailStoreException {
        synchronized (treeLock) {
            Set<String> names = new java.util.TreeSet<>(subscriptions());
            if (add ? !names.add(name) : !names.remove(name)) {
                return;
            }
            StringBuilder text = new StringBuilder();
            names.forEach(n -> text.append(n).append('\n'));
            try {
                Durable.writeAtomically(home.resolve(SUBSCRIPTIONS_FILE), text.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw Errors.io("change the subscriptions of " + user, e);
            }
        }
        publish(MailboxChange.subscription(user, name, add));
    }

    /**
     * Opens a handle on the shared index of the folder. What an open checked (the name, the
     * folder inside the user's Maildir with {@code cur/}, its index) is kept per name and taken
     * again while it holds ({@link Opened#holds}: two stats), so that STATUS and SELECT of a
     * mailbox opened before cost no path walk (issue 15).
     *
     * @throws MailStoreException CANNOT for an invalid name, NONEXISTENT for a missing mailbox
     */
    @Override
    public Mailbox open(String name) throws MailStoreException {
        Opened known = opened.get(name);
        if (known != null && known.holds(home)) {
            return new MaildirMailbox(this, known.index());
        }
        String checked = FolderNames.check(name);
        Path dir = folderDir(checked);
        long homeMtime = FolderListing.mtime(home); // before the check: a change during it shows next time
        long dirMtime = FolderListing.mtime(dir);
        if (!exists(checked)) {
            opened.remove(name);
            throw new MailStoreException(ResponseCode.NONEXISTENT, "No mailbox " + checked);
        }
        FolderIndex index = store.folder(user, checked, dir, confinement);
        if (trusted(homeMtime) && trusted(dirMtime)) { // else a change in the same tick would not show
            if (opened.size() >= OPENED_MAX) {
                opened.clear(); // names a client made up in other spellings: start again
            }
            opened.put(name, new Opened(dir, index, homeMtime, dirMtime));
        } else {
            opened.remove(name);
        }
        return new MaildirMailbox(this, index);
    }

    private static boolean trusted(long mtime) {
        return mtime >= 0 && !FolderListing.racy(mtime);
    }

    /** Offers {@link UsageCounter}: usage kept with every change, see {@link UserUsage}. */
    @Override
    public <T> Optional<T> feature(Class<T> type) {
        return type == UsageCounter.class ? Optional.of(type.cast(usage)) : Optional.empty();
    }

    /** After a change of the tree: the usage's folder set follows, once it is kept at all. */
    private void relist() throws MailStoreException {
        if (usage.listed()) {
            list();
        }
    }

    /** A folder that leaves the user's Maildir through a symbolic link does not exist (logged once). */
    private boolean exists(String checkedName) {
        Path dir = folderDir(checkedName);
        if (!checkedName.equals(MailboxName.INBOX)) {
            return listing.exists(checkedName, dir);
        }
        return Files.isDirectory(dir.resolve("cur")) && confinement.folderInside(dir);
    }

    private Path folderDir(String checkedName) {
        String dirName = FolderNames.dirName(checkedName);
        return dirName.isEmpty() ? home : home.resolve(dirName);
    }

    private static Set<String> specialUse(Path dir) {
        try {
            return Set.copyOf(Confinement.readOwnFile(dir.resolve(SPECIAL_USE_FILE)).lines()
                    .filter(l -> !l.isBlank()).toList());
        } catch (NoSuchFileException e) {
            return Set.of();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read special-use attributes", e);
            return Set.of();
        }
    }

    /** RFC 6154 attributes in canonical case; an unknown one is refused with USEATTR (section 3). */
    private static Set<String> checkSpecialUse(Set<String> requested) throws MailStoreException {
        Set<String> uses = new LinkedHashSet<>();
        for (String use : requested) {
            String canonical = SPECIAL_USE.get(use.toLowerCase(Locale.ROOT));
            if (canonical == null) {
                throw new MailStoreException(ResponseCode.of("USEATTR"), "Unsupported special-use attribute " + use);
            }
            uses.add(canonical);
        }
        return uses;
    }

    /** Publishes a mailbox-level change, made on the caller's thread (so with its {@link ChangeOrigin}). */
    private void publish(MailboxChange change) {
        store.publish(change.withOrigin(ChangeOrigin.current()));
    }

    /** Removes a file or a folder with everything in it (never following a link); failures are logged. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove " + dir.getFileName() + " completely", e);
        }
    }
}
