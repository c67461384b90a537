package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.UserMailboxes;
import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What an extension sees of one IMAP connection. Provided by the core; used from the session's
 * own thread unless a method says otherwise.
 */
@ProviderType
public interface SessionContext {

    /**
     * A session attribute shared between extensions: whether the client wants changes of its
     * selected mailbox reported while it runs no command of its own that asks for them, as IDLE
     * does (RFC 2177). Null means yes. An extension that lets the client choose sets it: RFC 5465
     * sections 3 and 4, {@code NOTIFY SET} without {@code SELECTED} or with {@code SELECTED NONE}
     * means no, also while IDLE ("exactly the same events as instructed ... using the NOTIFY
     * command"); it removes it again when its choice ends. A command's own completion still
     * reports them (RFC 9051 section 7.5).
     */
    Key<Boolean> SELECTED_EVENTS_WANTED = Key.of("selected-events-wanted");

    /**
     * A session attribute shared between extensions: whether the core reports flag changes made
     * elsewhere (another session, a delivery agent) in the selected mailbox as unsolicited
     * {@code * n FETCH (FLAGS ...)} (RFC 9051 section 5.2: SHOULD). Null means yes. False turns
     * those responses off wherever the core would send them: between commands, during IDLE and at
     * a command's completion; the changes are then taken as reported (a later synchronisation does
     * not send them). The answers to this session's own STORE and the FETCH responses a command
     * asks for are unaffected, and so are EXISTS and EXPUNGE. Set by an extension that lets the
     * client choose its events: RFC 5465 section 5 ("the client can instruct the server not to
     * send an event by omitting the necessary event from the list of events specified in NOTIFY
     * SET") and section 3.1 (the selected mailbox's message events are those of the SELECTED or
     * SELECTED-DELAYED group, none without one), so {@code NOTIFY SET} without {@code FlagChange}
     * for the selected mailbox means false; it removes it again when its choice ends.
     */
    Key<Boolean> SELECTED_FLAG_CHANGES_WANTED = Key.of("selected-flag-changes-wanted");

    /** Short id of the connection as it appears in log lines, e.g. {@code c42}. */
    String connectionId();

    /** The current state (RFC 9051 section 3). */
    SessionState state();

    /** The authenticated user's login name, or null before authentication. */
    String user();

    /** The tenant the session belongs to ({@code default} without tenants). */
    String tenant();

    /**
     * The configuration of the session's tenant: the keys of its {@code conf/tenant-NAME.cfg}
     * (ConfigAdmin factory PID {@code tenant}) as strings, e.g. an extension's per-tenant defaults
     * such as {@code storage.kib}. Empty for the default tenant, whose settings are the server's
     * and each extension's own configuration. Always the tenant's current version: when its file
     * changes, the sessions that go on (see issue 14: those of a moved store, or that used an
     * extension no longer allowed, end) see the new keys from their next command, so an extension
     * that reads them per command applies a change live. Each version is one immutable map, replaced
     * on change, so an extension may cache what it derives from it by the map's identity.
     *
     * @return an unmodifiable map; never null
     */
    java.util.Map<String, String> tenantSettings();

    /** Whether the connection is protected by TLS. */
    boolean secure();

    /**
     * Whether {@code capability} is switched on in this session (RFC 5161): by {@code ENABLE} or
     * by {@link #enable}.
     */
    boolean isEnabled(String capability);

    /**
     * Switches {@code capability} on for the rest of the session, with the capabilities its
     * {@link Enableable} implies (first), running each one's {@link Enableable#enable} hook; the
     * session counts as using the extensions concerned (withdrawing them ends it with
     * {@code BYE [UNAVAILABLE]}). {@code ENABLE} uses this; so do commands that enable a capability
     * as a side effect (RFC 7162 section 3.1, CONDSTORE enabling commands), which send no
     * {@code * ENABLED}.
     *
     * @param capability upper case, e.g. {@code QRESYNC}
     * @return the capabilities newly switched on, implied ones first; empty when all were on
     *     already or none is known as an {@link Enableable}
     * @throws ImapException when a hook refuses (what was switched on before it stays on)
     */
    java.util.List<String> enable(String capability) throws IOException, ImapException;

    /** The session's value for {@code key}, or null. */
    <T> T attribute(Key<T> key);

    /** Sets (or with null removes) the session's value for {@code key}. */
    <T> void attribute(Key<T> key, T value);

    /**
     * The response writer of the connection. Use it only on the session's thread while a command
     * runs (its handler, parser) or inside an {@link Unsolicited} item: the core holds the
     * session's one writer lock then, so nothing else (posted items, keepalives, a BYE from
     * another thread) is written into the middle of a response or a literal. To write from
     * another thread, {@link #post} an item.
     */
    ResponseWriter out();

