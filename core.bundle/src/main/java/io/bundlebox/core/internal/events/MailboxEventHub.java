package io.bundlebox.core.internal.events;

import io.bundlebox.imap.spi.MailboxEvents;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailboxChange;
import io.bundlebox.mailstore.MailboxListener;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The core's {@link MailboxEvents} service (DESIGN.md section 4): fans the changes every tenant's
 * {@link MailStore} publishes out to the subscriptions of that tenant, per user and mailbox. Used
 * by IDLE (RFC 9051 section 6.3.13) and NOTIFY (RFC 5465) to learn of changes made by other
 * sessions and by delivery agents.
 *
 * <p>Threading: {@link #publish} runs on the store's event thread and only offers the change to a
 * bounded queue per subscription, so a slow subscriber never blocks a writer. Each subscription
 * is drained on a virtual thread of its own while it has events. When a queue is full, its pending
 * events are dropped and the subscriber's overflow callback runs once in their place (it must
 * resynchronise from the store); delivery then goes on with later events.
 */
public final class MailboxEventHub implements MailboxEvents, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MailboxEventHub.class.getName());

    /** Events a subscriber may fall behind before it must resynchronise from the store. */
    public static final int DEFAULT_QUEUE_CAPACITY = 256;

    /** Subscriptions are keyed by tenant first, so an event never crosses tenants. */
    private record Owner(String tenant, String user) {
    }

    private record Attached(MailStore store, MailboxListener listener) {
    }

    private final Map<Owner, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, Attached> stores = new ConcurrentHashMap<>();
    private final ThreadFactory deliveryThreads = Thread.ofVirtual().name("mailbox-events-", 0).factory();
    private final int queueCapacity;
    private volatile ServiceRegistration<MailboxEvents> registration;
    private volatile boolean closed;

    /** A hub whose subscriptions hold up to {@link #DEFAULT_QUEUE_CAPACITY} undelivered events. */
    public MailboxEventHub() {
        this(DEFAULT_QUEUE_CAPACITY);
    }

    /** A hub whose subscriptions hold up to {@code queueCapacity} undelivered events. */
    public MailboxEventHub(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    /** Registers the hub as the {@link MailboxEvents} service; {@link #close()} withdraws it. */
    public void register(BundleContext context) {
        registration = context.registerService(MailboxEvents.class, this, null);
    }

    /** Feeds the changes of {@code store} to the subscriptions of {@code tenant}. */
    public void attach(String tenant, MailStore store) {
        MailboxListener listener = change -> publish(tenant, change);
        Attached old = stores.put(tenant, new Attached(store, listener));
        if (old != null) {
            old.store().removeListener(old.listener());
        }
        store.addListener(listener);
    }

    /** Stops feeding the changes of the store attached for {@code tenant}. */
    public void detach(String tenant) {
        Attached old = stores.remove(tenant);
        if (old != null) {
            old.store().removeListener(old.listener());
        }
    }

    /**
     * Stops feeding the changes of {@code store} if it is the one attached for {@code tenant} (a
     * tenant whose storage moved may already have its new store attached).
     */
    public void detach(String tenant, MailStore store) {
        Attached old = stores.get(tenant);
        if (old != null && old.store() == store && stores.remove(tenant, old)) {
            old.store().removeListener(old.listener());
        }
    }

    /**
     * Hands one durable change of {@code tenant}'s store to the matching subscriptions; never blocks.
     * A subscription to one mailbox also gets the rename that moved it (or a superior), and
     * follows it: later changes under the new name reach it ({@link MailboxChange#renamedName}).
     */
    public void publish(String tenant, MailboxChange change) {
        Set<Subscriber> subs = subscribers.get(new Owner(tenant, change.user()));
        if (subs == null) {
            return;
        }
        for (Subscriber s : subs) {
            String watched = s.mailbox;
            if (watched == null || change.concerns(watched)) {
                String moved = change.renamedName(watched == null ? "" : watched);
                if (watched != null && moved != null) {
                    s.mailbox = moved;
                }
                s.offer(change);
            }
        }
    }

    @Override
    public Subscription subscribe(String tenant, String user, String mailbox, Consumer<MailboxChange> listener,
            Runnable overflow) {
        if (closed) {
            throw new IllegalStateException("the mailbox event service is closed");
        }
        Owner owner = new Owner(tenant, user);
        Subscriber s = new Subscriber(owner, mailbox, listener, overflow);
        // add inside compute: a concurrent close() of the owner's last subscription removes the set
        subscribers.compute(owner, (k, set) -> {
            Set<Subscriber> live = set == null ? ConcurrentHashMap.newKeySet() : set;
            live.add(s);
            return live;
        });
        return s;
    }

    /** Number of live subscriptions (for diagnostics and tests). */
    public int subscriptionCount() {
        return subscribers.values().stream().mapToInt(Set::size).sum();
    }

    /** Withdraws the service, detaches every store and ends every subscription. */
    @Override
    public void close() {
        closed = true;
        ServiceRegistration<MailboxEvents> reg = registration;
        registration = null;
        if (reg != null) {
            try {
                reg.unregister();
            } catch (IllegalStateException e) {
                // already unregistered with the bundle
            }
        }
        Set.copyOf(stores.keySet()).forEach(this::detach);
        subscribers.values().forEach(set -> set.forEach(s -> s.closed = true));
        subscribers.clear();
    }

    /** One subscription: its filter, its bounded queue and its delivery state. */
    private final class Subscriber implements Subscription {

        private final Owner owner;
        /** The one mailbox watched (its current name: renames move it), or null for all. */
        private volatile String mailbox;
        private final Consumer<MailboxChange> listener;
        private final Runnable overflow;
        /** Linked, not array-backed: an idle subscriber (the usual case) holds no slots. */
        private final LinkedBlockingQueue<MailboxChange> queue = new LinkedBlockingQueue<>(queueCapacity);
        /** True while a delivery thread is draining (at most one at a time keeps events in order). */
        private final AtomicBoolean draining = new AtomicBoolean();
        private volatile boolean overflowed;
        private volatile boolean closed;

        Subscriber(Owner owner, String mailbox, Consumer<MailboxChange> listener, Runnable overflow) {
            this.owner = owner;
            this.mailbox = mailbox;
            this.listener = listener;
            this.overflow = overflow;
        }

        void offer(MailboxChange change) {
            if (closed) {
                return;
            }
            if (!queue.offer(change)) {
                overflowed = true;
                queue.clear();
            }
            startDrain();
        }

        private void startDrain() {
            if (!closed && draining.compareAndSet(false, true)) {
                deliveryThreads.newThread(this::drain).start();
            }
        }

        private void drain() {
            try {
                while (!closed) {
                    if (overflowed) {
                        overflowed = false;
                        queue.clear();
                        overflow.run();
                        continue;
                    }
                    MailboxChange change = queue.poll();
                    if (change == null) {
                        break;
                    }
                    listener.accept(change);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a mailbox event subscriber of " + owner.user() + " failed", e);
            } finally {
                draining.set(false);
            }
            // an offer between the last poll and the reset above found draining still set
            if (!queue.isEmpty() || overflowed) {
                startDrain();
            }
        }

        @Override
        public void close() {
            closed = true;
            queue.clear();
            subscribers.computeIfPresent(owner, (k, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
