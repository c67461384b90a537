package io.bundlebox.ext.quota;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The quota configuration in force for a tenant (issue 12 item 2, issue 14 item 1): the server-wide
 * configuration {@value QuotaConfig#PID} with the quota keys of the tenant's own file
 * ({@code conf/tenant-ID.cfg}, handed over as {@code SessionContext.tenantSettings()}) laid over it
 * key by key. So a tenant's {@code storage.kib} replaces the server-wide default for its users, its
 * {@code user.NAME.messages} replaces a server-wide {@code user.NAME.messages}, a user override
 * still beats a default wherever either comes from, and the tenant's {@code admins} replaces the
 * server-wide list. A tenant without quota keys (the default tenant has none) gets the server-wide
 * configuration.
 *
 * <p>The merged configuration is parsed once per version of the tenant's settings and of the
 * server-wide configuration (both are immutable maps that are replaced on change), so a changed
 * tenant file applies to the next command. A tenant file whose quota keys cannot be parsed is
 * rejected in one log line and the tenant's previous limits stay (the server-wide ones when it had
 * none).
 */
final class TenantQuotaConfigs {

    private static final Logger LOG = Logger.getLogger(TenantQuotaConfigs.class.getName());

    /** What was merged from (compared by identity: both inputs are replaced, never changed) and the result. */
    private record Layered(Map<String, String> tenantKeys, QuotaConfig.Source base, QuotaConfig config) {
    }

    private final Map<String, Layered> byTenant = new ConcurrentHashMap<>();

    /**
     * The configuration of {@code tenant}'s users.
     *
     * @param tenant the tenant id
     * @param tenantKeys the tenant's settings (every key of its file; the quota ones are picked)
     * @param base the server-wide configuration
     */
    QuotaConfig of(String tenant, Map<String, String> tenantKeys, QuotaConfig.Source base) {
        Layered known = byTenant.get(tenant);
        if (known != null && known.tenantKeys() == tenantKeys && known.base() == base) {
            return known.config();
        }
        Map<String, Object> merged = null;
        for (Map.Entry<String, String> e : tenantKeys.entrySet()) {
            if (QuotaConfig.isQuotaKey(e.getKey())) {
                if (merged == null) {
                    merged = new HashMap<>(base.properties());
                }
                merged.put(e.getKey(), e.getValue());
            }
        }
        QuotaConfig config;
        if (merged == null) {
            config = base.config();
        } else {
            try {
                config = QuotaConfig.parse(merged);
            } catch (IllegalArgumentException e) {
                config = known != null ? known.config() : base.config();
                LOG.severe("the quota keys of tenant " + tenant + " rejected, its previous limits stay: " + e.getMessage());
            }
        }
        byTenant.put(tenant, new Layered(tenantKeys, base, config));
        return config;
    }
}
