package io.bundlebox.ext.quota;

import io.bundlebox.imap.spi.CapabilityProvider;
import io.bundlebox.imap.spi.SessionContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Advertises {@code QUOTA} (RFC 9208 section 1), a {@code QUOTA=RES-} capability per resource
 * handled (sections 3.1.1 and 5: STORAGE, MESSAGE, MAILBOX) and {@code QUOTASET}, since SETQUOTA
 * is implemented (section 4.1.3; whether a user may use it is a permission, answered
 * {@code NO [NOPERM]}). Advertised in every state, as the client plans from the greeting.
 */
@Component(service = CapabilityProvider.class)
public final class QuotaCapability implements CapabilityProvider {

    private static final List<String> CAPABILITIES;

    static {
        List<String> caps = new ArrayList<>();
        caps.add("QUOTA");
        for (Resource r : Resource.values()) {
            caps.add(r.capability());
        }
        caps.add("QUOTASET");
        CAPABILITIES = List.copyOf(caps);
    }

    @Override
    public Collection<String> capabilities(SessionContext session) {
        return CAPABILITIES;
    }
}
