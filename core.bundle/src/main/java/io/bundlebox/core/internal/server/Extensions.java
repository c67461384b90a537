package io.bundlebox.core.internal.server;

import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandFlag;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.Enableable;
import io.bundlebox.imap.spi.ImapCommand;
import io.bundlebox.imap.spi.ImapExtension;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.logging.Logger;
import org.osgi.framework.Constants;

/**
 * The live registry of commands and extension services: the core's own plus those of extension
 * bundles as they come and go (DESIGN.md section 4.1, "identity, order, tenants").
 *
 * <p>Identity: every service carries an {@link Origin}: its bundle (id and symbolic name), the
 * extension names it declares ({@link ImapExtension}, a command's capability, an enableable's
 * capability), its {@code service.ranking} and service id. Order: services of one kind, and the
 * commands of one name, are kept highest ranking first, then oldest first (the OSGi order); the
 * first one a session's tenant allows serves, so withdrawing it restores the next. Extensions never
 * replace a core command.
 *
 * <p>Lookups are made only through a {@link View}, the session's tenant filter ({@link #view}):
 * what the tenant's {@code extensions} list does not allow is unknown to its sessions. Lookups are
 * lock-free (immutable lists swapped on change), so a newly installed extension is visible to the
 * very next command of every session.
 */
public final class Extensions {

    private static final Logger LOG = Logger.getLogger(Extensions.class.getName());
    private static final String P = ImapCommand.PREFIX_;
    /** Highest ranking first, then the older (lower id) service, as OSGi orders services. */
    private static final Comparator<Origin> ORDER = Comparator.comparingInt(Origin::ranking).reversed()
            .thenComparingLong(Origin::serviceId);

    /**
     * Who provides a service.
     *
     * @param bundleId the providing bundle, or -1 for the core's own commands
     * @param bundle its symbolic name
     * @param names the extension names (upper case) the service declares; empty when it declares none
     * @param ranking {@code service.ranking} (0 when absent)
     * @param serviceId {@code service.id}
     */
    public record Origin(long bundleId, String bundle, Set<String> names, int ranking, long serviceId) {

        static final Origin CORE = new Origin(-1, "io.bundlebox.core", Set.of(), Integer.MAX_VALUE, -1);

        /** Whether this is the core itself (always allowed). */
        public boolean core() {
            return bundleId < 0;
        }
    }

    /** A service with its origin. */
    public record Tracked<S>(S service, Origin origin) {

        /** The id of the providing bundle. */
        public long bundleId() {
            return origin.bundleId();
        }
    }

    private final LongFunction<String> bundleNames;
    private final Map<String, List<CommandEntry>> commands = new ConcurrentHashMap<>();
    private final Map<Class<?>, List<Tracked<?>>> services = new ConcurrentHashMap<>();
    /** Per bundle id: how many of its services declare each name (the bundle's extension names). */
    private final Map<Long, Map<String, Integer>> declared = new ConcurrentHashMap<>();
    private final List<Consumer<Long>> withdrawListeners = new CopyOnWriteArrayList<>();
    private final View all = new View(null);

    /** @param bundleNames the symbolic name of a bundle by its id (null or "" when unknown) */
    public Extensions(LongFunction<String> bundleNames) {
        this.bundleNames = bundleNames;
    }

    /** Registers one of the core's own commands. */
    public void addCore(String name, Set<SessionState> states, Set<CommandFlag> flags, CommandHandler<?> handler) {
        commands.put(name, List.of(new CommandEntry(name, Set.copyOf(states), flags.isEmpty() ? Set.of() : EnumSet.copyOf(flags),
                handler, Origin.CORE)));
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
        Origin origin = origin(props, strings(props.get(P + "capability")));
        CommandEntry e = new CommandEntry(name, states, flags, handler, origin);
        List<CommandEntry> old = commands.get(name);
        if (old != null && old.get(0).origin().core()) {
            LOG.warning("extension command " + name + " from bundle " + origin.bundle() + " ignored: extensions never replace a core command");
            return;
        }
        declare(origin, 1);
        commands.compute(name, (k, list) -> ranked(list, e, CommandEntry::origin));
        List<CommandEntry> now = commands.get(name);
        LOG.info("command " + name + " available (bundle " + origin.bundle() + ", ranking " + origin.ranking() + ")"
                + (now.size() > 1 ? "; served by " + now.get(0).origin().bundle() + " where its tenant allows it" : ""));
    }

