package io.bundlebox.ext.sortthread;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SearchService;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import java.util.List;

/**
 * THREAD and UID THREAD (RFC 5256 section 3, BASE.6.4.THREAD):
 * {@code ["UID" SP] "THREAD" SP thread-alg SP charset 1*(SP search-key)} with the algorithms
 * ORDEREDSUBJECT and REFERENCES ({@link Threader}); answers {@code * THREAD} and the
 * thread-lists ({@link ThreadWriter}). An unknown algorithm is a BAD; a charset other than
 * US-ASCII or UTF-8 {@code NO [BADCHARSET (UTF-8)]}.
 */
class ThreadCommand extends SearchingCommand<ThreadCommand.Args> {

    /** The registered threading algorithms (section 8). */
    enum Algorithm { ORDEREDSUBJECT, REFERENCES }

    /** A parsed (UID) THREAD. */
    record Args(Algorithm algorithm, SearchService.Program program) {
    }

    ThreadCommand(boolean uid, SearchService search) {
        super(uid, search);
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.sp();
        String name = in.keyword();
        Algorithm algorithm;
        try {
            algorithm = Algorithm.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected a threading algorithm (ORDEREDSUBJECT or REFERENCES), found " + name);
        }
        in.sp();
        SearchService.Program program = search.parse(in, session, SearchService.CharsetForm.POSITIONAL);
        in.crlf();
        return new Args(algorithm, program);
    }

    @Override
    public Completion handle(Args args, SessionContext session) throws IOException, ImapException {
        session.reportChanges(uid);
        SearchService.Result found = search.search(args.program(), session);
        KeyMemo.Stop stop = stopWhenEnding(session);
        KeyMemo.Found memoised = KeyMemo.keys(session, found.uids(), stop);
        MessageKeys[] keys = memoised.keys();
        KeyMemo memo = memoised.memo();
        int[] tokens = memo.threads(args.algorithm(), found.uids());
        if (tokens == null) {
            List<ThreadNode> threads = args.algorithm() == Algorithm.REFERENCES
                    ? Threader.references(keys, stop) : Threader.orderedSubject(keys);
            tokens = ThreadWriter.tokens(threads);
            if (memoised.complete()) { // not with messages gone before their keys were read
                memo.threads(args.algorithm(), found.uids(), tokens);
            }
        }
        stop.check();
        long[] numbers = new long[keys.length];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = uid ? found.uids()[i] : found.seqs()[i];
        }
        String data = ThreadWriter.write(tokens, numbers);
        session.out().untagged().raw(data.isEmpty() ? "THREAD" : "THREAD " + data).crlf();
        return completed(uid ? "UID THREAD" : "THREAD", found, keys);
    }
}
