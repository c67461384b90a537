package io.bundlebox.ext.sortthread;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SessionState;
import io.bundlebox.imap.spi.CommandFlag;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.ImapCommand;
import io.bundlebox.imap.spi.SearchService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The four commands as Declarative Services components. SORT and THREAD use sequence numbers
 * (no EXPUNGE while they answer, RFC 5256 section 3); their UID forms allow it. A deactivated
 * component (the bundle is being stopped or uninstalled) ends a command still running in it;
 * the core meanwhile closes that session with {@code BYE [UNAVAILABLE]}.
 */
public final class SortThreadCommands {

    private SortThreadCommands() {
    }

    /** Ends running commands once their component is deactivated. */
    static final class Lifecycle implements KeyMemo.Stop {
        private volatile boolean stopped;

        @Override
        public void check() throws ImapException {
            if (stopped) {
                throw ImapException.bye(ResponseCode.UNAVAILABLE, "The SORT/THREAD extension was removed; please reconnect");
            }
        }

        void stop() {
            stopped = true;
        }
    }

    /** {@code SORT}. */
    @Component(service = CommandHandler.class)
    @ImapCommand(name = "SORT", states = SessionState.SELECTED, flags = CommandFlag.USES_SEQS, capability = "SORT")
    public static final class SortHandler extends SortCommand {
        private final Lifecycle life;

        @Activate
        public SortHandler(@Reference SearchService search) {
            this(search, new Lifecycle());
        }

        private SortHandler(SearchService search, Lifecycle life) {
            super(false, search, life);
            this.life = life;
        }

        @Deactivate
        void deactivate() {
            life.stop();
        }
    }

    /** {@code UID SORT}. */
    @Component(service = CommandHandler.class)
    @ImapCommand(name = "UID SORT", states = SessionState.SELECTED, capability = "SORT")
    public static final class UidSortHandler extends SortCommand {
        private final Lifecycle life;

        @Activate
        public UidSortHandler(@Reference SearchService search) {
            this(search, new Lifecycle());
        }

        private UidSortHandler(SearchService search, Lifecycle life) {
            super(true, search, life);
            this.life = life;
        }

        @Deactivate
        void deactivate() {
            life.stop();
        }
    }

    /** {@code THREAD}. */
    @Component(service = CommandHandler.class)
    @ImapCommand(name = "THREAD", states = SessionState.SELECTED, flags = CommandFlag.USES_SEQS,
            capability = "THREAD=REFERENCES")
    public static final class ThreadHandler extends ThreadCommand {
        private final Lifecycle life;

        @Activate
        public ThreadHandler(@Reference SearchService search) {
            this(search, new Lifecycle());
        }

        private ThreadHandler(SearchService search, Lifecycle life) {
            super(false, search, life);
            this.life = life;
        }

        @Deactivate
        void deactivate() {
            life.stop();
        }
    }

    /** {@code UID THREAD}. */
    @Component(service = CommandHandler.class)
    @ImapCommand(name = "UID THREAD", states = SessionState.SELECTED, capability = "THREAD=REFERENCES")
    public static final class UidThreadHandler extends ThreadCommand {
        private final Lifecycle life;

        @Activate
        public UidThreadHandler(@Reference SearchService search) {
            this(search, new Lifecycle());
        }

        private UidThreadHandler(SearchService search, Lifecycle life) {
            super(true, search, life);
            this.life = life;
        }

        @Deactivate
        void deactivate() {
            life.stop();
        }
    }
}