    /** Removes an extension command; a lower-ranking one of the same name serves again. */
    public void removeService(CommandHandler<?> handler) {
        for (Map.Entry<String, List<CommandEntry>> me : commands.entrySet()) {
            for (CommandEntry e : me.getValue()) {
                if (e.handler() == handler) {
                    commands.computeIfPresent(me.getKey(), (k, list) -> {
                        List<CommandEntry> rest = new ArrayList<>(list);
                        rest.remove(e);
                        return rest.isEmpty() ? null : List.copyOf(rest);
                    });
                    declare(e.origin(), -1);
                    List<CommandEntry> now = commands.get(e.name());
                    LOG.info("command " + e.name() + " of bundle " + e.origin().bundle() + " withdrawn"
                            + (now == null ? "" : "; " + now.get(0).origin().bundle() + " serves it again"));
                    withdrawn(e.bundleId());
                    return;
                }
            }
        }
    }

    /**
     * Adds an extension service of one of the SPI types (CapabilityProvider, Enableable,
     * FetchAttribute, FetchModifier, StoreModifier, SelectParameter, SearchKeyParser,
     * SearchReturnOption, StatusItem, ListReturnOption, AppendGuard, ChangeReporter, CommandObserver).
     */
    public <S> void add(Class<S> type, S service, Map<String, ?> props) {
        String[] own = service instanceof Enableable en ? new String[] {en.capability()} : new String[0];
        Tracked<S> t = new Tracked<>(service, origin(props, own));
        declare(t.origin(), 1);
        services.compute(type, (k, list) -> ranked(list, t, Tracked::origin));
    }

