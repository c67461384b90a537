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
import io.bundlebox.imap.spi.SearchData;
import io.bundlebox.imap.spi.SearchKeyParser;
import io.bundlebox.imap.spi.SearchOutcome;
import io.bundlebox.imap.spi.SearchReturnOption;
import io.bundlebox.imap.spi.SearchService;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.MailboxSnapshot;
import java.io.IOException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The core's {@link SearchService}: the one parser, evaluator and ESEARCH writer behind SEARCH
 * (RFC 9051 section 6.4.4) and every extension command that searches (DESIGN.md section 4.1).
 * Stateless; the saved result {@code $} lives in the session ({@link MessageSets#SAVED_RESULT}).
 */
public final class Searches implements SearchService {

    /** The one instance, registered as the service and used by SEARCH. */
    public static final Searches INSTANCE = new Searches();

    /** BEFORE/ON/SINCE take INTERNALDATE's date in the zone FETCH INTERNALDATE shows it in. */
    private static final ZoneId INTERNALDATE_ZONE = ZoneOffset.UTC;

    /** A RETURN option of an extension ({@link SearchReturnOption}) with its parsed arguments. */
    record ExtensionReturn(SearchReturnOption option, Object value) {
    }

    /** A parsed RETURN list. */
    record ParsedReturns(Set<ReturnOption> options, List<ExtensionReturn> extensions) implements Returns {
        @Override
        public boolean hasExtensions() {
            return !extensions.isEmpty();
        }
    }

    /**
     * Parsed criteria.
     *
     * @param extensionKeys names (upper case) of the extension keys used, for command observers
     */
    record ParsedProgram(SearchKey criteria, Set<String> extensionKeys) implements Program {
    }

    private Searches() {
    }

    @Override
    public Program parse(ImapReader in, SessionContext session, CharsetForm form) throws IOException, ImapException {
        Set<String> used = new LinkedHashSet<>();
        SearchKey criteria = form == CharsetForm.POSITIONAL
                ? SearchParser.criteria(in, extensionKeys((Session) session, used))
                : SearchParser.program(in, null, extensionKeys((Session) session, used));
        return new ParsedProgram(criteria, Set.copyOf(used));
    }

    /** A search program whose first atom the caller already read (SEARCH looking for RETURN). */
    ParsedProgram parse(ImapReader in, Session session, String firstWord) throws IOException, ImapException {
        Set<String> used = new LinkedHashSet<>();
        SearchKey criteria = SearchParser.program(in, firstWord, extensionKeys(session, used));
        return new ParsedProgram(criteria, Set.copyOf(used));
    }

    /**
     * {@code "(" [search-return-opt *(SP search-return-opt)] ")"}: the RFC's options, and those
     * of {@link SearchReturnOption} extensions, which read their own arguments.
     */
    @Override
    public ParsedReturns parseReturns(ImapReader in, SessionContext context) throws IOException, ImapException {
        Session session = (Session) context;
        Set<ReturnOption> options = EnumSet.noneOf(ReturnOption.class);
        List<ExtensionReturn> extensions = new ArrayList<>();
        in.expect('(');
        if (in.skipIf(')')) {
            return new ParsedReturns(options, List.of());
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
        return new ParsedReturns(options, List.copyOf(extensions));
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
    public Result search(Program program, SessionContext context) throws IOException, ImapException {
        Session session = (Session) context;
        SelectedView view = session.view();
        if (view == null) {
            throw ImapException.no("No mailbox selected");
        }
        try {
            MailboxSnapshot snapshot = view.mailbox().snapshot();
            long[] saved = MessageSets.uids(session, SequenceSet.savedResult(), true);
            SearchEvaluator.Result r = SearchEvaluator.search(((ParsedProgram) program).criteria(),
                    scope(view, snapshot, MailboxMessageText.source(view.mailbox()), saved), INTERNALDATE_ZONE);
            return new Result(r.seqs(), r.uids(), ((ParsedProgram) program).extensionKeys(), snapshot,
                    r.unevaluated() > 0 || MessageSets.someGone(view.mailbox(), r.uids()));
        } catch (MailStoreException e) {
            throw ImapException.no(e.code(), e.getMessage());
        }
    }

    @Override
    public void answer(SessionContext session, String command, Returns returns, Result result, long[] numbers,
            long[] uids) throws IOException {
        boolean uid = command.startsWith("UID ");
        List<SearchData> data = observed((Session) session, command, result, uids);
        if (returns == null) {
            writePlain(session.out(), uid ? command.substring(4) : command, numbers, data);
            return;
        }
        ParsedReturns r = (ParsedReturns) returns;
        Set<ReturnOption> options = r.options().isEmpty() && r.extensions().isEmpty()
                ? EnumSet.of(ReturnOption.ALL) : r.options();
        if (!options.equals(EnumSet.of(ReturnOption.SAVE)) || !r.extensions().isEmpty()) {
            writeEsearch(session.out(), ((Session) session).commandTag(), uid, options, r.extensions(), numbers, data);
        }
        if (options.contains(ReturnOption.SAVE)) {
            save(session, savedUids(options, uids));
        }
    }

    /** What the {@link CommandObserver}s add to this result (e.g. RFC 7162's MODSEQ), in their order. */
    private static List<SearchData> observed(Session session, String command, Result result, long[] uids) {
        SearchOutcome outcome = null;
        List<SearchData> data = new ArrayList<>();
        for (var o : session.extensions().all(CommandObserver.class)) {
            if (outcome == null) {
                outcome = new SearchOutcome(command, result.extensionKeys(), uids, result.snapshot());
            }
            data.addAll(o.service().searched(session, outcome));
        }
        return data;
    }

    /**
     * {@code * SEARCH n n n} (RFC 3501 section 7.2.5) or {@code * SORT n n n} (RFC 5256 section
     * 4), with observers' data at the end as {@code (NAME value)} (RFC 7162 section 3.1.6).
     */
    private static void writePlain(ResponseWriter out, String name, long[] numbers, List<SearchData> data)
            throws IOException {
        out.untagged().raw(name);
        for (long n : numbers) {
            out.sp().number(n); // into the writer's buffer: no 200 KB String for 33,000 UIDs
        }
        for (SearchData d : data) {
            out.raw(" (").atom(d.name()).sp().raw(d.value()).raw(")");
        }
        out.crlf();
    }

    @Override
    public void save(SessionContext session, long[] uids) {
        long[] sorted = uids.clone();
        Arrays.sort(sorted);
        session.attribute(MessageSets.SAVED_RESULT, sorted.length == 0 ? null : sorted);
    }

    /**
     * What SAVE stores (RFC 5182 section 2.1, table): MIN and/or MAX alone save just those
     * messages (the first and last in the answer's order); with ALL or COUNT every match.
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

    /**
     * {@code * ESEARCH (TAG "t") [UID] ...} (RFC 9051 section 7.3.4); no MIN/MAX/ALL for no match;
     * extension data after the RFC's.
     */
    private static void writeEsearch(ResponseWriter out, String tag, boolean uid, Set<ReturnOption> options,
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
}
