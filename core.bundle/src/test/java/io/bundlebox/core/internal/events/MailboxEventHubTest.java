package io.bundlebox.core.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.imap.spi.MailboxEvents.Subscription;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailboxChange;
import io.bundlebox.mailstore.MailboxListener;
import io.bundlebox.mailstore.UserMailboxes;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The mailbox event hub with its own listener input: filtering, tenant isolation, back-pressure. */
class MailboxEventHubTest {

    private static final long DEADLINE_SECONDS = 10;

    private static MailboxChange added(String user, String mailbox, long uid) {
        return new MailboxChange(user, mailbox, MailboxChange.Kind.ADDED, List.of(), new long[] {uid}, uid);
    }

    private static MailboxChange next(BlockingQueue<MailboxChange> q) throws InterruptedException {
        MailboxChange c = q.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no event within " + DEADLINE_SECONDS + " s");
        }
        return c;
    }

    /** A store stub that only records its listeners, so tests can play the store's event thread. */
    private static final class ListenerOnlyStore implements MailStore {
        final List<MailboxListener> listeners = new CopyOnWriteArrayList<>();

        @Override
        public UserMailboxes user(String user) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addListener(MailboxListener l) {
            listeners.add(l);
        }

        @Override
        public void removeListener(MailboxListener l) {
            listeners.remove(l);
        }

        @Override
        public void close() {
        }

        void fire(MailboxChange c) {
            listeners.forEach(l -> l.changed(c));
        }
    }

    @Test
    void mailboxSubscriptionSeesOnlyItsMailboxAndUserSubscriptionSeesAll() throws Exception {
        try (MailboxEventHub hub = new MailboxEventHub()) {
            ListenerOnlyStore store = new ListenerOnlyStore();
            hub.attach("default", store);
            BlockingQueue<MailboxChange> inbox = new LinkedBlockingQueue<>();
            BlockingQueue<MailboxChange> all = new LinkedBlockingQueue<>();
            hub.subscribe("default", "alice", "INBOX", inbox::add, () -> { });
            hub.subscribe("default", "alice", null, all::add, () -> { });

            store.fire(added("alice", "Archive", 7));
            store.fire(added("bob", "INBOX", 8));
            store.fire(added("alice", "INBOX", 9));

            assertEquals("Archive", next(all).mailbox());
            assertEquals("INBOX", next(all).mailbox());
            MailboxChange c = next(inbox);
            assertEquals(9, c.uids()[0], "the INBOX subscriber skips Archive and bob's mail");
            assertTrue(inbox.isEmpty() && all.isEmpty());
        }
    }

    @Test
    void aSubscriberOfOneMailboxHearsTheRenameThatMovedItOrItsParentAndFollowsIt() throws Exception {
        try (MailboxEventHub hub = new MailboxEventHub()) {
            BlockingQueue<MailboxChange> work = new LinkedBlockingQueue<>();
            hub.subscribe("default", "alice", "Lists/Work", work::add, () -> { });

            hub.publish("default", MailboxChange.renamed("alice", "Lists/Workshop", "Shop"));
            hub.publish("default", MailboxChange.renamed("alice", "Lists", "Archive/Lists"));

            MailboxChange c = next(work);
            assertEquals("Lists", c.oldName(), "a sibling sharing the prefix is not delivered");
            assertEquals("Archive/Lists/Work", c.renamedName("Lists/Work"));
            // the subscription follows the mailbox to its new name; a new mailbox under the old name is another one
            hub.publish("default", added("alice", "Lists/Work", 6));
            hub.publish("default", added("alice", "Archive/Lists/Work", 5));
            assertEquals("Archive/Lists/Work", next(work).mailbox());
            assertTrue(work.isEmpty());
        }
    }

    @Test
    void eventsNeverCrossTenants() throws Exception {
        try (MailboxEventHub hub = new MailboxEventHub()) {
            ListenerOnlyStore acme = new ListenerOnlyStore();
            ListenerOnlyStore other = new ListenerOnlyStore();
            hub.attach("acme", acme);
            hub.attach("other", other);
            BlockingQueue<MailboxChange> acmeAlice = new LinkedBlockingQueue<>();
            hub.subscribe("acme", "alice", null, acmeAlice::add, () -> { });

            other.fire(added("alice", "INBOX", 1));
            acme.fire(added("alice", "INBOX", 2));

            assertEquals(2, next(acmeAlice).uids()[0], "alice of tenant 'other' is someone else");
            assertTrue(acmeAlice.isEmpty());
        }
    }

    @Test
    void slowSubscriberNeverBlocksThePublisherAndIsToldToResynchronise() throws Exception {
        try (MailboxEventHub hub = new MailboxEventHub(4)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch firstDelivered = new CountDownLatch(1);
            AtomicInteger overflows = new AtomicInteger();
            CountDownLatch overflowed = new CountDownLatch(1);
            BlockingQueue<MailboxChange> afterOverflow = new LinkedBlockingQueue<>();
            hub.subscribe("default", "alice", "INBOX", change -> {
                if (change.uids()[0] == 1) {
                    firstDelivered.countDown();
                    await(release); // a subscriber stuck on its first event
                } else if (overflows.get() > 0) {
                    afterOverflow.add(change);
                }
            }, () -> {
                overflows.incrementAndGet();
                overflowed.countDown();
            });
            hub.publish("default", added("alice", "INBOX", 1));
            assertTrue(firstDelivered.await(DEADLINE_SECONDS, TimeUnit.SECONDS));

            // the publisher (the store's event thread) returns at once although nobody drains
            for (long uid = 2; uid <= 100; uid++) {
                hub.publish("default", added("alice", "INBOX", uid));
            }
            release.countDown();
            assertTrue(overflowed.await(DEADLINE_SECONDS, TimeUnit.SECONDS));
            assertEquals(1, overflows.get(), "one overflow callback for one episode");

            hub.publish("default", added("alice", "INBOX", 101));
            assertEquals(101, next(afterOverflow).uids()[0], "delivery goes on after the resynchronisation");
        }
    }

    @Test
    void closedSubscriptionReceivesNothingAndIsForgotten() throws Exception {
        try (MailboxEventHub hub = new MailboxEventHub()) {
            BlockingQueue<MailboxChange> first = new LinkedBlockingQueue<>();
            BlockingQueue<MailboxChange> second = new LinkedBlockingQueue<>();
            Subscription s = hub.subscribe("default", "alice", "INBOX", first::add, () -> { });
            hub.subscribe("default", "alice", "INBOX", second::add, () -> { });
            s.close();
            assertEquals(1, hub.subscriptionCount());

            hub.publish("default", added("alice", "INBOX", 1));
            next(second);
            assertTrue(first.isEmpty(), "a closed subscription gets no event");
        }
    }

    @Test
    void detachedStoreFeedsNobody() throws Exception {
        try (MailboxEventHub hub = new MailboxEventHub()) {
            ListenerOnlyStore store = new ListenerOnlyStore();
            hub.attach("default", store);
            hub.detach("default");
            assertTrue(store.listeners.isEmpty(), "the hub's listener was removed from the store");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
