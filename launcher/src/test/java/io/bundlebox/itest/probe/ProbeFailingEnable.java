package io.bundlebox.itest.probe;

import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CapabilityProvider;
import io.bundlebox.imap.spi.Enableable;
import io.bundlebox.imap.spi.SessionContext;
import java.util.Collection;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** Advertises XBROKEN, whose ENABLE fails with a bug of its own (an Enableable that throws). */
@Component(service = {CapabilityProvider.class, Enableable.class})
public class ProbeFailingEnable implements CapabilityProvider, Enableable {

    @Override
    public Collection<String> capabilities(SessionContext session) {
        return session.state() == SessionState.NOT_AUTHENTICATED ? List.of() : List.of("XBROKEN");
    }

    @Override
    public String capability() {
        return "XBROKEN";
    }

    @Override
    public void enable(SessionContext session) {
        throw new IllegalStateException("XBROKEN cannot be enabled (a test extension's bug)");
    }
}
