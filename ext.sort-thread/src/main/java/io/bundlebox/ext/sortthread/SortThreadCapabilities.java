package io.bundlebox.ext.sortthread;

import io.bundlebox.imap.spi.CapabilityProvider;
import io.bundlebox.imap.spi.SessionContext;
import java.util.Collection;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Advertises SORT and THREAD=ORDEREDSUBJECT / THREAD=REFERENCES (RFC 5256 section 8),
 * SORT=DISPLAY (RFC 5957 section 1), ESORT (RFC 5267 section 3.1) and I18NLEVEL=1 (RFC 5255
 * section 4.3: {@code i;unicode-casemap} is the collation). {@code CONTEXT=SORT} (RFC 5267
 * section 4: UPDATE notifications, PARTIAL, CONTEXT) is not implemented and not advertised.
 * Listed in every state, as the greeting's list lets clients plan.
 */
@Component(service = CapabilityProvider.class)
public final class SortThreadCapabilities implements CapabilityProvider {

    private static final List<String> CAPABILITIES = List.of(
            "SORT", "SORT=DISPLAY", "ESORT", "THREAD=ORDEREDSUBJECT", "THREAD=REFERENCES", "I18NLEVEL=1");

    @Override
    public Collection<String> capabilities(SessionContext session) {
        return CAPABILITIES;
    }
}
