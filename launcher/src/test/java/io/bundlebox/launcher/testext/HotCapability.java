package io.bundlebox.launcher.testext;

import io.bundlebox.imap.spi.CapabilityProvider;
import io.bundlebox.imap.spi.SessionContext;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The component of the test extension bundle built by {@code TestExtensionJar}: advertises the
 * capability named by its component property {@code capability}, so that two builds of the
 * bundle are told apart on the wire. Not used on the test class path itself.
 */
public final class HotCapability implements CapabilityProvider {

    private volatile String capability = "X-UNSET";

    /** DS activation with the component properties of the bundle's component description. */
    public void activate(Map<String, Object> properties) {
        capability = String.valueOf(properties.get("capability"));
    }

    @Override
    public Collection<String> capabilities(SessionContext session) {
        return List.of(capability);
    }
}
