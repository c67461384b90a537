package io.bundlebox.ext.sortthread;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SearchService;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import java.util.List;

/**
 * SORT and UID SORT (RFC 5256 section 3, BASE.6.4.SORT), with the sort keys of SORT=DISPLAY
 * (RFC 5957 section 4) and the return options of ESORT (RFC 5267 section 3):
 *
 * <pre>
 * sort = ["UID" SP] "SORT" [SP "RETURN" SP "(" [return-opt *(SP return-opt)] ")"]
 *        SP sort-criteria SP charset 1*(SP search-key)
 * </pre>
 *
 * Answers {@code * SORT n n n} in the requested order, ties in mailbox order; with RETURN an
 * {@code * ESEARCH (TAG "t") [UID] ...} in sort order instead (MIN is the first sorted
 * message, MAX the last, ALL the sorted list with ascending runs as ranges; SAVE sets {@code $}
 * as RFC 5182 says). The search criteria are the SEARCH criteria of the core's
 * {@link SearchService} (every key, {@code $}); charsets US-ASCII and UTF-8, any other
 * {@code NO [BADCHARSET (UTF-8)]}. Strings sort by {@code i;unicode-casemap} ({@link Collation}),
 * a missing header as the empty string, which sorts first. Keys are read from the store's index
 * ({@link KeyMemo}), never from message files. Both answers go through
 * {@link SearchService#answer}, so command observers' data (RFC 7162's {@code (MODSEQ n)}) is added
 * as for SEARCH.
 */
class SortCommand extends SearchingCommand<SortCommand.Args> {

    /**
     * A parsed (UID) SORT.
     *
     * @param returns the ESORT return options, or null without RETURN
     * @param criteria the sort criteria in priority order
     * @param program the search criteria
     */
    record Args(SearchService.Returns returns, List<SortCriterion> criteria, SearchService.Program program) {
    }

    SortCommand(boolean uid, SearchService search) {
        super(uid, search);
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.sp();
        SearchService.Returns returns = null;
        if (!in.peekIs('(')) {
            in.expectWord("RETURN");
            in.sp();
            returns = search.parseReturns(in, session);
            in.sp();
        }
        List<SortCriterion> criteria = SortCriterion.parseList(in);
        in.sp();
        try {
            SearchService.Program program = search.parse(in, session, SearchService.CharsetForm.POSITIONAL);
            in.crlf();
            return new Args(returns, criteria, program);
        } catch (ImapException e) {
            if (e.kind() == ImapException.Kind.NO && saves(returns)) {
                search.save(session, new long[0]); // RFC 5182 section 2.1: a failed SAVE empties $
            }
            throw e;
        }
    }

    private static boolean saves(SearchService.Returns returns) {
        return returns != null && returns.options().contains(SearchService.ReturnOption.SAVE);
    }

    @Override
    public Completion handle(Args args, SessionContext session) throws IOException, ImapException {
        session.reportChanges(uid); // new messages are sorted too: EXISTS goes out first
        if (saves(args.returns())) {
            search.save(session, new long[0]); // stays empty should the command fail
        }
        SearchService.Result found = search.search(args.program(), session);
        KeyMemo.Stop stop = stopWhenEnding(session);
        KeyMemo.Found memoised = KeyMemo.keys(session, found.uids(), stop);
        MessageKeys[] keys = memoised.keys();
        int[] order = SortCriterion.order(args.criteria(), memoised);
        stop.check();
        long[] numbers = new long[order.length];
        long[] uids = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            uids[i] = found.uids()[order[i]];
            numbers[i] = uid ? uids[i] : found.seqs()[order[i]];
        }
        search.answer(session, uid ? "UID SORT" : "SORT", args.returns(), found, numbers, uids);
        return completed(uid ? "UID SORT" : "SORT", found, keys);
    }
}
