package io.bundlebox.mailstore;

import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An open handle on one mailbox. Thread-safe; writes are atomic and durable when they return.
 * Messages are addressed by UID only: message sequence numbers belong to sessions.
 *
 * <p>A handle follows its mailbox through {@link UserMailboxes#rename} (of the mailbox or of a
 * superior) made through the same store: {@link #name} then gives the new name and every call
 * goes on, UIDVALIDITY and UIDs unchanged (RFC 9051 section 6.3.6 keeps the mailbox, only its
 * name changes). Once the mailbox is deleted (or gone from outside), calls fail with
 * {@code NONEXISTENT}.
 */
@ProviderType
public interface Mailbox extends AutoCloseable {

    /** How {@link #store} combines the given flags with a message's flags (RFC 9051 section 6.4.6). */
    enum FlagMode {
        /** {@code FLAGS}: replace. */
        REPLACE,
        /** {@code +FLAGS}: add. */
        ADD,
        /** {@code -FLAGS}: remove. */
        REMOVE
    }

    /** The mailbox name (the current one, after a rename). */
    String name();

    /** UIDVALIDITY (RFC 9051 section 2.3.1.1); stable unless the UID data was lost. */
    long uidValidity();

    /**
     * The current state of the mailbox, from the index alone (no message file is opened).
     * Cheap enough to call at every command: stores keep it in memory.
     */
    MailboxSnapshot snapshot() throws MailStoreException;

    /** Keywords defined in this mailbox (for the FLAGS response), immutable. */
    Set<String> keywords() throws MailStoreException;

    /**
     * The message's bytes, exactly as appended, positioned at 0.
     *
     * @throws MailStoreException EXPUNGEISSUED or NONEXISTENT when the UID is gone
     */
    SeekableByteChannel content(long uid) throws MailStoreException;

    /**
     * Appends a message (RFC 9051 section 6.3.12). Reads exactly {@code size} octets from
     * {@code content}; on any failure (including a short stream) nothing is stored.
     *
     * @param flags initial flags (canonical spelling), may be empty
     * @param internalDate INTERNALDATE to record; null means now
     * @return the new message's UID and the mailbox's UIDVALIDITY
     * @throws MailStoreException OVERQUOTA, LIMIT, CANNOT, SERVERBUG (disk full: nothing half-written)
     */
    AppendResult append(InputStream content, long size, Set<String> flags, Instant internalDate)
            throws MailStoreException;

    /**
     * Copies messages into {@code target} (section 6.4.7), keeping flags and INTERNALDATE.
     * UIDs that no longer exist are skipped.
     *
     * @param uids ascending UIDs
     * @return source and destination UIDs, pairwise
     */
    CopyResult copy(long[] uids, Mailbox target) throws MailStoreException;

    /**
     * Moves messages into {@code target} (section 6.4.8): a copy, then an expunge of the
     * sources, atomic as far as the client can tell.
     */
    CopyResult move(long[] uids, Mailbox target) throws MailStoreException;

    /**
     * Changes flags (section 6.4.6), each changed message getting a new MODSEQ.
     *
     * @param uids ascending UIDs; missing ones are skipped
     * @param unchangedSince apply only to messages whose MODSEQ is at most this (RFC 7162
     *     UNCHANGEDSINCE); {@code Long.MAX_VALUE} for unconditional
     * @return the records as they are now, and the UIDs refused for UNCHANGEDSINCE
     */
    StoreResult store(long[] uids, FlagMode mode, Set<String> flags, long unchangedSince)
            throws MailStoreException;

    /**
     * Removes messages that carry {@code \Deleted} (section 6.4.3).
     *
     * @param uids restrict to these UIDs (UID EXPUNGE, section 6.4.9), or null for all
     * @return the UIDs removed, ascending, and the new HIGHESTMODSEQ
     */
    ExpungeResult expunge(long[] uids) throws MailStoreException;

    /**
     * What changed after {@code modSeq} (RFC 7162 sections 3.1.4 and 3.2.5.2), answered
     * from the index without scanning the messages.
     */
    Changes changesSince(long modSeq) throws MailStoreException;

    /** A cached derived value for a message (e.g. ENVELOPE, BODYSTRUCTURE), or null. */
    String cached(long uid, String key) throws MailStoreException;

    /** Stores a derived value for a message; it dies with the message. Best effort. */
    void cache(long uid, String key, String value) throws MailStoreException;

    /**
     * Takes the {@code \Recent} flag (RFC 3501 sections 2.3.2 and 6.3.1) of the messages that
     * arrived since anyone last took it: a message is recent in exactly one session, the first to
     * take it, across handles, sessions and restarts. Atomic and durable when it returns.
     *
     * @param upTo the caller's UIDNEXT; messages below it may be taken
     * @return the first UID that is now recent for the caller: UIDs from it up to {@code upTo}
     *     (exclusive) are the caller's; {@code upTo} when there were none. A store that keeps no
     *     such state returns {@code upTo}: nothing is ever recent.
     * @throws MailStoreException SERVERBUG when the state cannot be written
     * @since 2.1
     */
    default long claimRecent(long upTo) throws MailStoreException {
        return upTo;
    }

    /**
     * The first UID that no session has taken as recent yet (see {@link #claimRecent}), without
     * taking anything: for EXAMINE, which must not change it, and {@code STATUS (RECENT)}.
     *
     * @return a UID; {@code Long.MAX_VALUE} from a store that keeps no such state
     * @since 2.1
     */
    default long firstUnclaimedRecent() throws MailStoreException {
        return Long.MAX_VALUE;
    }

    /**
     * The {@link HeaderKeys} of many messages at once (DESIGN.md section 4.1), from the index:
     * a store computes them when a message is appended or first seen and caches them
     * ({@link #cache} under {@link HeaderKeys#CACHE_KEY}), so a warm call opens no message file.
     * This default reads the cache and computes (and caches) what is missing from the header
     * block of the message; stores may answer faster in bulk.
     *
     * @param uids the UIDs, in any order
     * @return the keys, index by index; null where the UID is gone
     * @throws MailStoreException SERVERBUG when the index cannot be read
     * @since 2.2
     */
    default HeaderKeys[] headerKeys(long[] uids) throws MailStoreException {
        HeaderKeys[] out = new HeaderKeys[uids.length];
        for (int i = 0; i < uids.length; i++) {
            String cached = cached(uids[i], HeaderKeys.CACHE_KEY);
            out[i] = cached == null ? null : HeaderKeys.fromCache(cached);
            if (out[i] == null) {
                out[i] = computeHeaderKeys(uids[i]);
            }
        }
        return out;
    }

    /**
     * Reads the header block of message {@code uid}, computes its {@link HeaderKeys} and caches
     * them; null when the message is gone or unreadable.
     *
     * @since 2.2
     */
    default HeaderKeys computeHeaderKeys(long uid) throws MailStoreException {
        HeaderKeys keys;
        try (SeekableByteChannel ch = content(uid)) {
            keys = HeaderKeys.read(ch);
        } catch (MailStoreException | java.io.IOException e) {
            return null;
        }
        cache(uid, HeaderKeys.CACHE_KEY, keys.toCache());
        return keys;
    }

    /**
     * A token that is the same object for every handle on this mailbox of this store while the
     * store keeps the mailbox open, and another one once it reopened it (after a RENAME, for
     * instance): what an extension keys a cache on to share what it derives from the mailbox's
     * messages (sort keys, for one) between the sessions that have the mailbox open, instead of
     * deriving it once per session. Compare with {@code ==}; hold it weakly, so the store's
     * closing of the mailbox frees the cache. Tokens of two stores (two tenants) never match.
     * This default is the handle itself: nothing is shared.
     *
     * @return the token, never null
     * @since 2.4
     */
    default Object identity() {
        return this;
    }

    /** Releases the handle; the mailbox itself stays. */
    @Override
    void close();
}
