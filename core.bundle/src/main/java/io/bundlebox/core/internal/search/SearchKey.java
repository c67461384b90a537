package io.bundlebox.core.internal.search;

import io.bundlebox.imap.api.SequenceSet;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A parsed search key (RFC 9051 section 6.4.4): the keys of the RFC reduce to these few shapes,
 * e.g. {@code UNSEEN} is {@code Flag("\Seen", false)} and {@code FROM x} is
 * {@code Header("from", x)}. {@link #toString()} gives a canonical IMAP-like rendering used in
 * diagnostics and tests.
 */
public sealed interface SearchKey {

    /** What evaluating a key needs, cheapest first; ANDed keys are evaluated in this order. */
    enum Cost {
        /** The index record and the session's view: flags, dates, sizes, numbers. */
        RECORD,
        /** The decoded header fields (cached per message). */
        HEADERS,
        /** The message content, parsed. */
        BODY
    }

    /** The most expensive thing this key needs. */
    Cost cost();

    /** {@code ALL}, {@code OLD}: every message. */
    record All() implements SearchKey {
        public Cost cost() {
            return Cost.RECORD;
        }

        @Override
        public String toString() {
            return "ALL";
        }
    }

    /**
     * {@code RECENT} (RFC 3501 section 6.4.4): messages that are \Recent in this session; none in
     * an IMAP4rev2 session (RFC 9051 appendix E). {@code NEW} is RECENT UNSEEN, {@code OLD} NOT RECENT.
     */
    record Recent() implements SearchKey {
        public Cost cost() {
            return Cost.RECORD;
        }

        @Override
        public String toString() {
            return "RECENT";
        }
    }

    /** Matches no message. */
    record None() implements SearchKey {
        public Cost cost() {
            return Cost.RECORD;
        }

        @Override
        public String toString() {
            return "NONE";
        }
    }

    /**
     * {@code sequence-set}: messages by sequence number; {@code *} is the last message. Numbers
     * beyond the mailbox match nothing (a search, unlike FETCH, is not refused for them, so that
     * {@code SEARCH 1:* UNSEEN} works on an empty mailbox).
     */
    record SequenceNumbers(SequenceSet set) implements SearchKey {
        public Cost cost() {
            return Cost.RECORD;
        }

        @Override
        public String toString() {
            return "SEQ " + set;
        }
    }

    /** {@code UID sequence-set}: messages by UID; {@code *} is the largest UID. */
    record Uids(SequenceSet set) implements SearchKey {
        public Cost cost() {
            return Cost.RECORD;
        }

        @Override
        public String toString() {
            return "UID " + set;
        }
    }

    /** {@code $} (alone or after {@code UID}): the saved search result (section 6.4.4.1). */
    record SavedResult() implements SearchKey {
        public Cost cost() {
            return Cost.RECORD;
        }

        @Override
        public String toString() {
            return "$";
        }
    }

    /**
     * A flag test: {@code SEEN}/{@code UNSEEN} and the other system flags, {@code KEYWORD}/{@code UNKEYWORD}.
     *
     * @param flag canonical system flag ({@code \Seen}) or keyword, compared case-insensitively
     * @param present true to match messages that carry it, false for those that do not
     */
    record Flag(String flag, boolean present) implements SearchKey {
        public Cost cost() {
            return Cost.RECORD;
        }

        @Override
        public String toString() {
            return (present ? "KEYWORD " : "UNKEYWORD ") + flag;
        }
    }

    /** How a date key compares a message's date with its argument. */
    enum DateRelation { BEFORE, ON, SINCE }

    /**
     * {@code BEFORE}/{@code ON}/{@code SINCE}: INTERNALDATE's date, time and zone disregarded;
     * the date is taken in the zone FETCH INTERNALDATE shows (UTC), so what a client sees is what
     * it finds.
     */
    record InternalDate(DateRelation relation, LocalDate date) implements SearchKey {
        public Cost cost() {
            return Cost.RECORD;
        }

        @Override
        public String toString() {
            return relation + " " + date;
        }
    }

    /**
     * {@code SENTBEFORE}/{@code SENTON}/{@code SENTSINCE}: the date part of the first Date:
     * header field as written (its time and zone disregarded); a message without a readable
     * Date: field matches none of them.
     */
    record SentDate(DateRelation relation, LocalDate date) implements SearchKey {
        public Cost cost() {
            return Cost.HEADERS;
        }

        @Override
        public String toString() {
            return "SENT" + relation + " " + date;
        }
    }

    /**
     * {@code LARGER n} / {@code SMALLER n}: RFC822.SIZE strictly above or below {@code octets}.
     */
    record Size(boolean larger, long octets) implements SearchKey {
        public Cost cost() {
            return Cost.RECORD;
        }

        @Override
        public String toString() {
            return (larger ? "LARGER " : "SMALLER ") + octets;
        }
    }

    /**
     * {@code HEADER name string}, and {@code SUBJECT} as the header field of that name: the string occurs in a decoded field
     * value; an empty string tests presence of the field.
     *
     * @param field the field name, lower case
     */
    record Header(String field, SearchString text) implements SearchKey {
        public Header {
            field = field.toLowerCase(Locale.ROOT);
        }

        public Cost cost() {
            return Cost.HEADERS;
        }

        @Override
        public String toString() {
            return "HEADER " + field + " " + text;
        }
    }

    /**
     * {@code FROM}, {@code TO}, {@code CC}, {@code BCC} (RFC 9051 section 6.4.4): the string occurs
     * in an address as a client shows it, parsed by {@link io.bundlebox.mime.Addresses} (comments
     * and folding white space inside an address are not part of it): its {@code mailbox@host} or
     * its display name; or, for what the parser cannot read, in the field value itself. An empty
     * string tests presence of the field.
     *
     * @param field the field name, lower case
     */
    record Address(String field, SearchString text) implements SearchKey {
        public Address {
            field = field.toLowerCase(Locale.ROOT);
        }

        public Cost cost() {
            return Cost.HEADERS;
        }

        @Override
        public String toString() {
            return field.toUpperCase(Locale.ROOT) + " " + text;
        }
    }

    /** {@code BODY string}: in the decoded text of the body, headers excluded. */
    record Body(SearchString text) implements SearchKey {
        public Cost cost() {
            return Cost.BODY;
        }

        @Override
        public String toString() {
            return "BODY " + text;
        }
    }

    /** {@code TEXT string}: in the decoded header fields or the body. */
    record Text(SearchString text) implements SearchKey {
        public Cost cost() {
            return Cost.BODY;
        }

        @Override
        public String toString() {
            return "TEXT " + text;
        }
    }

    /**
     * A key contributed by an extension ({@link io.bundlebox.imap.spi.SearchKeyParser}, e.g.
     * {@code MODSEQ} of RFC 7162), decided on the index record alone.
     *
     * @param name the key word, upper case, for diagnostics
     */
    record Extension(String name, java.util.function.Predicate<io.bundlebox.mailstore.MessageRecord> test)
            implements SearchKey {
        public Cost cost() {
            return Cost.RECORD;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** {@code NOT key}. */
    record Not(SearchKey key) implements SearchKey {
        public Cost cost() {
            return key.cost();
        }

        @Override
        public String toString() {
            return "NOT " + key;
        }
    }

    /** {@code OR key1 key2}. */
    record Or(SearchKey left, SearchKey right) implements SearchKey {
        public Cost cost() {
            return left.cost().compareTo(right.cost()) >= 0 ? left.cost() : right.cost();
        }

        @Override
        public String toString() {
            return "OR " + left + " " + right;
        }
    }

    /** Several keys that must all match: the criteria of a command, or a parenthesized list. */
    record And(List<SearchKey> keys) implements SearchKey {
        public And {
            keys = List.copyOf(keys);
        }

        public Cost cost() {
            Cost max = Cost.RECORD;
            for (SearchKey k : keys) {
                if (k.cost().compareTo(max) > 0) {
                    max = k.cost();
                }
            }
            return max;
        }

        @Override
        public String toString() {
            return keys.stream().map(SearchKey::toString).collect(Collectors.joining(" ", "(", ")"));
        }
    }
}
