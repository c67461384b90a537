package io.bundlebox.core.internal.server;

import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandFlag;
import io.bundlebox.imap.spi.CommandHandler;
import java.util.Set;

/**
 * A registered command: its descriptor (from {@code @ImapCommand} properties or the core's own
 * table) and its handler.
 *
 * @param name upper-case name, {@code UID X} for UID forms
 * @param states states in which it is valid
 * @param flags dispatcher flags
 * @param capability the capability that must be allowed for the tenant, or "" for none
 * @param handler parser and handler
 * @param bundleId the providing bundle, or -1 for the core's own commands
 */
public record CommandEntry(String name, Set<SessionState> states, Set<CommandFlag> flags, String capability,
        CommandHandler<?> handler, long bundleId) {

    /** Whether {@code flag} is set. */
    public boolean has(CommandFlag flag) {
        return flags.contains(flag);
    }
}
