package io.bundlebox.ext.notify;

import io.bundlebox.imap.spi.CapabilityProvider;
import io.bundlebox.imap.spi.SessionContext;
import java.util.Collection;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** Advertises {@code NOTIFY} (RFC 5465 section 3) in every state. */
@Component(service = CapabilityProvider.class)
public final class NotifyCapability implements CapabilityProvider {

    private static final List<String> NOTIFY = List.of("NOTIFY");

    @Override
    public Collection<String> capabilities(SessionContext session) {
        return NOTIFY;
    }
}
