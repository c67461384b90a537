package io.bundlebox.launcher.testext;

import io.bundlebox.imap.spi.CapabilityProvider;
import io.bundlebox.imap.spi.SessionContext;
import java.util.Collection;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The component of the test extension bundle built by {@code TestExtensionJar}: advertises the
 * capability named by its bundle's {@code X-Test-Capability} header, so that two builds of the
 * bundle are told apart on the wire. Not used on the test class path itself.
 */
@Component(service = CapabilityProvider.class)
public final class HotCapability implements CapabilityProvider {

    /** The manifest header naming the capability to advertise. */
    public static final String HEADER = "X-Test-Capability";

    private volatile String capability = "X-UNSET";

    @Activate
    void activate(BundleContext context) {
        capability = context.getBundle().getHeaders().get(HEADER);
    }

    @Override
    public Collection<String> capabilities(SessionContext session) {
        return List.of(capability);
    }
}
