package io.bundlebox.mailstore;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A kind of mail storage, registered as an OSGi service by a store bundle with the service
 * property {@code store.type} (e.g. {@code maildir}). The core opens one {@link MailStore} per
 * mail root (one per tenant); no store instance is shared between tenants.
 */
@ProviderType
public interface MailStoreProvider {

    /** The service property naming the kind of storage. */
    String TYPE_PROPERTY = "store.type";

    /** The kind of storage, equal to the {@code store.type} property, e.g. {@code "maildir"}. */
    String type();

    /**
     * Opens the store rooted at {@code config.root()}; the mail of user {@code u} lives under
     * {@code root/u/} unless the store documents otherwise.
     *
     * @throws MailStoreException when the root cannot be used (code CANNOT or SERVERBUG)
     */
    MailStore open(StoreConfig config) throws MailStoreException;
}
