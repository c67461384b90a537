package io.bundlebox.ext.notify;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.MailboxName;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Key;
import io.bundlebox.imap.spi.MailboxEvents;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.spi.Unsolicited;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxChange;
import io.bundlebox.mailstore.MailboxInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One session's live {@code NOTIFY SET} (RFC 5465): a subscription to all of the user's
 * mailbox events, turned into untagged responses posted to the session's outbox, so that they
 * reach the client between commands and during IDLE (section 1, section 4).
 *
 * <p>Message events are coalesced per mailbox until the outbox writes them: for the selected
 * mailbox one resynchronisation ({@code EXISTS}, {@code EXPUNGE} or {@code VANISHED}, FETCH
 * FLAGS, through the core's change reporters) then a FETCH with the client's attributes per new
 * message (section 5.2); for other mailboxes one {@code STATUS} with the items section 5 asks
 * for. Mailbox and subscription events become LIST responses in order (sections 5.4, 5.5).
 *
 * <p>Bounded: when events fall behind (the event queue or the outbox overflows, or too many new
 * messages wait for their FETCH), the client gets {@code * OK [NOTIFICATIONOVERFLOW]} and the
 * session behaves as after {@code NOTIFY NONE} (section 5.8).
 */
final class Watch {

    /** The session attribute holding the live watch. */
    static final Key<Watch> KEY = Key.of("notify.watch");
    /** New messages of the selected mailbox whose FETCH may wait before the watch overflows. */
    static final int MAX_PENDING_NEW = 1000;
    private static final ResponseCode NOTIFICATIONOVERFLOW = ResponseCode.of("NOTIFICATIONOVERFLOW");

    /** What happened to one mailbox since the last flush. */
    private static final class Pending {
        boolean added;
        boolean expunged;
        boolean flags;
        final List<Long> newUids = new ArrayList<>();
    }

    private final SessionContext session;
    private final NotifyRequest request;
    private final Set<Watch> registry;
    private final Unsolicited flush = this::flush;
    private final Unsolicited overflow = this::overflow;
    /** The user's subscriptions, for the SUBSCRIBED filter (section 6.4: re-evaluated on change). */
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    // guarded by this
    private final Map<String, Pending> dirty = new LinkedHashMap<>();
    private int pendingNew;
    /** The attributes last written in a LIST per existing mailbox; only touched under the writer lock. */
    private final Map<String, String> listed = new java.util.HashMap<>();
    private boolean flushPosted;
    private volatile MailboxEvents.Subscription subscription;
    private volatile boolean closed;

    Watch(SessionContext session, NotifyRequest request, Set<Watch> registry) {
        this.session = session;
        this.request = request;
        this.registry = registry;
    }

    /** Subscribes to the user's events; on the session's thread, in NOTIFY. */
    void start(MailboxEvents events) throws MailStoreException, ImapException {
        subscriptions.addAll(session.mailboxes().subscriptions());
        registry.add(this);
        subscription = events.subscribe(session.tenant(), session.user(), null, this::onChange,
                () -> post(overflow));
        for (MailboxInfo info : session.mailboxes().list()) {
            watchFolder(info.name());
        }
        // sections 3 and 4: no SELECTED events asked for, none while IDLE either
        NotifyRequest.Selected sel = request.selected();
        session.attribute(SessionContext.SELECTED_EVENTS_WANTED, sel != null && !sel.events().isEmpty());
        // section 5: an event left out of the list is not sent; the selected mailbox's message events
        // are those of the SELECTED group (section 3.1), so without FlagChange there no FETCH FLAGS
        // for changes made elsewhere, at a command's completion included (the client's own STORE
        // answers and the FETCH of MessageNew's attributes are responses, not FlagChange events)
        session.attribute(SessionContext.SELECTED_FLAG_CHANGES_WANTED,
                sel != null && sel.events().contains(Event.FLAG_CHANGE) ? null : Boolean.FALSE);
        session.onClose(this::close);
    }

    /** Stops watching (NOTIFY NONE or a new NOTIFY SET, the session's end, overflow, withdrawal). */
    void close() {
        closed = true;
        MailboxEvents.Subscription s = subscription;
        if (s != null) {
            s.close();
        }
        registry.remove(this);
        synchronized (this) {
            dirty.clear();
            pendingNew = 0;
        }
        if (session.attribute(KEY) == this || session.attribute(KEY) == null) {
            session.attribute(SessionContext.SELECTED_EVENTS_WANTED, null); // RFC 2177 again, unless a new SET follows
            session.attribute(SessionContext.SELECTED_FLAG_CHANGES_WANTED, null); // RFC 9051 section 5.2 again
        }
    }

    boolean closed() {
        return closed;
    }

    SessionContext session() {
        return session;
    }

    /** Whether unsolicited FETCH responses of the selected mailbox must carry UID (section 5.1). */
    boolean selectedFlagChanges() {
        return !closed && request.selected() != null && request.selected().events().contains(Event.FLAG_CHANGE);
    }

    /**
     * Writes the STATUS responses of NOTIFY SET STATUS (section 3.1): for each mailbox other than
     * the selected one for which message events are on; on the session's thread.
     */
    void writeInitialStatus() throws IOException, ImapException, MailStoreException {
        String selected = selectedName();
        for (MailboxInfo info : session.mailboxes().list()) {
            if (info.name().equals(selected)) {
                continue;
            }
            Set<Event> events = eventsFor(info.name());
            Set<Reports.Item> items = EnumSet.noneOf(Reports.Item.class);
            if (events.contains(Event.MESSAGE_NEW)) {
                items.addAll(List.of(Reports.Item.MESSAGES, Reports.Item.UIDNEXT, Reports.Item.UIDVALIDITY));
            }
            if (events.contains(Event.MESSAGE_EXPUNGE)) {
                items.add(Reports.Item.MESSAGES);
            }
            if (events.contains(Event.FLAG_CHANGE) && modSeqs()) {
                items.addAll(List.of(Reports.Item.UIDVALIDITY, Reports.Item.HIGHESTMODSEQ));
            }
            Reports.status(session, session.out(), info.name(), items);
        }
    }

    // ---- the event service's delivery thread -----------------------------------------------

    private void onChange(MailboxChange change) {
        if (closed) {
            return;
        }
        if (change.kind() == MailboxChange.Kind.CREATED) {
            watchFolder(change.mailbox()); // also one the client created itself: deliveries into it are others'
        }
        if (change.kind() == MailboxChange.Kind.SUBSCRIPTIONS) {
            // the SUBSCRIBED filter follows every change, the client's own included (section 6.4)
            if (change.subscribed()) {
                subscriptions.add(change.mailbox());
            } else {
                subscriptions.remove(change.mailbox());
            }
        }
        if (session.connectionId().equals(change.origin())) {
            // section 5: not told of what this client did; its own command's responses say it, and
            // for the selected mailbox the core reports EXISTS/EXPUNGE after the command (no FETCH
            // for its own APPEND or COPY, section 5.2)
            return;
        }
        switch (change.kind()) {
            case ADDED, EXPUNGED, FLAGS -> messageChange(change);
            case SUBSCRIPTIONS -> {
                if (mailboxEvent(change.mailbox(), Event.SUBSCRIPTION_CHANGE)) {
                    String name = change.mailbox();
                    post(out -> listName(out, name, null));
                }
            }
            case CREATED, DELETED -> {
                String name = change.mailbox();
                String parent = parentOf(name);
                if (mailboxEvent(name, Event.MAILBOX_NAME) || (parent != null && mailboxEvent(parent, Event.MAILBOX_NAME))) {
                    // section 5.4: the mailbox and its direct parent are affected
                    post(out -> {
                        listName(out, name, null);
                        if (parent != null) {
                            listParent(out, parent);
                        }
                    });
                }
            }
            case RENAMED -> {
                String name = change.mailbox();
                String old = change.oldName();
                if (mailboxEvent(name, Event.MAILBOX_NAME) || mailboxEvent(old, Event.MAILBOX_NAME)) {
                    post(out -> listName(out, name, old));
                }
            }
        }
    }

    /** Writes the LIST of a mailbox an event names and remembers what the client was told. */
    private void listName(ResponseWriter out, String name, String oldName) throws IOException {
        String attrs = Reports.attributes(session, name);
        if (attrs != null) {
            Reports.list(out, name, attrs, oldName);
            remember(name, attrs);
        }
    }

    /**
     * The direct parent of a created or deleted mailbox (section 5.4), unless the client was last
     * told exactly this of it: a CREATE that makes parents on the way publishes each of them
     * first, and they are listed with their children already there, so listing each again as
     * the next one's parent would send it twice.
     */
    private void listParent(ResponseWriter out, String parent) throws IOException {
        String attrs = Reports.attributes(session, parent);
        if (attrs != null && !attrs.equals(listed.get(parent))) {
            Reports.list(out, parent, attrs, null);
            remember(parent, attrs);
        }
    }

    /** Bounded by the mailboxes that exist: a name gone is forgotten. */
    private void remember(String name, String attrs) {
        if (attrs.startsWith("\\NonExistent")) {
            listed.remove(name);
        } else {
            listed.put(name, attrs);
        }
    }

    private void messageChange(MailboxChange change) {
        boolean post;
        boolean overflowed = false;
        synchronized (this) {
            Pending p = dirty.computeIfAbsent(change.mailbox(), k -> new Pending());
            switch (change.kind()) {
                case ADDED -> {
                    p.added = true;
                    if (request.selected() != null && request.selected().fetch() != null) {
                        for (long uid : change.uids()) {
                            p.newUids.add(uid);
                        }
                        pendingNew += change.uids().length;
                        overflowed = pendingNew > MAX_PENDING_NEW;
                    }
                }
                case EXPUNGED -> p.expunged = true;
                default -> p.flags = true;
            }
            post = !flushPosted;
            flushPosted = true;
        }
        if (overflowed) {
            post(overflow);
        } else if (post) {
            post(flush);
        }
    }

    /**
     * Opens {@code name} once if message events are on for it: a store learns of changes made from
     * outside (Maildir deliveries into {@code new/}) in the mailboxes it has open indexes of, and
     * keeps them after the handle is closed (store.maildir watches a folder once its index is
     * loaded), so a mailbox nobody has selected since the start is seen too (section 1).
     */
    private void watchFolder(String name) {
        if (eventsFor(name).stream().noneMatch(e -> e.messageEvent)) {
            return;
        }
        try (Mailbox box = session.mailboxes().open(name)) {
            box.uidValidity();
        } catch (MailStoreException | ImapException | RuntimeException e) {
            // gone again, or not selectable: nothing to watch
        }
    }

    /** Posts; when the outbox is full, its overflow item (written once there is room) ends the watch. */
    private void post(Unsolicited item) {
        session.post(item, overflow);
    }

    // ---- written by the session's outbox, under its writer lock ----------------------------

    private void flush(ResponseWriter out) throws IOException {
        Map<String, Pending> batch;
        synchronized (this) {
            batch = new LinkedHashMap<>(dirty);
            dirty.clear();
            pendingNew = 0;
            flushPosted = false;
        }
        if (closed) {
            return;
        }
        String selected = selectedName();
        for (Map.Entry<String, Pending> e : batch.entrySet()) {
            String name = e.getKey();
            Pending p = e.getValue();
            if (name.equals(selected)) {
                reportSelected(p);
            } else {
                Reports.status(session, out, name, statusItems(eventsFor(name), p));
            }
        }
    }

    /** Section 5.2 and 5.3 for the selected mailbox: resynchronise, then FETCH each new message. */
    private void reportSelected(Pending p) throws IOException {
        NotifyRequest.Selected sel = request.selected();
        if (sel == null || sel.events().isEmpty()) {
            return; // SELECTED NONE: the core reports at the next command as RFC 9051 says
        }
        session.reportChanges(!sel.delayed());
        if (sel.fetch() != null && sel.events().contains(Event.MESSAGE_NEW)) {
            for (long uid : p.newUids) {
                session.writeFetch(uid, sel.fetch());
            }
        }
    }

    /** The STATUS items sections 5.1 to 5.3 ask for, given what changed in a non-selected mailbox. */
    private Set<Reports.Item> statusItems(Set<Event> events, Pending p) {
        Set<Reports.Item> items = EnumSet.noneOf(Reports.Item.class);
        boolean modSeqs = modSeqs();
        if ((p.added && events.contains(Event.MESSAGE_NEW)) || (p.expunged && events.contains(Event.MESSAGE_EXPUNGE))) {
            items.add(Reports.Item.MESSAGES);
            items.add(Reports.Item.UIDNEXT);
            if (modSeqs) {
                items.add(Reports.Item.HIGHESTMODSEQ);
            }
        }
        if (p.flags && events.contains(Event.FLAG_CHANGE)) {
            if (modSeqs) {
                items.add(Reports.Item.UIDVALIDITY);
                items.add(Reports.Item.HIGHESTMODSEQ);
            } else {
                items.add(Reports.Item.UNSEEN); // section 5.1: without CONDSTORE, UNSEEN or nothing
            }
        }
        return items;
    }

    /** Section 5.8: tell the client, then behave as after NOTIFY NONE. */
    private void overflow(ResponseWriter out) throws IOException {
        if (closed) {
            return;
        }
        close();
        if (session.attribute(KEY) == this) {
            session.attribute(KEY, null);
        }
        out.status(null, "OK", NOTIFICATIONOVERFLOW, "Too many events; NOTIFY is off, please resynchronise");
    }

    // ---- filters (section 6) ---------------------------------------------------------------

    private String selectedName() {
        Mailbox m = session.selectedMailbox();
        return m == null ? null : m.name();
    }

    private boolean modSeqs() {
        return session.isEnabled("CONDSTORE") || session.isEnabled("QRESYNC");
    }

    /** The events the non-selected groups ask for {@code name} (several groups may apply). */
    private Set<Event> eventsFor(String name) {
        Set<Event> events = EnumSet.noneOf(Event.class);
        for (NotifyRequest.Group g : request.groups()) {
            if (matches(g, name)) {
                events.addAll(g.events());
            }
        }
        return events;
    }

    private boolean mailboxEvent(String name, Event event) {
        return eventsFor(name).contains(event);
    }

    private boolean matches(NotifyRequest.Group g, String name) {
        return switch (g.filter()) {
            case INBOXES -> name.equals(MailboxName.INBOX);
            case PERSONAL -> true;
            case SUBSCRIBED -> subscriptions.contains(name);
            case MAILBOXES -> g.names().contains(name);
            case SUBTREE -> g.names().stream().anyMatch(n -> name.equals(n) || name.startsWith(n + "/"));
        };
    }

    private static String parentOf(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? null : name.substring(0, slash);
    }
}
