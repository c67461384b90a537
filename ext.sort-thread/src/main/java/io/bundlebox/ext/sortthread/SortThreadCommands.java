package io.bundlebox.ext.sortthread;

import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandFlag;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.ImapCommand;
import io.bundlebox.imap.spi.SearchService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The four commands as Declarative Services components. SORT and THREAD use sequence numbers
 * (no EXPUNGE while they answer, RFC 5256 section 3); their UID forms allow it.
 */
public final class SortThreadCommands {

    private SortThreadCommands() {
    }

    /** {@code SORT}. */
    @Component(service = CommandHandler.class)
    @ImapCommand(name = "SORT", states = SessionState.SELECTED, flags = CommandFlag.USES_SEQS, capability = "SORT")
    public static final class SortHandler extends SortCommand {
        @Activate
        public SortHandler(@Reference SearchService search) {
            super(false, search);
        }
    }

    /** {@code UID SORT}. */
    @Component(service = CommandHandler.class)
    @ImapCommand(name = "UID SORT", states = SessionState.SELECTED, capability = "SORT")
    public static final class UidSortHandler extends SortCommand {
        @Activate
        public UidSortHandler(@Reference SearchService search) {
            super(true, search);
        }
    }

    /** {@code THREAD}. */
    @Component(service = CommandHandler.class)
    @ImapCommand(name = "THREAD", states = SessionState.SELECTED, flags = CommandFlag.USES_SEQS,
            capability = "THREAD=REFERENCES")
    public static final class ThreadHandler extends ThreadCommand {
        @Activate
        public ThreadHandler(@Reference SearchService search) {
            super(false, search);
        }
    }

    /** {@code UID THREAD}. */
    @Component(service = CommandHandler.class)
    @ImapCommand(name = "UID THREAD", states = SessionState.SELECTED, capability = "THREAD=REFERENCES")
    public static final class UidThreadHandler extends ThreadCommand {
        @Activate
        public UidThreadHandler(@Reference SearchService search) {
            super(true, search);
        }
    }
}
