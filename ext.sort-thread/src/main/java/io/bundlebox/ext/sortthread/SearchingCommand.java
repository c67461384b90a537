package io.bundlebox.ext.sortthread;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.CommandHandler;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SearchService;
import io.bundlebox.imap.spi.SessionContext;

/**
 * What SORT and THREAD share: the UID form or not, the core's {@link SearchService}, and how a
 * long command stops: when its session is ending (the bundle is being uninstalled, so the core
 * says {@code BYE [UNAVAILABLE]} to every session that used it, DESIGN.md section 6; or the
 * server is stopping), the command ends at its next {@link KeyMemo.Stop#check()}, so the core's
 * BYE goes out at once.
 *
 * @param <A> the parsed arguments
 */
abstract class SearchingCommand<A> implements CommandHandler<A> {

    /** Whether this is the UID form (UIDs instead of sequence numbers, RFC 5256 section 3). */
    final boolean uid;
    final SearchService search;

    SearchingCommand(boolean uid, SearchService search) {
        this.uid = uid;
        this.search = search;
    }

    /**
     * The check point of a command in {@code session}: throws {@code BYE} once the session is
     * {@linkplain SessionContext#ending() ending} (the core has a BYE of its own waiting; this one
     * only unwinds the command).
     */
    static KeyMemo.Stop stopWhenEnding(SessionContext session) {
        return () -> {
            if (session.ending()) {
                throw ImapException.bye(ResponseCode.UNAVAILABLE, "The session is ending");
            }
        };
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
