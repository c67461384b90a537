package io.bundlebox.core.internal.server;

import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandFlag;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.Enableable;
import io.bundlebox.imap.spi.ImapCommand;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.osgi.framework.Constants;

/**
 * The live set of commands, capability providers and enableable capabilities: the core's own
 * plus those of extension services as they come and go. Lookups are lock-free, so a newly
 * installed extension is visible to the very next command of every session.
 */
public final class Extensions {

    private static final Logger LOG = Logger.getLogger(Extensions.class.getName());
    private static final String P = ImapCommand.PREFIX_;

    private final Map<String, CommandEntry> commands = new ConcurrentHashMap<>();
    private final Map<CommandHandler<?>, CommandEntry> byHandler = new ConcurrentHashMap<>();
    private final Map<Class<?>, List<Tracked<?>>> services = new ConcurrentHashMap<>();
    private final List<Consumer<Long>> withdrawListeners = new CopyOnWriteArrayList<>();

    /** A service with the id of the bundle that registered it. */
    public record Tracked<S>(S service, long bundleId) {
    }

    /** Registers one of the core's own commands. */
    public void addCore(String name, Set<SessionState> states, Set<CommandFlag> flags, CommandHandler<?> handler) {
        commands.put(name, new CommandEntry(name, Set.copyOf(states), flags.isEmpty() ? Set.of() : EnumSet.copyOf(flags), "", handler, -1));
    }

    /** Adds an extension command from its service properties (see {@link ImapCommand}). */
    public void addService(CommandHandler<?> handler, Map<String, ?> props) {
        String name = String.valueOf(props.get(P + "name")).toUpperCase(Locale.ROOT);
        Set<SessionState> states = EnumSet.noneOf(SessionState.class);
        for (String s : strings(props.get(P + "states"))) {
            states.add(SessionState.valueOf(s));
        }
        Set<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
        for (String s : strings(props.get(P + "flags"))) {
            flags.add(CommandFlag.valueOf(s));
        }
        Object cap = props.get(P + "capability");
        CommandEntry e = new CommandEntry(name, states, flags, cap == null ? "" : cap.toString(), handler, bundleOf(props));
        CommandEntry old = commands.get(name);
        if (old != null && old.bundleId() < 0) {
            LOG.warning("extension command " + name + " from bundle " + e.bundleId() + " ignored: extensions never replace a core command");
            return;
        }
        commands.put(name, e);
        byHandler.put(handler, e);
        LOG.info("command " + name + " available (bundle " + e.bundleId() + ")");
    }

    /** Removes an extension command; sessions that used it are told by the withdraw listeners. */
    public void removeService(CommandHandler<?> handler) {
        CommandEntry e = byHandler.remove(handler);
        if (e != null) {
            commands.remove(e.name(), e);
            LOG.info("command " + e.name() + " withdrawn");
            withdrawn(e.bundleId());
        }
    }

    /**
     * Adds an extension service of one of the SPI types (CapabilityProvider, Enableable,
     * FetchAttribute, FetchModifier, StoreModifier, SelectParameter, SearchKeyParser,
     * SearchReturnOption, StatusItem, ListReturnOption, AppendGuard, ChangeReporter, CommandObserver).
     */
    public <S> void add(Class<S> type, S service, Map<String, ?> props) {
        services.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(new Tracked<>(service, bundleOf(props)));
    }

    /** Removes an extension service; sessions that used its bundle are told by the withdraw listeners. */
    public <S> void remove(Class<S> type, S service) {
        List<Tracked<?>> list = services.getOrDefault(type, List.of());
        for (Tracked<?> t : list) {
            if (t.service() == service) {
                list.remove(t);
                withdrawn(t.bundleId());
            }
        }
    }

    /** The current services of {@code type}, in registration order. */
    @SuppressWarnings("unchecked")
    public <S> List<Tracked<S>> all(Class<S> type) {
        List<Tracked<?>> list = services.getOrDefault(type, List.of());
        return (List<Tracked<S>>) (List<?>) list;
    }

    /**
     * The service of {@code type} whose name (as {@code nameOf} gives it) equals {@code name}
     * ignoring case, or null.
     */
    public <S> Tracked<S> named(Class<S> type, String name, java.util.function.Function<S, String> nameOf) {
        for (Tracked<S> t : all(type)) {
            if (nameOf.apply(t.service()).equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }

    /** Listens for extension bundles whose services went away (argument: bundle id). */
    public void onWithdraw(Consumer<Long> listener) {
        withdrawListeners.add(listener);
    }

    private void withdrawn(long bundleId) {
        for (Consumer<Long> l : withdrawListeners) {
            l.accept(bundleId);
        }
    }

    /** The command named {@code name} (upper case), or null. */
    public CommandEntry command(String name) {
        return commands.get(name);
    }

    /** The enableable capability called {@code name}, or null. */
    public Tracked<Enableable> enableable(String name) {
        return named(Enableable.class, name, Enableable::capability);
    }

    private static long bundleOf(Map<String, ?> props) {
        Object id = props.get(Constants.SERVICE_BUNDLEID);
        return id instanceof Number n ? n.longValue() : -2;
    }

    private static String[] strings(Object v) {
        if (v == null) {
            return new String[0];
        }
        if (v instanceof String[] a) {
            return a;
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toArray(String[]::new);
        }
        if (v.getClass().isArray()) {
            Object[] a = (Object[]) v;
            String[] out = new String[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = String.valueOf(a[i]);
            }
            return out;
        }
        return new String[] {v.toString()};
    }
}