    /** Removes an extension service; sessions that used its bundle are told by the withdraw listeners. */
    public <S> void remove(Class<S> type, S service) {
        for (Tracked<?> t : services.getOrDefault(type, List.of())) {
            if (t.service() == service) {
                services.computeIfPresent(type, (k, list) -> {
                    List<Tracked<?>> rest = new ArrayList<>(list);
                    rest.remove(t);
                    return List.copyOf(rest);
                });
                declare(t.origin(), -1);
                withdrawn(t.bundleId());
                return;
            }
        }
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

    /**
     * The lookups a tenant's sessions see.
     *
     * @param allowed the tenant's {@code extensions} list: capability names and bundle symbolic
     *     names (any case), {@code *} for every installed extension
     */
    public View view(Collection<String> allowed) {
        Set<String> upper = new HashSet<>();
        for (String a : allowed) {
            upper.add(a.strip().toUpperCase(Locale.ROOT));
        }
        return upper.contains("*") ? all : new View(Set.copyOf(upper));
    }

    /** The names of the commands registered now (core and extension), e.g. {@code UID FETCH}. */
    public Set<String> commandNames() {
        return Set.copyOf(commands.keySet());
    }

    /**
     * Whether bundle {@code bundleId} offers a command or service that {@code before} allows and
     * {@code after} does not.
     */
    public boolean narrowed(long bundleId, View before, View after) {
        for (List<CommandEntry> list : commands.values()) {
            for (CommandEntry e : list) {
                if (e.bundleId() == bundleId && before.allows(e.origin()) && !after.allows(e.origin())) {
                    return true;
                }
            }
        }
        for (List<Tracked<?>> list : services.values()) {
            for (Tracked<?> t : list) {
                if (t.bundleId() == bundleId && before.allows(t.origin()) && !after.allows(t.origin())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every extension bundle id with its symbolic name and the extension names it declares, for operators. */
    public Map<String, Set<String>> bundles() {
        Map<String, Set<String>> out = new java.util.TreeMap<>();
        for (List<CommandEntry> list : commands.values()) {
            for (CommandEntry e : list) {
                if (!e.origin().core()) {
                    out.computeIfAbsent(e.origin().bundle(), b -> new java.util.TreeSet<>()).addAll(declaredBy(e.bundleId()));
                }
            }
        }
        for (List<Tracked<?>> list : services.values()) {
            for (Tracked<?> t : list) {
                out.computeIfAbsent(t.origin().bundle(), b -> new java.util.TreeSet<>()).addAll(declaredBy(t.bundleId()));
            }
        }
        return out;
    }

    private Set<String> declaredBy(long bundleId) {
        return declared.getOrDefault(bundleId, Map.of()).keySet();
    }

    private void declare(Origin o, int delta) {
        if (o.names().isEmpty()) {
            return;
        }
        declared.compute(o.bundleId(), (id, counts) -> {
            Map<String, Integer> next = counts == null ? new java.util.HashMap<>() : new java.util.HashMap<>(counts);
            for (String n : o.names()) {
                next.merge(n, delta, Integer::sum);
                if (next.get(n) <= 0) {
                    next.remove(n);
                }
            }
            return next.isEmpty() ? null : Map.copyOf(next);
        });
    }

    private static <T> List<T> ranked(List<T> list, T added, Function<T, Origin> origin) {
        List<T> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
        next.add(added);
        next.sort(Comparator.comparing(origin, ORDER));
        return List.copyOf(next);
    }

    private Origin origin(Map<String, ?> props, String[] own) {
        Object id = props.get(Constants.SERVICE_BUNDLEID);
        long bundleId = id instanceof Number n ? n.longValue() : -2;
        String bsn = bundleNames.apply(bundleId);
        Set<String> names = new LinkedHashSet<>();
        for (String n : strings(props.get(ImapExtension.NAME))) {
            names.add(n.strip().toUpperCase(Locale.ROOT));
        }
        for (String n : own) {
            if (n != null && !n.isBlank()) {
                names.add(n.strip().toUpperCase(Locale.ROOT));
            }
        }
        Object ranking = props.get(Constants.SERVICE_RANKING);
        Object sid = props.get(Constants.SERVICE_ID);
        return new Origin(bundleId, bsn == null || bsn.isEmpty() ? "bundle-" + bundleId : bsn, Set.copyOf(names),
                ranking instanceof Integer r ? r : 0, sid instanceof Number n ? n.longValue() : Long.MAX_VALUE);
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

    /** {@code THREAD} for {@code THREAD=REFERENCES}: a tenant allowing the base allows its variants. */
    private static String base(String name) {
        int eq = name.indexOf('=');
        return eq < 0 ? name : name.substring(0, eq);
    }

    /**
     * The commands and services one tenant's sessions see: every lookup of the core goes through
     * here. A service is allowed when it is the core's, when the tenant allows everything, when
     * the tenant lists its bundle's symbolic name, or one of the names it declares (or, when it
     * declares none, one of the names its bundle declares); a name {@code A=B} is also allowed by
     * {@code A}.
     */
    public final class View {

        /** Upper-case allowed names, or null for all. */
        private final Set<String> allowed;

        private View(Set<String> allowed) {
            this.allowed = allowed;
        }

        /** Whether the tenant's sessions may use what {@code o} provides. */
        public boolean allows(Origin o) {
            if (allowed == null || o.core() || allowed.contains(o.bundle().toUpperCase(Locale.ROOT))) {
                return true;
            }
            for (String n : o.names().isEmpty() ? declaredBy(o.bundleId()) : o.names()) {
                if (allowedName(n)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether capability {@code atom}, advertised by a provider of {@code o}, is shown: the
         * provider must be allowed, and if the atom is one of its bundle's declared names (e.g.
         * QRESYNC beside CONDSTORE), that name must be allowed too.
         */
        public boolean allowsAtom(Origin o, String atom) {
            if (!allows(o)) {
                return false;
            }
            if (allowed == null || o.core() || allowed.contains(o.bundle().toUpperCase(Locale.ROOT))) {
                return true;
            }
            String a = atom.toUpperCase(Locale.ROOT);
            Set<String> bundleNames = declaredBy(o.bundleId());
            return !(bundleNames.contains(a) || bundleNames.contains(base(a))) || allowedName(a);
        }

        private boolean allowedName(String n) {
            return allowed.contains(n) || allowed.contains(base(n));
        }

        /** The command named {@code name} (upper case) that this tenant may use, or null. */
        public CommandEntry command(String name) {
            for (CommandEntry e : commands.getOrDefault(name, List.of())) {
                if (allows(e.origin())) {
                    return e;
                }
            }
            return null;
        }

        /** The allowed services of {@code type}, highest ranking first. */
        @SuppressWarnings("unchecked")
        public <S> List<Tracked<S>> all(Class<S> type) {
            List<Tracked<?>> list = services.getOrDefault(type, List.of());
            if (allowed == null) {
                return (List<Tracked<S>>) (List<?>) list;
            }
            List<Tracked<S>> out = new ArrayList<>(list.size());
            for (Tracked<?> t : list) {
                if (allows(t.origin())) {
                    out.add((Tracked<S>) t);
                }
            }
            return out;
        }

        /**
         * The allowed service of {@code type} whose name (as {@code nameOf} gives it) equals
         * {@code name} ignoring case, the highest ranking first; or null.
         */
        public <S> Tracked<S> named(Class<S> type, String name, Function<S, String> nameOf) {
            for (Tracked<S> t : all(type)) {
                if (nameOf.apply(t.service()).equalsIgnoreCase(name)) {
                    return t;
                }
            }
            return null;
        }

        /** The allowed enableable capability called {@code name}, or null. */
        public Tracked<Enableable> enableable(String name) {
            return named(Enableable.class, name, Enableable::capability);
        }
    }
}
