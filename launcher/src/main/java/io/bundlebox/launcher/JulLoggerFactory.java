package io.bundlebox.launcher;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.logging.Level;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerConsumer;
import org.osgi.service.log.LoggerFactory;

/**
 * An OSGi {@link LoggerFactory} (Log Service 1.4+) registered by the launcher on the system
 * bundle, so that bundles logging the OSGi way — Felix SCR above all — end up in
 * java.util.logging: one line on the console, the stack trace in the log file, instead of raw
 * stack traces on standard error. Only {@link Logger} is supported as logger type.
 *
 * <p>Levels: trace FINEST, debug FINE, info and audit INFO, warn WARNING, error SEVERE. Messages
 * use the OSGi {@code {}} placeholders; a trailing Throwable argument is the record's throwable.
 */
final class JulLoggerFactory implements LoggerFactory {

    @Override
    public Logger getLogger(String name) {
        return logger(name);
    }

    @Override
    public Logger getLogger(Class<?> clazz) {
        return logger(clazz.getName());
    }

    @Override
    public <L extends Logger> L getLogger(String name, Class<L> loggerType) {
        return loggerType.cast(logger(name));
    }

    @Override
    public <L extends Logger> L getLogger(Class<?> clazz, Class<L> loggerType) {
        return loggerType.cast(logger(clazz.getName()));
    }

    @Override
    public <L extends Logger> L getLogger(Bundle bundle, String name, Class<L> loggerType) {
        // SCR names its loggers ROOT or after a component class; the bundle says more
        return loggerType.cast(logger(bundle == null ? name : bundle.getSymbolicName()));
    }

    private static Logger logger(String name) {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(name == null || name.isEmpty() ? "osgi" : name);
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                new Handler(jul));
    }

    /** Implements every method of {@link Logger} by its name: level, then message form. */
    private record Handler(java.util.logging.Logger jul) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String m = method.getName();
            switch (m) {
                case "getName":
                    return jul.getName();
                case "toString":
                    return "Logger[" + jul.getName() + "]";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    break;
            }
            if (m.startsWith("is") && m.endsWith("Enabled")) {
                return jul.isLoggable(level(m.substring(2, m.length() - 7).toLowerCase(java.util.Locale.ROOT)));
            }
            Level level = level(m);
            if (args != null && args.length == 1 && args[0] instanceof LoggerConsumer<?> consumer) {
                if (jul.isLoggable(level)) {
                    accept(consumer, (Logger) proxy);
                }
                return null;
            }
            if (jul.isLoggable(level) && args != null && args.length > 0) {
                Object[] params = args.length == 2 && args[1] instanceof Object[] varargs ? varargs
                        : Arrays.copyOfRange(args, 1, args.length);
                log(level, String.valueOf(args[0]), params);
            }
            return null;
        }

        @SuppressWarnings("unchecked")
        private static <E extends Exception> void accept(LoggerConsumer<?> consumer, Logger logger) throws E {
            ((LoggerConsumer<E>) consumer).accept(logger);
        }

        private void log(Level level, String format, Object[] params) {
            Throwable thrown = params.length > 0 && params[params.length - 1] instanceof Throwable t ? t : null;
            StringBuilder sb = new StringBuilder(format.length() + 32);
            int next = 0;
            int from = 0;
            for (int at; (at = format.indexOf("{}", from)) >= 0; from = at + 2) {
                sb.append(format, from, at);
                sb.append(next < params.length ? render(params[next++]) : "{}");
            }
            sb.append(format.substring(from));
            jul.log(level, sb.toString(), thrown);
        }

        private static String render(Object o) {
            return o instanceof ServiceReference<?> ref ? "service " + ref.getProperty("service.id") : String.valueOf(o);
        }

        private static Level level(String name) {
            return switch (name) {
                case "trace" -> Level.FINEST;
                case "debug" -> Level.FINE;
                case "warn" -> Level.WARNING;
                case "error" -> Level.SEVERE;
                default -> Level.INFO; // info, audit
            };
        }
    }
}
