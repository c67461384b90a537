package io.bundlebox.core.internal.command;

import static io.bundlebox.imap.api.SessionState.AUTHENTICATED;
import static io.bundlebox.imap.api.SessionState.LOGOUT;
import static io.bundlebox.imap.api.SessionState.NOT_AUTHENTICATED;
import static io.bundlebox.imap.api.SessionState.SELECTED;

import io.bundlebox.core.internal.server.Extensions;
import io.bundlebox.core.internal.server.Limits;
import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandFlag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The table of the core's own commands (RFC 9051 section 6) with their states and flags, and the
 * capabilities the core itself advertises.
 */
public final class CoreCommands {

    private static final Set<SessionState> ANY = EnumSet.of(NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT);
    private static final Set<SessionState> NOT_AUTH = EnumSet.of(NOT_AUTHENTICATED);
    private static final Set<SessionState> AUTH = EnumSet.of(AUTHENTICATED, SELECTED);
    private static final Set<SessionState> SEL = EnumSet.of(SELECTED);
    /** What the mailbox commands (CREATE ... STATUS) make true, advertised once logged in. */
    private static final List<String> MAILBOX_CAPABILITIES = List.of("NAMESPACE", "CHILDREN", "LIST-EXTENDED",
            "LIST-STATUS", "SPECIAL-USE", "CREATE-SPECIAL-USE", "STATUS=SIZE");

    private CoreCommands() {
    }

    /** Registers every core command with {@code ext}. */
    public static void register(Extensions ext) {
        Set<CommandFlag> none = Set.of();
        ext.addCore("CAPABILITY", ANY, none, new CapabilityCommand());
        ext.addCore("NOOP", ANY, none, new NoopCommand("NOOP"));
        ext.addCore("LOGOUT", ANY, none, new LogoutCommand());
        ext.addCore("ID", ANY, none, new IdCommand());
        ext.addCore("LOGIN", NOT_AUTH, none, new LoginCommand());
        ext.addCore("AUTHENTICATE", NOT_AUTH, none, new AuthenticateCommand());
        ext.addCore("STARTTLS", NOT_AUTH, none, new StartTlsCommand());
        ext.addCore("ENABLE", EnumSet.of(AUTHENTICATED), none, new EnableCommand());
        ext.addCore("CREATE", AUTH, none, new CreateCommand());
        ext.addCore("DELETE", AUTH, none, new DeleteCommand());
        ext.addCore("RENAME", AUTH, none, new RenameCommand());
        ext.addCore("SUBSCRIBE", AUTH, none, new SubscribeCommand());
        ext.addCore("UNSUBSCRIBE", AUTH, none, new UnsubscribeCommand());
        ext.addCore("LIST", AUTH, none, new ListCommand());
        ext.addCore("LSUB", AUTH, none, new LsubCommand());
        ext.addCore("NAMESPACE", AUTH, none, new NamespaceCommand());
        ext.addCore("STATUS", AUTH, none, new StatusCommand());
        ext.addCore("SELECT", AUTH, none, new SelectCommand(false));
        ext.addCore("EXAMINE", AUTH, none, new SelectCommand(true));
        ext.addCore("APPEND", AUTH, none, new AppendCommand());
        ext.addCore("CHECK", SEL, none, new NoopCommand("CHECK"));
        ext.addCore("CLOSE", SEL, none, new CloseCommand(true));
        ext.addCore("UNSELECT", SEL, none, new CloseCommand(false));
        ext.addCore("EXPUNGE", SEL, none, new ExpungeCommand(false));
        ext.addCore("UID EXPUNGE", SEL, none, new ExpungeCommand(true));
        Set<CommandFlag> seqs = EnumSet.of(CommandFlag.USES_SEQS);
        ext.addCore("FETCH", SEL, seqs, new FetchCommand(false));
        ext.addCore("UID FETCH", SEL, none, new FetchCommand(true));
        ext.addCore("STORE", SEL, seqs, new StoreCommand(false));
        ext.addCore("UID STORE", SEL, none, new StoreCommand(true));
        ext.addCore("COPY", SEL, seqs, new CopyCommand(false, false));
        ext.addCore("UID COPY", SEL, none, new CopyCommand(true, false));
        ext.addCore("MOVE", SEL, seqs, new CopyCommand(false, true));
        ext.addCore("UID MOVE", SEL, none, new CopyCommand(true, true));
        ext.addCore("SEARCH", SEL, seqs, new SearchCommand(false));
        ext.addCore("UID SEARCH", SEL, none, new SearchCommand(true));
    }

    /**
     * The capabilities the core advertises in {@code state}, besides IMAP4rev1/IMAP4rev2 and the
     * connection-dependent STARTTLS, AUTH= and LOGINDISABLED (see ImapServer).
     */
    public static List<String> capabilities(SessionState state, Limits limits) {
        List<String> caps = new ArrayList<>(List.of("LITERAL+", "SASL-IR", "ID", "ENABLE"));
        if (state != NOT_AUTHENTICATED) {
            caps.addAll(List.of("UIDPLUS", "UNSELECT", "MOVE", "BINARY", "UTF8=ACCEPT", "APPENDLIMIT=" + limits.appendLimit()));
            caps.addAll(MAILBOX_CAPABILITIES);
            caps.addAll(List.of("ESEARCH", "SEARCHRES"));
        }
        return caps;
    }
}
