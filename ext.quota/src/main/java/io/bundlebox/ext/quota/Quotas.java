package io.bundlebox.ext.quota;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.mailstore.UsageCounter;
import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
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
 * limits of configuration {@value QuotaConfig#PID} (see {@link QuotaConfig}), applied to the next
 * command whenever the configuration changes, and the {@link Ledger} of reservations. The quota
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
    private volatile QuotaConfig config = QuotaConfig.EMPTY;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configAdmin;

    @Activate
    public Quotas(Map<String, Object> properties) {
        configure(properties);
    }

    /** Applies a configuration; one that cannot be parsed is rejected with one log line, the previous one stays. */
    @Modified
    void configure(Map<String, Object> properties) {
        try {
            config = QuotaConfig.parse(properties);
        } catch (IllegalArgumentException e) {
            LOG.severe("configuration " + QuotaConfig.PID + " rejected, the previous limits stay: " + e.getMessage());
        }
    }

    /** The limits of the session user's root now. */
    Limits limits(SessionContext session) {
        return config.limitsOf(session.user());
    }

    /** Whether the session's user may use SETQUOTA. */
    boolean isAdmin(SessionContext session) {
        return config.isAdmin(session.user());
    }

    /** The store's usage counter for the session's user, if the store keeps one. */
    Optional<UsageCounter> counter(SessionContext session) throws ImapException {
        return session.mailboxes().feature(UsageCounter.class);
    }

    Ledger ledger() {
        return ledger;
    }

    /**
     * Makes {@code limits} the limits of {@code user}'s root: at once for the next command, and
     * saved in configuration {@value QuotaConfig#PID} (FileInstall writes it back to
     * {@code conf/io.bundlebox.ext.quota.cfg} when the configuration came from there).
     *
     * @throws ImapException {@code NO [UNAVAILABLE]} when ConfigAdmin is not running, or
     *     {@code NO [SERVERBUG]} when it cannot save
     */
    void setLimits(String user, Limits limits) throws ImapException {
        ConfigurationAdmin admin = configAdmin;
        if (admin == null) {
            throw ImapException.no(ResponseCode.UNAVAILABLE, "Quota limits cannot be saved now");
        }
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
            next.putAll(QuotaConfig.userKeys(user, limits));
            config = QuotaConfig.parse(next);
            c.update(new Hashtable<>(next));
        } catch (IOException | IllegalArgumentException e) {
            throw ImapException.no(ResponseCode.SERVERBUG, "Quota limits not saved: " + e.getMessage());
        }
    }
}
