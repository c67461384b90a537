package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The core's search engine for extension commands that search before they answer (SORT,
 * THREAD, ESORT: DESIGN.md section 4.1). A core service, like {@link MailboxEvents}; the
 * core's own SEARCH uses the same parser, evaluator and ESEARCH writer, so every search key
 * (including {@link SearchKeyParser} extensions and {@code $}, RFC 5182) and every RETURN option
 * (including {@link SearchReturnOption} extensions) works the same in every command.
 *
 * <p>Usage, e.g. in a command's parse and handle methods:
 * <pre>{@code
 * var returns = search.parseReturns(in, session);             // after "RETURN" SP, optional
 * var program = search.parse(in, session, CharsetForm.POSITIONAL);
 * in.crlf();
 * ...
 * session.reportChanges(uid);
 * SearchService.Result r = search.search(program, session);
 * search.answer(session, "UID SORT", returns, r, numbersInMyOrder, uidsInMyOrder);
 * }</pre>
 *
 * <p>Answers go through {@link CommandObserver#searched}, so observers' data (RFC 7162's
 * {@code (MODSEQ n)}) decorates every searching command alike.
 */
@ProviderType
public interface SearchService {

    /** Where the charset of the criteria stands. */
    enum CharsetForm {
        /** RFC 9051 section 9 {@code search-program}: an optional {@code CHARSET} SP charset prefix. */
        PREFIX,
        /** RFC 5256 section 5 {@code search-criteria}: {@code charset 1*(SP search-key)}, mandatory. */
        POSITIONAL
    }

    /** The result options of RFC 9051 section 6.4.4 (RFC 4731) and SAVE (RFC 5182). */
    enum ReturnOption { MIN, MAX, ALL, COUNT, SAVE }

    /** Parsed search criteria: opaque, valid for the session that parsed them. */
    interface Program {
    }

    /** A parsed {@code RETURN (...)} list: the RFC's options and those of extensions. */
    interface Returns {
        /** The RFC's options as given; empty for {@code RETURN ()}. */
        Set<ReturnOption> options();

        /** Whether {@link SearchReturnOption} extensions were given too. */
        boolean hasExtensions();
    }

    /**
     * Matching messages of the selected mailbox, ascending, as sequence numbers and UIDs
     * (index by index the same message).
     *
     * @param extensionKeys names (upper case) of the {@link SearchKeyParser} keys the criteria used
     * @param snapshot the mailbox state that was searched
     * @param expungeIssued messages the client still knows were expunged by another session: they
     *     could not be tested, or a match vanished while searching; the command completes
     *     {@code OK [EXPUNGEISSUED]} (RFC 9051 section 7.1), never NO
     */
    record Result(int[] seqs, long[] uids, Set<String> extensionKeys, io.bundlebox.mailstore.MailboxSnapshot snapshot,
            boolean expungeIssued) {
        /** Number of matches. */
        public int count() {
            return seqs.length;
        }
    }

    /**
     * Reads search criteria up to (not including) the CRLF; the reader stands on the first
     * token (the charset for {@link CharsetForm#POSITIONAL}).
     *
     * @throws ImapException BAD on syntax errors and unknown keys; {@code NO [BADCHARSET (UTF-8)]}
     *     for a charset other than UTF-8 or US-ASCII
     */
    Program parse(ImapReader in, SessionContext session, CharsetForm form) throws IOException, ImapException;

    /**
     * Reads a return option list {@code "(" [opt *(SP opt)] ")"} (the reader stands on the
     * parenthesis after {@code RETURN SP}).
     *
     * @throws ImapException BAD for an unknown option
     */
    Returns parseReturns(ImapReader in, SessionContext session) throws IOException, ImapException;

    /**
     * Evaluates {@code program} over the messages the client knows in the selected mailbox (RFC
     * 9051 section 6.4.4), with {@code $} as saved now. The caller reports pending changes first
     * ({@link SessionContext#reportChanges}) when its answer may name new messages.
     *
     * @throws ImapException NO when no mailbox is selected or the store fails (with its code)
     */
    Result search(Program program, SessionContext session) throws IOException, ImapException;

    /**
     * Answers a searching command. Without {@code returns}: {@code * NAME n n n} where NAME is the
     * command without {@code UID} (e.g. {@code * SORT 5 3 4}, RFC 5256 section 4), numbers in the
     * order given. With {@code returns} (RETURN was given, or a SEARCH under IMAP4rev2): {@code *
     * ESEARCH (TAG "t") [UID] [MIN n] [MAX n] [ALL set] [COUNT n] ...} (RFC 4731, RFC 9051 section
     * 7.3.4) for the results in the order given — MIN is the first, MAX the last, ALL keeps the
     * order with ascending runs as ranges (RFC 5267 section 3.2) — followed by the extension
     * options' data; and SAVE is performed (RFC 5182 section 2.1: MIN and/or MAX alone save just
     * those). Nothing is written when SAVE is the only option; an empty option list means ALL.
     * {@link CommandObserver}s' data ends either form.
     *
     * @param command the command name, upper case ({@code UID SORT}); a {@code UID} form answers UIDs
     * @param returns the parsed RETURN options, or null for the plain response
     * @param result what {@link #search} found
     * @param numbers the results as the client is to see them (sequence numbers or UIDs)
     * @param uids the UIDs of the same messages, index by index (what SAVE stores, what observers see)
     */
    void answer(SessionContext session, String command, Returns returns, Result result, long[] numbers, long[] uids)
            throws IOException;

    /**
     * Sets the saved result {@code $} (RFC 5182) of the session to these UIDs (any order), or
     * empties it with an empty array — as a failed searching command with SAVE must.
     */
    void save(SessionContext session, long[] uids);
}
