package io.bundlebox.core.internal.tenant;

import io.bundlebox.core.internal.auth.PasswordFile;
import io.bundlebox.core.internal.server.Extensions;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailStoreException;

/**
 * One tenant as sessions see it: its settings, its filter over the extension registry, its users
 * file and its mail store (opened on first use; shared with the tenant's next version when a
 * changed configuration leaves the store settings alone). Immutable but for the store's opening.
 */
public final class Tenant {

    private final TenantSettings settings;
    private final Extensions.View view;
    private final PasswordFile passwords;
    private final TenantStore store;

    Tenant(TenantSettings settings, Extensions.View view, PasswordFile passwords, TenantStore store) {
        this.settings = settings;
        this.view = view;
        this.passwords = passwords;
        this.store = store;
    }

    /** The tenant's id ({@code default} for bare login names). */
    public String id() {
        return settings.id();
    }

    /** The configuration this version of the tenant was made from. */
    public TenantSettings settings() {
        return settings;
    }

    /** The commands and extension services the tenant's sessions may use. */
    public Extensions.View view() {
        return view;
    }

    /** The tenant's users file. */
    public PasswordFile passwords() {
        return passwords;
    }

    /**
     * The tenant's mail store, opened by the provider of its {@code store.type} on first use.
     *
     * @throws MailStoreException UNAVAILABLE when no store bundle of that type is installed or the
     *     store was closed (tenant removed or its storage moved), else the provider's error
     */
    public MailStore store() throws MailStoreException {
        return store.get();
    }

    /** Whether the store is open (operators: which tenants have been used since start). */
    public boolean storeOpen() {
        return store.isOpen();
    }

    TenantStore storeHolder() {
        return store;
    }

    @Override
    public String toString() {
        return "tenant " + id();
    }
}
