package io.bundlebox.mailstore;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Optional store feature (look it up with {@link UserMailboxes#feature(Class)}): the user's
 * {@link Usage}, kept by the store as changes happen, for QUOTA (RFC 9208 section 5) and its
 * enforcement. A store offers it only when it can answer without visiting the messages: counters
 * updated by every append, copy, move, expunge, mailbox creation, deletion and rename, by outside
 * deliveries and removals the store notices, and recounted from the store's own index (never from
 * the message data) when the store starts.
 *
 * <p>A file store keeps the counters in memory; a database store may keep them in a row per user
 * updated in the transaction of each change. Thread-safe.
 */
@ProviderType
public interface UsageCounter {

    /**
     * The user's usage now. The first call after the store opened may read the user's indexes;
     * later calls cost no I/O and do not grow with the number of messages.
     *
     * @throws MailStoreException SERVERBUG when the first count cannot read an index
     */
    Usage usage() throws MailStoreException;
}
