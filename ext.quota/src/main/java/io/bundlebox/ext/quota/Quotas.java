package io.bundlebox.ext.quota;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.mailstore.UsageCounter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The quota state of this bundle, shared by its commands, its guard and its STATUS item: the
 * limits of configuration {@value QuotaConfig#PID} (see {@link QuotaConfig}) with the quota keys of
 * the session's tenant file laid over them ({@link TenantQuotaConfigs}), applied to the next
 * command whenever either changes, and the {@link Ledger} of reservations (by tenant and user). The quota
 * root of a user is the user's, named {@code ""} (RFC 9208 section 3.2, as Dovecot and Cyrus name
 * theirs), and covers all of the user's mailboxes. Usage comes from the store's
 * {@link UsageCounter}; a store without one gets no enforcement and empty QUOTA responses.
 */
@Component(service = Quotas.class, configurationPid = QuotaConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class Quotas {

    /** The name of every user's quota root. */
    static final String ROOT = "";
    private static final Logger LOG = Logger.getLogger(Quotas.class.getName());

    private final Ledger ledger = new Ledger();
    private final TenantQuotaConfigs tenants = new TenantQuotaConfigs();
    private volatile QuotaConfig.Source config = QuotaConfig.Source.EMPTY;
    /** The configurations SETQUOTA gave ConfigAdmin, to tell their late {@code @Modified} calls from changes made outside; guarded by {@code this}. */
    private final OwnWrites ownWrites = new OwnWrites();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configAdmin;

    /** Where SETQUOTA's keys go when the configuration came from no file yet: {@code conf/} of the home. */
    private final Path defaultFile;

    @Activate
    public Quotas(BundleContext context, Map<String, Object> properties) {
        String home = context.getProperty("bundlebox.home");
        this.defaultFile = home == null ? null : Path.of(home, "conf", QuotaConfig.PID + ".cfg");
        configure(properties);
    }

    /** Applies a configuration; one that cannot be parsed is rejected with one log line, the previous one stays. */
    @Modified
    synchronized void configure(Map<String, Object> properties) {
        if (ownWrites.stale(properties)) {
            return; // an earlier SETQUOTA's call, delivered after a later SETQUOTA took effect
        }
        try {
            config = QuotaConfig.Source.of(properties);
        } catch (IllegalArgumentException e) {
            LOG.severe("configuration " + QuotaConfig.PID + " rejected, the previous limits stay: " + e.getMessage());
        }
    }

    /** FileInstall's property naming the file a configuration came from (a URL). */
    private static final String FILENAME = "felix.fileinstall.filename";

    /** Writes {@code keys} into the configuration's {@code .cfg} file (see {@link #setLimits}). */
    private void writeBack(Object fileUrl, Map<String, String> keys) throws IOException {
        Path file = fileUrl == null ? defaultFile : Path.of(URI.create(String.valueOf(fileUrl)));
        if (file == null) {
            LOG.warning("SETQUOTA limits saved in ConfigAdmin only: no home to write " + QuotaConfig.PID + ".cfg into");
            return;
        }
        if (!file.getFileName().toString().endsWith(".cfg")) {
            throw new IOException(file + " is not a .cfg file; put the quota keys in a .cfg file");
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        CfgFile.set(file, new java.util.TreeMap<>(keys));
    }

    /** The configuration in force for the session: the server-wide one, with its tenant's quota keys laid over it. */
    private QuotaConfig configOf(SessionContext session) {
        return tenants.of(session.tenant(), session.tenantSettings(), config);
    }

    /** The limits of the session user's root now. */
    Limits limits(SessionContext session) {
        return configOf(session).limitsOf(session.user());
    }

    /** Whether the session's user may use SETQUOTA. */
    boolean isAdmin(SessionContext session) {
        return configOf(session).isAdmin(session.user());
    }

    /** The store's usage counter for the session's user, if the store keeps one. */
    Optional<UsageCounter> counter(SessionContext session) throws ImapException {
        return session.mailboxes().feature(UsageCounter.class);
    }

    Ledger ledger() {
        return ledger;
    }

    /**
     * Makes {@code limits} the limits of the session user's root: at once for the next command, and
     * saved as the user's {@code user.NAME.*} keys in configuration {@value QuotaConfig#PID} and in
     * its file {@code conf/io.bundlebox.ext.quota.cfg} (the one FileInstall read it from, else the
     * home's; created if absent), written atomically with the rest of the file kept
     * ({@link CfgFile}), so the next save of the file by an operator and a restart keep them.
     *
     * @throws ImapException {@code NO [CANNOT]} when the user's tenant file sets the user's own
     *     limits (they would win over the saved ones), {@code NO [UNAVAILABLE]} when ConfigAdmin is
     *     not running, or {@code NO [SERVERBUG]} when the file or ConfigAdmin cannot save (the
     *     limits are then unchanged)
     */
    void setLimits(SessionContext session, Limits limits) throws ImapException {
        String user = session.user();
        if (QuotaConfig.overridesUser(session.tenantSettings(), user)) {
            throw ImapException.no(ResponseCode.CANNOT, "The limits of " + user + " are set in the tenant's configuration");
        }
        ConfigurationAdmin admin = configAdmin;
        if (admin == null) {
            throw ImapException.no(ResponseCode.UNAVAILABLE, "Quota limits cannot be saved now");
        }
        synchronized (this) {
            try {
                Configuration c = admin.getConfiguration(QuotaConfig.PID, "?");
                Dictionary<String, Object> current = c.getProperties();
                Map<String, Object> next = new HashMap<>();
                if (current != null) {
                    for (Enumeration<String> keys = current.keys(); keys.hasMoreElements(); ) {
                        String key = keys.nextElement();
                        next.put(key, current.get(key));
                    }
                }
                Map<String, String> keys = QuotaConfig.userKeys(user, limits);
                next.putAll(keys);
                QuotaConfig.Source parsed = QuotaConfig.Source.of(next);
                writeBack(next.get(FILENAME), keys);
                c.update(new Hashtable<>(next));
                // its @Modified call waits for this lock, so it finds the write recorded
                ownWrites.wrote(next);
                config = parsed;
            } catch (IOException | IllegalArgumentException e) {
                throw ImapException.no(ResponseCode.SERVERBUG, "Quota limits not saved: " + e.getMessage());
            }
        }
    }
}
