package io.bundlebox.core.internal.server;

import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandFlag;
import io.bundlebox.imap.spi.CommandHandler;
import java.util.Set;

/**
 * A registered command: its descriptor (from {@code @ImapCommand} properties or the core's own
 * table), its handler and who provides it.
 *
 * @param name upper-case name, {@code UID X} for UID forms
 * @param states states in which it is valid
 * @param flags dispatcher flags
 * @param handler parser and handler
 * @param origin the providing bundle, its declared capability, ranking (the core's own: {@link Extensions.Origin#core()})
 */
public record CommandEntry(String name, Set<SessionState> states, Set<CommandFlag> flags, CommandHandler<?> handler,
        Extensions.Origin origin) {

    /** Whether {@code flag} is set. */
    public boolean has(CommandFlag flag) {
        return flags.contains(flag);
    }

    /** The providing bundle, or -1 for the core's own commands. */
    public long bundleId() {
        return origin.bundleId();
    }
}
