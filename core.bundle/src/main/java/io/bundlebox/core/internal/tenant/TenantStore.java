package io.bundlebox.core.internal.tenant;

import io.bundlebox.core.internal.events.MailboxEventHub;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.MailStoreProvider;
import io.bundlebox.mailstore.StoreConfig;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The mail store of one tenant: opened by the {@link MailStoreProvider} of its {@code store.type}
 * with the tenant's root and options on first use, attached to the event hub under the tenant's
 * id (so no event crosses tenants), closed once when the tenant goes away or its storage moves.
 */
final class TenantStore {

    private static final Logger LOG = Logger.getLogger(TenantStore.class.getName());

    private final TenantSettings settings;
    private final Function<String, MailStoreProvider> providers;
    private final MailboxEventHub events;
    private MailStore store;
    private boolean closed;

    TenantStore(TenantSettings settings, Function<String, MailStoreProvider> providers, MailboxEventHub events) {
        this.settings = settings;
        this.providers = providers;
        this.events = events;
    }

    synchronized MailStore get() throws MailStoreException {
        if (closed) {
            throw new MailStoreException(ResponseCode.UNAVAILABLE, "The tenant's mail store was closed; please reconnect");
        }
        if (store == null) {
            MailStoreProvider p = providers.apply(settings.storeType());
            if (p == null) {
                LOG.warning("tenant " + settings.id() + ": no store of type " + settings.storeType() + " is installed");
                throw new MailStoreException(ResponseCode.UNAVAILABLE, "The mail store is not available");
            }
            store = p.open(new StoreConfig(settings.mailRoot(), settings.storeOptions()));
            events.attach(settings.id(), store);
            LOG.info("tenant " + settings.id() + ": " + settings.storeType() + " store opened at " + settings.mailRoot());
        }
        return store;
    }

    synchronized boolean isOpen() {
        return store != null && !closed;
    }

    /** Whether this store was opened by a provider of {@code type} (which is going away). */
    synchronized boolean uses(String type) {
        return store != null && settings.storeType().equals(type);
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (store != null) {
            events.detach(settings.id(), store);
            store.close();
            LOG.info("tenant " + settings.id() + ": store at " + settings.mailRoot() + " closed");
        }
    }
}
