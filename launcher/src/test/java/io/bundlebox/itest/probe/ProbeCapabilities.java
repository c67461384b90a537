package io.bundlebox.itest.probe;

import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CapabilityProvider;
import io.bundlebox.imap.spi.Enableable;
import io.bundlebox.imap.spi.Key;
import io.bundlebox.imap.spi.SessionContext;
import java.util.Collection;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** Advertises XPROBE after login and lets ENABLE switch it on (CapabilityProvider, Enableable). */
@Component(service = {CapabilityProvider.class, Enableable.class})
public class ProbeCapabilities implements CapabilityProvider, Enableable {

    /** Set in the session when ENABLE XPROBE ran. */
    public static final Key<Boolean> ENABLED = Key.of("xprobe.enabled");

    @Override
    public Collection<String> capabilities(SessionContext session) {
        return session.state() == SessionState.NOT_AUTHENTICATED ? List.of() : List.of("XPROBE");
    }

    @Override
    public String capability() {
        return "XPROBE";
    }

    @Override
    public void enable(SessionContext session) {
        session.attribute(ENABLED, Boolean.TRUE);
    }
}
