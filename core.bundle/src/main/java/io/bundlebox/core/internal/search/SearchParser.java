package io.bundlebox.core.internal.search;

import io.bundlebox.core.internal.search.SearchKey.DateRelation;
import io.bundlebox.imap.api.Flag;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SequenceSet;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Reads a {@code search-program} (RFC 9051 section 9): {@code ["CHARSET" SP charset SP]
 * search-key *(SP search-key)}, every key of section 6.4.4 plus the IMAP4rev1 keys
 * {@code NEW}, {@code OLD} and {@code RECENT} (RFC 3501 section 6.4.4) and {@code $}
 * (RFC 5182). Syntax errors and unknown keys raise BAD naming what was expected; an unsupported
 * charset raises {@code NO [BADCHARSET (UTF-8)]}. Nesting (parentheses, NOT, OR) is limited to
 * {@link io.bundlebox.imap.wire.WireLimits#maxNesting()} levels so that a hostile command gets a
 * BAD, not a stack overflow.
 */
public final class SearchParser {

    /** {@code [BADCHARSET (UTF-8)]}: the charsets we accept besides US-ASCII, its subset. */
    public static final ResponseCode BADCHARSET = ResponseCode.of("BADCHARSET", "(UTF-8)");

    /** Search keys beyond the RFC's, from extensions (DESIGN.md section 4, {@code SearchKeyParser}). */
    @FunctionalInterface
    public interface ExtensionKeys {
        /** No extension keys. */
        ExtensionKeys NONE = (word, in) -> null;

        /**
         * Reads the arguments of the extension key {@code word} (the reader stands right after
         * the word) and returns its test, or null when no extension offers that key.
         */
        Predicate<MessageRecord> parse(String word, ImapReader in) throws IOException, ImapException;
    }

    private final ImapReader in;
    private final ExtensionKeys extensions;
    private final int maxDepth;

    private SearchParser(ImapReader in, ExtensionKeys extensions) {
        this.in = in;
        this.extensions = extensions;
        this.maxDepth = in.limits().maxNesting();
    }

    /**
     * Reads a search program up to (not including) the CRLF.
     *
     * @param in the reader, standing on the first token of the program (after SP)
     * @param firstWord an atom of the program the caller already consumed while looking for
     *     {@code RETURN}, or null
     * @return the criteria, several top-level keys as one {@link SearchKey.And}
     * @throws ImapException BAD on syntax errors; NO [BADCHARSET] for a charset other than UTF-8/US-ASCII
     */
    public static SearchKey program(ImapReader in, String firstWord) throws IOException, ImapException {
        return program(in, firstWord, ExtensionKeys.NONE);
    }

    /**
     * Reads a search program whose keys may also be {@code extensions}' keys.
     *
     * @see #program(ImapReader, String)
     */
    public static SearchKey program(ImapReader in, String firstWord, ExtensionKeys extensions)
            throws IOException, ImapException {
        SearchParser p = new SearchParser(in, extensions);
        String word = firstWord;
        if (word == null && startsWord(in)) {
            word = in.keyword();
        }
        if ("CHARSET".equals(word)) {
            in.sp();
            checkCharset(in.peekIs('"') ? in.quoted() : in.atom());
            in.sp();
            word = null;
        }
        return p.keys(word);
    }

    /**
     * Reads {@code search-criteria} as RFC 5256 section 5 defines it for SORT and THREAD:
     * {@code charset 1*(SP search-key)}, the charset mandatory and positional, up to (not
     * including) the CRLF.
     *
     * @throws ImapException BAD on syntax errors; NO [BADCHARSET] for a charset other than UTF-8/US-ASCII
     */
    public static SearchKey criteria(ImapReader in, ExtensionKeys extensions) throws IOException, ImapException {
        checkCharset(in.peekIs('"') ? in.quoted() : in.atom());
        in.sp();
        return new SearchParser(in, extensions).keys(null);
    }

    /** {@code search-key *(SP search-key)}, ANDed; {@code word} is the first key's name if already read. */
    private SearchKey keys(String word) throws IOException, ImapException {
        List<SearchKey> keys = new ArrayList<>();
        keys.add(key(word, 0));
        while (in.skipIf(' ')) {
            keys.add(key(null, 0));
        }
        return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    }

    private static void checkCharset(String charset) throws ImapException {
        String c = charset.toUpperCase(Locale.ROOT);
        if (!c.equals("UTF-8") && !c.equals("US-ASCII")) {
            throw ImapException.no(BADCHARSET, "Charset " + charset + " is not supported; use UTF-8");
        }
    }

    /** True when the next token is an atom (a key name), not a number, {@code *}, {@code $} or list. */
    private static boolean startsWord(ImapReader in) throws IOException {
        int b = in.peek();
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    }

    /** One search-key; {@code word} is its already-read name, or null to read it here. */
    private SearchKey key(String word, int depth) throws IOException, ImapException {
        if (depth >= maxDepth) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "Search keys nested more than " + maxDepth + " levels deep");
        }
        if (word == null) {
            int b = in.peek();
            if (b == '(') {
                return list(depth);
            }
            if ((b >= '0' && b <= '9') || b == '*' || b == '$') {
                return sequenceKey(in.sequenceSet(), false);
            }
            if (!startsWord(in)) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected a search key, found " + describe(b));
            }
            word = in.keyword();
        }
        return switch (word) {
            case "ALL" -> new SearchKey.All();
            case "RECENT" -> new SearchKey.Recent();
            case "NEW" -> new SearchKey.And(List.of(new SearchKey.Recent(), flag(Flag.SEEN, false)));
            case "OLD" -> new SearchKey.Not(new SearchKey.Recent());
            case "ANSWERED" -> flag(Flag.ANSWERED, true);
            case "DELETED" -> flag(Flag.DELETED, true);
            case "DRAFT" -> flag(Flag.DRAFT, true);
            case "FLAGGED" -> flag(Flag.FLAGGED, true);
            case "SEEN" -> flag(Flag.SEEN, true);
            case "UNANSWERED" -> flag(Flag.ANSWERED, false);
            case "UNDELETED" -> flag(Flag.DELETED, false);
            case "UNDRAFT" -> flag(Flag.DRAFT, false);
            case "UNFLAGGED" -> flag(Flag.FLAGGED, false);
            case "UNSEEN" -> flag(Flag.SEEN, false);
            case "KEYWORD" -> new SearchKey.Flag(in.sp().flag(), true);
            case "UNKEYWORD" -> new SearchKey.Flag(in.sp().flag(), false);
            case "BEFORE" -> new SearchKey.InternalDate(DateRelation.BEFORE, in.sp().date());
            case "ON" -> new SearchKey.InternalDate(DateRelation.ON, in.sp().date());
            case "SINCE" -> new SearchKey.InternalDate(DateRelation.SINCE, in.sp().date());
            case "SENTBEFORE" -> new SearchKey.SentDate(DateRelation.BEFORE, in.sp().date());
            case "SENTON" -> new SearchKey.SentDate(DateRelation.ON, in.sp().date());
            case "SENTSINCE" -> new SearchKey.SentDate(DateRelation.SINCE, in.sp().date());
            case "LARGER" -> new SearchKey.Size(true, in.sp().number64());
            case "SMALLER" -> new SearchKey.Size(false, in.sp().number64());
            case "FROM", "TO", "CC", "BCC" -> new SearchKey.Address(word, text());
            case "SUBJECT" -> new SearchKey.Header(word, text());
            case "HEADER" -> new SearchKey.Header(in.sp().astring(), text());
            case "BODY" -> new SearchKey.Body(text());
            case "TEXT" -> new SearchKey.Text(text());
            case "UID" -> sequenceKey(in.sp().sequenceSet(), true);
            case "NOT" -> new SearchKey.Not(operand(depth));
            case "OR" -> {
                SearchKey left = operand(depth);
                yield new SearchKey.Or(left, operand(depth));
            }
            default -> extensionKey(word);
        };
    }

    private SearchKey extensionKey(String word) throws IOException, ImapException {
        Predicate<MessageRecord> test = extensions.parse(word, in);
        if (test == null) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "Unknown search key " + word);
        }
        return new SearchKey.Extension(word, test);
    }

    /** SP and the key that NOT or OR applies to, one level deeper. */
    private SearchKey operand(int depth) throws IOException, ImapException {
        in.sp();
        return key(null, depth + 1);
    }

    private static String describe(int b) {
        if (b < 0) {
            return "end of input";
        }
        if (b == '\r' || b == '\n') {
            return "end of line";
        }
        return b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("\\x%02x", b);
    }

    private SearchString text() throws IOException, ImapException {
        return new SearchString(in.sp().astringLatin1Fallback());
    }

    private static SearchKey flag(String flag, boolean present) {
        return new SearchKey.Flag(flag, present);
    }

    private static SearchKey sequenceKey(SequenceSet set, boolean uid) {
        if (set.isSavedResult()) {
            return new SearchKey.SavedResult();
        }
        return uid ? new SearchKey.Uids(set) : new SearchKey.SequenceNumbers(set);
    }

    /** {@code "(" search-key *(SP search-key) ")"}. */
    private SearchKey list(int depth) throws IOException, ImapException {
        in.expect('(');
        List<SearchKey> keys = new ArrayList<>();
        do {
            keys.add(key(null, depth + 1));
        } while (in.skipIf(' '));
        in.expect(')');
        return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    }
}
