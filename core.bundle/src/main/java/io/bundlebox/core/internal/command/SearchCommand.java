package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SearchService;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;

/**
 * SEARCH and UID SEARCH (RFC 9051 sections 6.4.4 and 6.4.9), with the result options of ESEARCH
 * (RFC 4731, RFC 9051 section 7.3.4) and SEARCHRES (RFC 5182, RFC 9051 section 6.4.4.1).
 *
 * <p>Answers: {@code * SEARCH 2 3 7} (IMAP4rev1, no {@code RETURN}); otherwise
 * {@code * ESEARCH (TAG "a1") [UID] [MIN n] [MAX n] [ALL set] [COUNT n]}, which is also the
 * answer to a plain SEARCH once {@code ENABLE IMAP4rev2} is in effect. {@code RETURN (SAVE)}
 * alone answers nothing but the tagged OK. Errors: BAD for syntax, unknown keys or return
 * options; {@code NO [BADCHARSET (UTF-8)]} for a charset other than UTF-8 or US-ASCII.
 *
 * <p>Extensions add search keys ({@link SearchKeyParser}, e.g. MODSEQ) and RETURN options
 * ({@link SearchReturnOption}, e.g. PARTIAL), whose data follows the RFC's in the ESEARCH
 * response; using either marks the extension's bundle as used by the session.
 *
 * <p>{@code RETURN (SAVE)} stores the result, as UIDs, in {@link MessageSets#SAVED_RESULT}, where
 * every command that accepts {@code $} finds it through {@link MessageSets#uids}; SELECT,
 * EXAMINE, CLOSE and UNSELECT reset it. Parsing, evaluation and the ESEARCH answer are
 * {@link Searches}, the {@link io.bundlebox.imap.spi.SearchService} extensions use too; its
 * {@link io.bundlebox.imap.spi.CommandObserver}s add data to the result (e.g. {@code (MODSEQ n)}
 * when the criteria used RFC 7162's MODSEQ key).
 */
final class SearchCommand extends CoreCommand<SearchCommand.Args> {

    /**
     * A parsed (UID) SEARCH.
     *
     * @param returns the RETURN options as given, or null without RETURN ({@code RETURN ()} is empty)
     * @param program the search keys, ANDed
     */
    record Args(Searches.ParsedReturns returns, Searches.ParsedProgram program) {
    }

    private final boolean uid;

    /** @param uid true for UID SEARCH: the criteria are the same, the results are UIDs */
    SearchCommand(boolean uid) {
        this.uid = uid;
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.sp();
        Searches.ParsedReturns returns = null;
        String word = null;
        int next = in.peek();
        if ((next >= 'A' && next <= 'Z') || (next >= 'a' && next <= 'z')) { // RETURN, CHARSET or a key name
            word = in.keyword();
            if (word.equals("RETURN")) {
                in.sp();
                returns = Searches.INSTANCE.parseReturns(in, session);
                in.sp();
                word = null;
            }
        }
        try {
            Searches.ParsedProgram program = Searches.INSTANCE.parse(in, (Session) session, word);
            in.crlf();
            return new Args(returns, program);
        } catch (ImapException e) {
            if (e.kind() == ImapException.Kind.NO && saves(returns)) {
                session.attribute(MessageSets.SAVED_RESULT, null); // section 6.4.4.1: a failed SAVE empties $
            }
            throw e;
        }
    }

    private static boolean saves(Searches.ParsedReturns returns) {
        return returns != null && returns.options().contains(SearchService.ReturnOption.SAVE);
    }

    @Override
    Completion run(Args args, Session session) throws IOException, ImapException, MailStoreException {
        // new messages are searched too: EXISTS goes out before the result that may name them
        session.reportChanges(uid);
        if (saves(args.returns())) {
            session.attribute(MessageSets.SAVED_RESULT, null); // stays empty should the search fail (6.4.4.1)
        }
        SearchService.Result result = Searches.INSTANCE.search(args.program(), session);
        long[] numbers = uid ? result.uids() : toLongs(result.seqs());
        Searches.ParsedReturns returns = args.returns();
        if (returns == null && session.isEnabled("IMAP4REV2")) {
            returns = new Searches.ParsedReturns(EnumSet.noneOf(SearchService.ReturnOption.class), List.of());
        }
        Searches.INSTANCE.answer(session, uid ? "UID SEARCH" : "SEARCH", returns, result, numbers, result.uids());
        // messages expunged by another session (before or while searching) could not be evaluated:
        // OK [EXPUNGEISSUED], never NO (RFC 9051 section 7.1)
        if (result.expungeIssued()) {
            return Completion.ok(ResponseCode.EXPUNGEISSUED, (uid ? "UID SEARCH" : "SEARCH")
                    + " completed; some messages were expunged by another session");
        }
        return Completion.ok((uid ? "UID SEARCH" : "SEARCH") + " completed");
    }

    private static long[] toLongs(int[] ints) {
        long[] out = new long[ints.length];
        for (int i = 0; i < ints.length; i++) {
            out[i] = ints[i];
        }
        return out;
    }
}
