package io.bundlebox.mailstore;

import io.bundlebox.mime.Address;
import io.bundlebox.mime.Addresses;
import io.bundlebox.mime.DateTimes;
import io.bundlebox.mime.EncodedWords;
import io.bundlebox.mime.HeaderBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * The header keys of one message that sorting, threading and notifications read for many
 * messages at once (DESIGN.md section 4.1), taken from the first top-level field of each name.
 * A store computes them when a message is appended or first seen and keeps them in its index
 * ({@link Mailbox#headerKeys}), so a command over 100k messages opens no message file.
 *
 * @param date the {@code Date:} field (RFC 5322 section 3.3) as epoch milliseconds normalised to
 *     UTC, an invalid zone counting as UTC and an invalid time as 00:00:00 (RFC 5256 section
 *     2.2); {@link #NO_DATE} when the field is missing or names no readable date
 * @param subject the {@code Subject:} field unfolded, RFC 2047 encoded words decoded; null when absent
 * @param from the {@code From:} addresses ({@link Addresses#parse}); empty when absent
 * @param to the {@code To:} addresses; empty when absent
 * @param cc the {@code Cc:} addresses; empty when absent
 * @param messageId the {@code Message-ID:} field unfolded, as written; null when absent
 * @param references the {@code References:} field unfolded, as written; null when absent
 * @param inReplyTo the {@code In-Reply-To:} field unfolded, as written; null when absent
 */
public record HeaderKeys(long date, String subject, List<Address> from, List<Address> to, List<Address> cc,
        String messageId, String references, String inReplyTo) {

    /** {@link #date()} of a message without a readable {@code Date:} field. */
    public static final long NO_DATE = Long.MIN_VALUE;

    /** The key under which stores cache the {@link #toCache()} form ({@link Mailbox#cache}); versioned. */
    public static final String CACHE_KEY = "headerkeys.v1";

    public HeaderKeys {
        from = List.copyOf(from);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
    }

    /** The field names (lower case) the keys are taken from. */
    private static final java.util.Set<String> FIELDS = java.util.Set.of("date", "subject", "from", "to", "cc",
            "message-id", "references", "in-reply-to");

    /**
     * The keys of the message whose content {@code ch} reads from its start: only its header
     * block is read ({@link HeaderBlock#read}).
     *
     * @throws java.io.IOException when it cannot be read
     */
    public static HeaderKeys read(java.nio.channels.ReadableByteChannel ch) throws java.io.IOException {
        byte[] block = HeaderBlock.read(ch);
        return parse(block, block.length);
    }

    /** The keys of a header block ({@link HeaderBlock#read}), {@code block[0, length)}. */
    public static HeaderKeys parse(byte[] block, int length) {
        String date = null;
        String subject = null;
        String from = null;
        String to = null;
        String cc = null;
        String messageId = null;
        String references = null;
        String inReplyTo = null;
        for (HeaderBlock.Field f : HeaderBlock.fields(block, length, FIELDS)) {
            String v = f.value();
            switch (f.name().toLowerCase(java.util.Locale.ROOT)) {
                case "date" -> date = date == null ? v : date;
                case "subject" -> subject = subject == null ? v : subject;
                case "from" -> from = from == null ? v : from;
                case "to" -> to = to == null ? v : to;
                case "cc" -> cc = cc == null ? v : cc;
                case "message-id" -> messageId = messageId == null ? v : messageId;
                case "references" -> references = references == null ? v : references;
                case "in-reply-to" -> inReplyTo = inReplyTo == null ? v : inReplyTo;
                default -> {
                    // not a key
                }
            }
        }
        DateTimes.DateTime dt = DateTimes.parse(date);
        return new HeaderKeys(dt == null ? NO_DATE : dt.epochMillis(), EncodedWords.decode(subject),
                Addresses.parse(from), Addresses.parse(to), Addresses.parse(cc), messageId, references, inReplyTo);
    }

    /** A compact string form for a store's cache; {@link #fromCache} reads it back. */
    public String toCache() {
        StringBuilder sb = new StringBuilder(128);
        sb.append(date).append(';');
        put(sb, subject);
        put(sb, from);
        put(sb, to);
        put(sb, cc);
        put(sb, messageId);
        put(sb, references);
        put(sb, inReplyTo);
        return sb.toString();
    }

    /** Reads {@link #toCache()}'s form; null when {@code s} is not such a form (a store recomputes then). */
    public static HeaderKeys fromCache(String s) {
        try {
            Reader r = new Reader(s);
            long date = Long.parseLong(s.substring(0, r.skipTo(';')));
            HeaderKeys k = new HeaderKeys(date, r.string(), r.addresses(), r.addresses(), r.addresses(),
                    r.string(), r.string(), r.string());
            return r.pos == s.length() ? k : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void put(StringBuilder sb, String v) {
        if (v == null) {
            sb.append('~');
        } else {
            sb.append(v.length()).append(':').append(v);
        }
    }

    private static void put(StringBuilder sb, List<Address> list) {
        sb.append(list.size()).append('*');
        for (Address a : list) {
            put(sb, a.name());
            put(sb, a.route());
            put(sb, a.mailbox());
            put(sb, a.host());
        }
    }

    /** Reads the length-prefixed fields of the cache form. */
    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
        }

        int skipTo(char c) {
            int at = s.indexOf(c, pos);
            if (at < 0) {
                throw new IllegalArgumentException("no " + c);
            }
            pos = at + 1;
            return at;
        }

        String string() {
            if (s.charAt(pos) == '~') {
                pos++;
                return null;
            }
            int start = pos;
            int n = Integer.parseInt(s, start, skipTo(':'), 10);
            String v = s.substring(pos, pos + n);
            pos += n;
            return v;
        }

        List<Address> addresses() {
            int start = pos;
            int n = Integer.parseInt(s, start, skipTo('*'), 10);
            List<Address> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(new Address(string(), string(), string(), string()));
            }
            return out;
        }
    }
}
