package io.bundlebox.core.internal.tenant;

import io.bundlebox.core.internal.auth.Credentials;
import io.bundlebox.core.internal.auth.PasswordFile;
import io.bundlebox.core.internal.auth.ScramCredentials;
import io.bundlebox.core.internal.events.MailboxEventHub;
import io.bundlebox.core.internal.server.Extensions;
import io.bundlebox.mailstore.MailStoreProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The tenants of the server (DESIGN.md section 6): the default one (bare login names, the
 * server's own settings) and one per {@code conf/tenant-ID.cfg}. Routes a login name to its tenant
 * by the domain after its last {@code @}, and a password check to that tenant's users file.
 * Lookups are lock-free; changes are serialized.
 */
public final class TenantRegistry implements Credentials {

    private final Extensions extensions;
    private final Function<String, MailStoreProvider> providers;
    private final MailboxEventHub events;
    private volatile Tenant defaultTenant;
    /** Tenants by id, and by login domain; replaced whole on every change. */
    private volatile Map<String, Tenant> byId = Map.of();
    private volatile Map<String, Tenant> byDomain = Map.of();

    /**
     * A change of one tenant.
     *
     * @param old the version sessions have now, or null for a new tenant
     * @param now the version new sessions get, or null when the tenant was removed
     */
    public record Change(Tenant old, Tenant now) {

        /** Whether sessions of {@code old} must end because their store is no longer the tenant's. */
        public boolean storeMoved() {
            return old != null && (now == null || old.storeHolder() != now.storeHolder());
        }
    }

    /**
     * @param extensions the registry every tenant's view filters
     * @param providers the installed store provider of a {@code store.type}, or null
     * @param events the hub stores are attached to, under their tenant's id
     */
    public TenantRegistry(Extensions extensions, Function<String, MailStoreProvider> providers, MailboxEventHub events) {
        this.extensions = extensions;
        this.providers = providers;
        this.events = events;
    }

    /** Sets the default tenant (from {@code io.bundlebox.server}); a first call, or a change of it. */
    public synchronized Change putDefault(TenantSettings s) {
        Tenant old = defaultTenant;
        checkRoot(s, old);
        defaultTenant = build(s, old);
        return new Change(old, defaultTenant);
    }

    /**
     * Adds or replaces a tenant.
     *
     * @throws IllegalArgumentException when a login domain is another tenant's, or the mail root
     *     overlaps another tenant's (one line; the tenant's previous version stays in force)
     */
    public synchronized Change put(TenantSettings s) {
        Tenant old = byId.get(s.id());
        for (String d : s.domains()) {
            Tenant owner = byDomain.get(d);
            if (owner != null && !owner.id().equals(s.id())) {
                throw new IllegalArgumentException("domain " + d + " already belongs to tenant " + owner.id());
            }
        }
        checkRoot(s, old);
        Tenant now = build(s, old);
        Map<String, Tenant> ids = new HashMap<>(byId);
        ids.put(s.id(), now);
        publish(ids);
        return new Change(old, now);
    }

    /** Removes a tenant; its store is closed by {@link #retire} once its sessions are gone. */
    public synchronized Change remove(String id) {
        Tenant old = byId.get(id);
        if (old == null) {
            return new Change(null, null);
        }
        Map<String, Tenant> ids = new HashMap<>(byId);
        ids.remove(id);
        publish(ids);
        return new Change(old, null);
    }

    /** Closes the store of a tenant version no one uses any more (after {@link Change#storeMoved()}). */
    public void retire(Change change) {
        if (change.storeMoved()) {
            change.old().storeHolder().close();
        }
    }

    private void publish(Map<String, Tenant> ids) {
        Map<String, Tenant> domains = new HashMap<>();
        for (Tenant t : ids.values()) {
            for (String d : t.settings().domains()) {
                domains.put(d, t);
            }
        }
        byId = Map.copyOf(ids);
        byDomain = Map.copyOf(domains);
    }

    private Tenant build(TenantSettings s, Tenant old) {
        TenantStore store = old != null && old.settings().sameStore(s) ? old.storeHolder() : new TenantStore(s, providers, events);
        PasswordFile passwords = old != null && old.passwords().file().equals(s.usersFile()) ? old.passwords()
                : new PasswordFile(s.usersFile());
        return new Tenant(s, extensions.view(s.extensions()), passwords, store);
    }

    /** A mail root inside another tenant's (or containing it) would let one tenant's users reach the other's mail. */
    private void checkRoot(TenantSettings s, Tenant old) {
        List<Tenant> others = new ArrayList<>(byId.values());
        if (defaultTenant != null) {
            others.add(defaultTenant);
        }
        for (Tenant t : others) {
            if (t == old) {
                continue;
            }
            var root = t.settings().mailRoot();
            if (root.startsWith(s.mailRoot()) || s.mailRoot().startsWith(root)) {
                throw new IllegalArgumentException("mail.root " + s.mailRoot() + " overlaps the mail root of tenant " + t.id()
                        + " (" + root + ")");
            }
        }
    }

    /** The tenant a login name belongs to: by the domain after its last {@code @}, else the default one. */
    public Tenant forLogin(String user) {
        int at = user == null ? -1 : user.lastIndexOf('@');
        if (at >= 0) {
            Tenant t = byDomain.get(user.substring(at + 1).toLowerCase(Locale.ROOT));
            if (t != null) {
                return t;
            }
        }
        return defaultTenant;
    }

    /** The default tenant (bare login names; sessions before login). */
    public Tenant defaultTenant() {
        return defaultTenant;
    }

    /** The tenant with this id (the default one included), or null. */
    public Tenant byId(String id) {
        return TenantSettings.DEFAULT_ID.equals(id) ? defaultTenant : byId.get(id);
    }

    /** Every tenant, the default one first, then by id. */
    public List<Tenant> all() {
        List<Tenant> out = new ArrayList<>();
        out.add(defaultTenant);
        byId.values().stream().sorted(java.util.Comparator.comparing(Tenant::id)).forEach(out::add);
        return out;
    }

    /** Closes every tenant's store whose provider of {@code type} is going away. */
    public void closeStores(String type) {
        for (Tenant t : all()) {
            if (t != null && t.storeHolder().uses(type)) {
                t.storeHolder().close();
            }
        }
    }

    /** Closes every store (server stopping). */
    public void closeAll() {
        for (Tenant t : all()) {
            if (t != null) {
                t.storeHolder().close();
            }
        }
    }

    @Override
    public boolean verify(String user, String password) {
        return forLogin(user).passwords().verify(user, password);
    }

    @Override
    public ScramCredentials scramCredentials(String user) {
        return forLogin(user).passwords().scramCredentials(user);
    }
}
