package io.bundlebox.store.maildir.internal;

import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.MailStoreProvider;
import io.bundlebox.mailstore.StoreConfig;
import org.osgi.service.component.annotations.Component;

/**
 * The Maildir storage service ({@code store.type=maildir}). Each {@link #open} gives an
 * independent store (one per tenant's mail root) with its own index cache and watch service;
 * the mail of user {@code u} is the Maildir++ {@code root/u/}.
 */
@Component(service = MailStoreProvider.class, property = MailStoreProvider.TYPE_PROPERTY + "=" + MaildirStoreProvider.TYPE)
public final class MaildirStoreProvider implements MailStoreProvider {

    /** The value of {@code store.type}. */
    public static final String TYPE = "maildir";

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * Opens the Maildir root {@code config.root()}, creating it when missing.
     *
     * @throws MailStoreException SERVERBUG or NOPERM when the root cannot be created or watched
     */
    @Override
    public MailStore open(StoreConfig config) throws MailStoreException {
        return new MaildirStore(config.root());
    }
}
