package io.bundlebox.launcher;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * Routes the Felix framework's own log (resolver errors, bundle start failures, event dispatch
 * errors) into java.util.logging under the logger {@code org.apache.felix.framework}, instead
 * of raw lines on standard output. Installed with the framework property {@code felix.log.logger}.
 */
final class FelixLogBridge extends org.apache.felix.framework.Logger {

    private static final Logger LOG = Logger.getLogger("org.apache.felix.framework");

    @Override
    protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
        Level julLevel = switch (level) {
            case LOG_ERROR -> Level.SEVERE;
            case LOG_WARNING -> Level.WARNING;
            case LOG_INFO -> Level.INFO;
            default -> Level.FINE;
        };
        if (LOG.isLoggable(julLevel)) {
            String prefix = bundle == null ? "" : bundle.getSymbolicName() + " [" + bundle.getBundleId() + "]: ";
            LOG.log(julLevel, prefix + msg, throwable);
        }
    }
}
