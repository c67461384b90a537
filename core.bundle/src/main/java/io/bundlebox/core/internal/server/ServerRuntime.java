package io.bundlebox.core.internal.server;

import io.bundlebox.core.internal.auth.PasswordFile;
import io.bundlebox.mailstore.MailStore;
import java.util.List;

/**
 * What sessions and core commands need from the running server: limits, the live extension
 * set, capabilities, credentials and the mail store.
 */
public interface ServerRuntime {

    /** Limits in force for new commands. */
    Limits limits();

    /** Commands, capability providers and enableables, core and extension. */
    Extensions extensions();

    /** The capabilities to advertise to {@code session} now (RFC 9051 section 7.2.2). */
    List<String> capabilities(Session session);

    /** The greeting text, e.g. {@code Bundlebox ready}. */
    String greeting();

    /** The server's name for ID (RFC 2971). */
    String serverName();

    /** Whether the session's tenant may use {@code entry}. */
    boolean allowed(Session session, CommandEntry entry);

    /** Counts a BAD answer; before authentication too many unknown commands end the connection. */
    void countBad(Session session, boolean unknownCommand);

    /** The users file. */
    PasswordFile passwords();

    /** The mail store of the session's tenant. */
    MailStore store();

    /** Called when a session has ended. */
    void ended(Session session);
}
