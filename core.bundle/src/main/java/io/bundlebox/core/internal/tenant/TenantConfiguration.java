package io.bundlebox.core.internal.tenant;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;

/**
 * One instance per tenant factory configuration ({@code conf/tenant-ID.cfg}, factory PID
 * {@value TenantSettings#FACTORY_PID}): SCR registers it as a service whose properties are the
 * configuration, so the server sees tenants come, change ({@link Modified}: no re-registration,
 * sessions stay) and go, without a restart.
 */
@Component(configurationPid = TenantSettings.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = TenantConfiguration.class)
public final class TenantConfiguration {

    @Modified
    void modified() {
        // the new properties reach the server through its reference's updated method
    }
}
