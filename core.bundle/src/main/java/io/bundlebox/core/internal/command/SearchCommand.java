package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.search.MailboxMessageText;
import io.bundlebox.core.internal.search.MessageText;
import io.bundlebox.core.internal.search.SearchEvaluator;
import io.bundlebox.core.internal.search.SearchKey;
import io.bundlebox.core.internal.search.SearchParser;
import io.bundlebox.core.internal.server.Extensions;
import io.bundlebox.core.internal.server.SelectedView;
import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SequenceSet;
import io.bundlebox.imap.spi.CommandObserver;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SearchData;
import io.bundlebox.imap.spi.SearchOutcome;
import io.bundlebox.imap.spi.SearchKeyParser;
import io.bundlebox.imap.spi.SearchReturnOption;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.MailboxSnapshot;
import java.io.IOException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

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
 * response; using either marks the extension's bundle as used by the session. {@link CommandObserver}s
 * add data to the result (e.g. {@code (MODSEQ n)} when the criteria used RFC 7162's MODSEQ key).
 *
 * <p>{@code RETURN (SAVE)} stores the result, as UIDs, in {@link MessageSets#SAVED_RESULT}, where
 * every command that accepts {@code $} finds it through {@link MessageSets#uids}; SELECT,
 * EXAMINE, CLOSE and UNSELECT reset it.
 */
final class SearchCommand extends CoreCommand<SearchCommand.Args> {

    /** The result options of section 6.4.4. */
    enum ReturnOption { MIN, MAX, ALL, COUNT, SAVE }

    /** A RETURN option of an extension ({@link SearchReturnOption}) with its parsed arguments. */
    record ExtensionReturn(SearchReturnOption option, Object value) {
    }

    /**
     * A parsed (UID) SEARCH.
     *
     * @param returnOptions the RFC's RETURN options as given, or null without RETURN ({@code RETURN ()} is empty)
     * @param extensionReturns RETURN options of extensions, in the order given
     * @param criteria the search keys, ANDed
     * @param extensionKeys names of the extension search keys the criteria use (for command observers)
     */
    record Args(Set<ReturnOption> returnOptions, List<ExtensionReturn> extensionReturns, SearchKey criteria,
            Set<String> extensionKeys) {
    }

    /** BEFORE/ON/SINCE take INTERNALDATE's date in the zone FETCH INTERNALDATE shows it in. */
    private static final ZoneId INTERNALDATE_ZONE = ZoneOffset.UTC;

    private final boolean uid;

    /** @param uid true for UID SEARCH: the criteria are the same, the results are UIDs */
    SearchCommand(boolean uid) {
        this.uid = uid;
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.sp();
        Set<ReturnOption> returns = null;
        List<ExtensionReturn> extensionReturns = new ArrayList<>();
        String word = null;
        int next = in.peek();
        if ((next >= 'A' && next <= 'Z') || (next >= 'a' && next <= 'z')) { // RETURN, CHARSET or a key name
            word = in.keyword();
            if (word.equals("RETURN")) {
                in.sp();
                returns = returnOptions(in, (Session) session, extensionReturns);
                in.sp();
                word = null;
            }
        }
        try {
            Set<String> keysUsed = new java.util.LinkedHashSet<>();
            SearchKey criteria = SearchParser.program(in, word, extensionKeys((Session) session, keysUsed));
            in.crlf();
            return new Args(returns, List.copyOf(extensionReturns), criteria, Set.copyOf(keysUsed));
        } catch (ImapException e) {
            if (e.kind() == ImapException.Kind.NO && returns != null && returns.contains(ReturnOption.SAVE)) {
                session.attribute(MessageSets.SAVED_RESULT, null); // section 6.4.4.1: a failed SAVE empties $
            }
            throw e;
        }
    }

    /**
     * {@code "(" [search-return-opt *(SP search-return-opt)] ")"}: the RFC's options, and those
     * of {@link SearchReturnOption} extensions, which read their own arguments.
     */
    private static Set<ReturnOption> returnOptions(ImapReader in, Session session, List<ExtensionReturn> extensions)
            throws IOException, ImapException {
        Set<ReturnOption> options = EnumSet.noneOf(ReturnOption.class);
        in.expect('(');
        if (in.skipIf(')')) {
            return options;
        }
        do {
            String name = in.keyword();
            ReturnOption core = coreOption(name);
            if (core != null) {
                options.add(core);
                continue;
            }
            Extensions.Tracked<SearchReturnOption> ext = session.extensions()
                    .named(SearchReturnOption.class, name, SearchReturnOption::name);
            if (ext == null) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Unknown SEARCH return option " + name);
            }
            session.used(ext.bundleId());
            extensions.add(new ExtensionReturn(ext.service(), ext.service().parse(in, session)));
        } while (in.skipIf(' '));
        in.expect(')');
        return options;
    }

    private static ReturnOption coreOption(String name) {
        for (ReturnOption o : ReturnOption.values()) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        return null;
    }

    /**
     * Search keys of {@link SearchKeyParser} extensions; the session remembers the bundles it used,
     * {@code used} the names of the keys.
     */
    private static SearchParser.ExtensionKeys extensionKeys(Session session, Set<String> used) {
        return (word, in) -> {
            Extensions.Tracked<SearchKeyParser> ext = session.extensions()
                    .named(SearchKeyParser.class, word, SearchKeyParser::key);
            if (ext == null) {
                return null;
            }
            session.used(ext.bundleId());
            used.add(ext.service().key().toUpperCase(java.util.Locale.ROOT));
            return ext.service().parse(in, session);
        };
    }

    @Override
    Completion run(Args args, Session session) throws IOException, ImapException, MailStoreException {
        // new messages are searched too: EXISTS goes out before the result that may name them
        session.reportChanges(uid);
        SelectedView view = session.view();
        MailboxSnapshot snapshot = view.mailbox().snapshot();
        long[] saved = MessageSets.uids(session, SequenceSet.savedResult(), true);
        boolean save = args.returnOptions() != null && args.returnOptions().contains(ReturnOption.SAVE);
        if (save) {
            session.attribute(MessageSets.SAVED_RESULT, null); // stays empty should the search fail (6.4.4.1)
        }
        SearchEvaluator.Result result = SearchEvaluator.search(args.criteria(),
                scope(view, snapshot, MailboxMessageText.source(view.mailbox()), saved), INTERNALDATE_ZONE);
        long[] numbers = uid ? result.uids() : toLongs(result.seqs());
        List<SearchData> data = observed(session, args, result.uids(), snapshot);
        Set<ReturnOption> options = effectiveOptions(args, session);
        if (options == null) {
            writeSearch(session.out(), numbers, data);
        } else if (!options.equals(EnumSet.of(ReturnOption.SAVE)) || !args.extensionReturns().isEmpty()) {
            writeEsearch(session.out(), session.commandTag(), options, args.extensionReturns(), numbers, data);
        }
        if (save) {
            session.attribute(MessageSets.SAVED_RESULT, savedUids(options, result.uids()));
        }
        // messages expunged by another session (before or while searching) could not be evaluated:
        // OK [EXPUNGEISSUED], never NO (RFC 9051 section 7.1)
        if (result.unevaluated() > 0 || MessageSets.someGone(view.mailbox(), result.uids())) {
            return Completion.ok(ResponseCode.EXPUNGEISSUED, (uid ? "UID SEARCH" : "SEARCH")
                    + " completed; some messages were expunged by another session");
        }
        return Completion.ok((uid ? "UID SEARCH" : "SEARCH") + " completed");
    }

    /**
     * The RFC's options to answer with, or null for an IMAP4rev1 {@code * SEARCH} response; a
     * SEARCH without any options (or with {@code RETURN ()}) in ESEARCH form means ALL.
     */
    private static Set<ReturnOption> effectiveOptions(Args args, Session session) {
        Set<ReturnOption> given = args.returnOptions();
        if (given == null && !session.isEnabled("IMAP4REV2")) {
            return null;
        }
        Set<ReturnOption> options = given == null ? EnumSet.noneOf(ReturnOption.class) : EnumSet.copyOf(given);
        if (options.isEmpty() && args.extensionReturns().isEmpty()) {
            options.add(ReturnOption.ALL);
        }
        return options;
    }

    /**
     * What SAVE stores (section 6.4.4.1, table 4): MIN and/or MAX alone save just those
     * messages; with ALL or COUNT every match.
     */
    private static long[] savedUids(Set<ReturnOption> options, long[] uids) {
        boolean minMaxOnly = !options.contains(ReturnOption.ALL) && !options.contains(ReturnOption.COUNT)
                && (options.contains(ReturnOption.MIN) || options.contains(ReturnOption.MAX));
        if (!minMaxOnly || uids.length == 0) {
            return uids;
        }
        long min = uids[0];
        long max = uids[uids.length - 1];
        if (options.contains(ReturnOption.MIN) && options.contains(ReturnOption.MAX) && min != max) {
            return new long[] {min, max};
        }
        return new long[] {options.contains(ReturnOption.MIN) ? min : max};
    }

    /** What the {@link CommandObserver}s add to this result (e.g. RFC 7162's MODSEQ), in their order. */
    private List<SearchData> observed(Session session, Args args, long[] uids, MailboxSnapshot snapshot) {
        SearchOutcome outcome = null;
        List<SearchData> data = new ArrayList<>();
        for (var o : session.extensions().all(CommandObserver.class)) {
            if (outcome == null) {
                outcome = new SearchOutcome(uid ? "UID SEARCH" : "SEARCH", args.extensionKeys(), uids, snapshot);
            }
            data.addAll(o.service().searched(session, outcome));
        }
        return data;
    }

    /**
     * {@code * SEARCH n n n} (RFC 3501 section 7.2.5), with observers' data at the end as
     * {@code (NAME value)} (RFC 7162 section 3.1.6).
     */
    private static void writeSearch(ResponseWriter out, long[] numbers, List<SearchData> data) throws IOException {
        out.untagged().raw("SEARCH");
        for (long n : numbers) {
            out.sp().number(n);
        }
        for (SearchData d : data) {
            out.raw(" (").atom(d.name()).sp().raw(d.value()).raw(")");
        }
        out.crlf();
    }

    /**
     * {@code * ESEARCH (TAG "t") [UID] ...} (RFC 9051 section 7.3.4); no MIN/MAX/ALL for no match;
     * extension data after the RFC's.
     */
    private void writeEsearch(ResponseWriter out, String tag, Set<ReturnOption> options,
            List<ExtensionReturn> extensions, long[] numbers, List<SearchData> data) throws IOException {
        out.untagged().raw("ESEARCH (TAG ").string(tag).raw(")");
        if (uid) {
            out.raw(" UID");
        }
        if (numbers.length > 0) {
            if (options.contains(ReturnOption.MIN)) {
                out.raw(" MIN ").number(numbers[0]);
            }
            if (options.contains(ReturnOption.MAX)) {
                out.raw(" MAX ").number(numbers[numbers.length - 1]);
            }
            if (options.contains(ReturnOption.ALL)) {
                out.raw(" ALL ").raw(SequenceSet.format(numbers));
            }
        }
        if (options.contains(ReturnOption.COUNT)) {
            out.raw(" COUNT ").number(numbers.length);
        }
        for (ExtensionReturn e : extensions) {
            out.sp();
            e.option().write(out, e.value(), numbers);
        }
        for (SearchData d : data) {
            out.sp().atom(d.name()).sp().raw(d.value());
        }
        out.crlf();
    }

    private static SearchEvaluator.Scope scope(SelectedView view, MailboxSnapshot snapshot, MessageText.Source texts,
            long[] saved) {
        return new SearchEvaluator.Scope() {
            @Override
            public int size() {
                return view.size();
            }

            @Override
            public long uid(int seq) {
                return view.uid(seq);
            }

            @Override
            public MailboxSnapshot snapshot() {
                return snapshot;
            }

            @Override
            public MessageText.Source texts() {
                return texts;
            }

            @Override
            public boolean recent(long uid) {
                return view.isRecent(uid);
            }

            @Override
            public long[] savedUids() {
                return saved;
            }
        };
    }

    private static long[] toLongs(int[] ints) {
        long[] out = new long[ints.length];
        for (int i = 0; i < ints.length; i++) {
            out[i] = ints[i];
        }
        return out;
    }
}
