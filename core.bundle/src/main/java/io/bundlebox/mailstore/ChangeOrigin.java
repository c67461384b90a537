package io.bundlebox.mailstore;

/**
 * Who makes the store changes of the current thread, for {@link MailboxChange#origin}: the core
 * names the session whose command runs, so that a watcher can leave out what its own client did
 * (RFC 5465 section 5: "The server SHOULD omit notifying the client if the event is caused by this
 * client"). A store reads {@link #current} on the caller's thread when it takes a change on (not
 * when it later publishes it: one thread may commit the changes of several, as in a group fsync)
 * and puts it into the {@link MailboxChange} it publishes. Changes found from outside (a delivery
 * agent, another program, a folder check) have no origin.
 */
public final class ChangeOrigin {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private ChangeOrigin() {
    }

    /** A span of code whose changes carry one origin; closing it restores the one before. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** The origin of changes made on this thread now (a session's connection id), or null. */
    public static String current() {
        return CURRENT.get();
    }

    /**
     * Names {@code origin} as the maker of this thread's changes until the returned scope is
     * closed (use it in try-with-resources).
     *
     * @param origin a connection id ({@code SessionContext.connectionId()}), or null for none
     */
    public static Scope enter(String origin) {
        String previous = CURRENT.get();
        CURRENT.set(origin);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }
}
