package io.bundlebox.ext.sortthread;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SearchService;

/**
 * What SORT and THREAD share: the UID form or not, the core's {@link SearchService}, and the
 * lifecycle of their DS component. Once the component is {@linkplain #stop() stopped} (the
 * bundle is being stopped or uninstalled), a command still running in it ends at its next
 * {@link KeyMemo.Stop#check()} with {@code BYE [UNAVAILABLE]}; the core meanwhile closes that
 * session with the same response (DESIGN.md section 6).
 *
 * @param <A> the parsed arguments
 */
abstract class SearchingCommand<A> implements CommandHandler<A>, KeyMemo.Stop {

    /** Whether this is the UID form (UIDs instead of sequence numbers, RFC 5256 section 3). */
    final boolean uid;
    final SearchService search;
    private volatile boolean stopped;

    SearchingCommand(boolean uid, SearchService search) {
        this.uid = uid;
        this.search = search;
    }

    /** Ends running commands: called when the component is deactivated. */
    final void stop() {
        stopped = true;
    }

    @Override
    public final void check() throws ImapException {
        if (stopped) {
            throw ImapException.bye(ResponseCode.UNAVAILABLE, "The SORT/THREAD extension was removed; please reconnect");
        }
    }

    /**
     * The tagged OK of {@code name}; {@code OK [EXPUNGEISSUED]} (RFC 9051 section 7.1) when
     * messages the client knows were expunged by another session could not be searched or
     * vanished before their keys were read (they sort as empty messages).
     */
    static Completion completed(String name, SearchService.Result found, MessageKeys[] keys) {
        boolean gone = found.expungeIssued();
        for (int i = 0; i < keys.length && !gone; i++) {
            gone = keys[i] == MessageKeys.GONE;
        }
        return gone ? Completion.ok(ResponseCode.EXPUNGEISSUED, name + " completed; some messages were expunged by another session")
                : Completion.ok(name + " completed");
    }
}
