package io.bundlebox.mailstore;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One opened mail root: the mailboxes of many users. Thread-safe; shared by all sessions of the
 * tenant it belongs to.
 */
@ProviderType
public interface MailStore extends AutoCloseable {

    /**
     * The mailboxes of one user, created (with an empty INBOX) on first use.
     *
     * @param user the login name; the store refuses names that could leave the root
     * @throws MailStoreException NOPERM or CANNOT for an unusable name, SERVERBUG on I/O failure
     */
    UserMailboxes user(String user) throws MailStoreException;

    /**
     * Registers a listener for every change in this store, whoever made it (a session or a
     * delivery agent writing into Maildir {@code new/}). Listeners are called on a store thread
     * after the change is durable and must return quickly.
     */
    void addListener(MailboxListener listener);

    /** Removes a listener added before; unknown listeners are ignored. */
    void removeListener(MailboxListener listener);

    /** Stops watchers and flushes indexes; opened mailboxes become unusable. */
    @Override
    void close();
}
