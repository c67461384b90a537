package io.bundlebox.mailstore;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The mailboxes of one user (RFC 9051 sections 6.3.4 to 6.3.9). Thread-safe.
 */
@ProviderType
public interface UserMailboxes {

    /** The owner's login name. */
    String user();

    /** Every existing mailbox, INBOX included, in no particular order. */
    List<MailboxInfo> list() throws MailStoreException;

    /**
     * Creates a mailbox; missing parents are created too (section 6.3.4).
     *
     * @param specialUse attributes requested with {@code CREATE ... (USE (...))} (RFC 6154), may be empty
     * @throws MailStoreException ALREADYEXISTS, CANNOT (bad name), LIMIT, USEATTR-like CANNOT
     */
    void create(String name, Set<String> specialUse) throws MailStoreException;

    /**
     * Deletes a mailbox and its messages (section 6.3.5). INBOX cannot be deleted.
     *
     * @throws MailStoreException NONEXISTENT, CANNOT (INBOX), HASCHILDREN where applicable
     */
    void delete(String name) throws MailStoreException;

    /**
     * Renames a mailbox and its children (section 6.3.6). Renaming INBOX moves its messages
     * into the new mailbox and leaves INBOX empty.
     *
     * @throws MailStoreException NONEXISTENT, ALREADYEXISTS, CANNOT
     */
    void rename(String from, String to) throws MailStoreException;

    /** The subscribed names (section 6.3.7), which need not exist. */
    Set<String> subscriptions() throws MailStoreException;

    /** Adds {@code name} to the subscriptions (section 6.3.7). */
    void subscribe(String name) throws MailStoreException;

    /** Removes {@code name} from the subscriptions (section 6.3.8). */
    void unsubscribe(String name) throws MailStoreException;

    /**
     * Opens a mailbox for reading and writing. Each session opens its own handle; handles of
     * one mailbox share the store's index.
     *
     * @throws MailStoreException NONEXISTENT when there is no such mailbox
     */
    Mailbox open(String name) throws MailStoreException;

    /**
     * Gives an existing mailbox these special-use attributes (RFC 6154 section 2), replacing the
     * ones it had. Used to mark the folders of an existing Maildir at a user's first login.
     *
     * @param specialUse canonical attributes such as {@code \Sent}; empty to remove them
     * @throws MailStoreException NONEXISTENT for no such mailbox, CANNOT for INBOX or from a store
     *     that keeps no special-use attributes (the default), USEATTR for an unknown attribute
     * @since 2.1
     */
    default void setSpecialUse(String name, Set<String> specialUse) throws MailStoreException {
        throw new MailStoreException(io.bundlebox.imap.api.ResponseCode.CANNOT, "This store keeps no special-use attributes");
    }

    /**
     * Whether this is the user's first login: true exactly once per user, for the first caller,
     * across sessions and restarts (the caller then sets up the user's default mailboxes), false
     * ever after. Durable when it returns true.
     *
     * @return true the first time; a store that keeps no such state answers false (nothing is set up)
     * @throws MailStoreException SERVERBUG when the state cannot be written
     * @since 2.1
     */
    default boolean firstLogin() throws MailStoreException {
        return false;
    }

    /**
     * An optional feature of the store for this user, looked up by its interface (DESIGN.md
     * section 5), e.g. {@link UsageCounter}. Stores that lack a feature answer empty; callers
     * then do without it (or refuse what needs it). The default offers nothing.
     *
     * @param type the feature's interface from this package
     * @return the feature, or empty when this store does not offer it
     */
    default <T> Optional<T> feature(Class<T> type) {
        return Optional.empty();
    }
}