    /**
     * Posts untagged responses to the session's outbox; safe from any thread, never blocks.
     * Items are written in the order posted, after the running command's tagged response or, while
     * a command waits for input ({@link #awaitInput}), at once. The outbox is bounded: when it is
     * full (a client that stopped reading), {@code item} is dropped and {@code overflow} is written
     * instead once the outbox has room again (the same overflow item only once however often it
     * is passed); it tells the client, or resynchronises, so nothing is silently lost.
     *
     * @param item the responses to write
     * @param overflow what to write in place of the items dropped while the outbox was full
     * @return false when {@code item} was dropped (outbox full, or the session is ending)
     */
    boolean post(Unsolicited item, Unsolicited overflow);

    /**
     * Runs {@code wait} (a blocking read of client input by the running command, e.g. IDLE's
     * {@code DONE}) on the session's thread while letting the outbox write posted items and a BYE
     * from elsewhere; the command's own writes continue after it returns. The command must not
     * write while {@code wait} runs.
     *
     * @return what {@code wait} read
     * @throws IOException when the connection failed, was closed by a BYE, or timed out
     * @throws ImapException as thrown by {@code wait}
     */
    <T> T awaitInput(InputWait<T> wait) throws IOException, ImapException;

    /** The command reader of the connection. */
    ImapReader in();

    /**
     * The authenticated user's mailboxes.
     *
     * @throws ImapException NO when not authenticated
     */
    UserMailboxes mailboxes() throws ImapException;

    /** The selected mailbox, or null outside the SELECTED state. */
    Mailbox selectedMailbox();

    /** Whether the selected mailbox was opened read-only (EXAMINE). */
    boolean selectedReadOnly();

    /**
     * Brings the client's view of the selected mailbox up to date, writing untagged
     * {@code EXISTS}, {@code EXPUNGE} and {@code FETCH (FLAGS)} responses (as the
     * {@link ChangeReporter}s shape them) for changes made elsewhere (RFC 9051 section 7.5). Does nothing outside the SELECTED state.
     *
     * @param expungesAllowed false while a command that uses sequence numbers runs (section 7.5.1)
     */
    void reportChanges(boolean expungesAllowed) throws IOException;

    /**
     * The message sequence number of {@code uid} in the client's view, or 0 when not there.
     */
    int sequenceOf(long uid);

    /**
     * The number of messages in the client's view of the selected mailbox (what the last EXISTS
     * said, less the expunges reported since); it may differ from the store's count while changes
     * are not yet reported. 0 outside the SELECTED state.
     */
    int viewSize();

    /**
     * Reads FETCH data items as FETCH does ({@code fetch-att / "(" fetch-att *(SP fetch-att) ")"}
     * or a macro, RFC 9051 section 6.4.5), including extension items.
     *
     * @throws ImapException BAD for an unknown or malformed item
     */
    FetchItems parseFetchItems(ImapReader in) throws IOException, ImapException;

    /**
     * Writes {@code * seq FETCH (...)} for message {@code uid} of the selected mailbox with
     * {@code items} (a body item does not set {@code \Seen}); writes nothing when the message is
     * not (or no longer) in the client's view. On the session's thread during a command, or
     * inside an {@link Unsolicited} item.
     *
     * @throws IOException when the connection fails
     */
    void writeFetch(long uid, FetchItems items) throws IOException;

    /**
     * Runs {@code action} once when the session ends (connection closed, BYE, LOGOUT), on
     * whichever thread ends it; for state an extension keeps outside the session, such as an
     * event subscription. Runs at once when the session has already ended.
     */
    void onClose(Runnable action);

    /**
     * Closes the connection after writing {@code * BYE [code] text}; safe from any thread. The BYE
     * waits (up to 2 s) for a response being written to end, so it never lands inside one or
     * inside a literal; when the writer stays busy longer (a client that stopped reading), the
     * connection is closed without it.
     */
    void bye(io.bundlebox.imap.api.ResponseCode code, String text);

    /**
     * Whether the session is ending: a {@link #bye BYE} waits to be written (the server is shutting
     * down, an extension the session used was removed, its tenant changed) or the connection is
     * closed. Safe from any thread. A command that runs long (over many messages) asks between its
     * steps and, when true, stops by throwing {@link ImapException#bye}: the waiting BYE is then
     * written at once, where a command that ran on would hold it back until {@link #bye}'s 2 s wait
     * closed the connection without it.
     *
     * @since 2.3
     */
    boolean ending();
}
