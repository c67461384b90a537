package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.mime.FetchStructures;
import io.bundlebox.core.internal.mime.ImapWire;
import io.bundlebox.core.internal.mime.MimeParser;
import io.bundlebox.core.internal.mime.MimePart;
import io.bundlebox.core.internal.mime.Partial;
import io.bundlebox.core.internal.mime.Section;
import io.bundlebox.core.internal.mime.SectionContent;
import io.bundlebox.core.internal.mime.Sections;
import io.bundlebox.core.internal.mime.UnknownCteException;
import io.bundlebox.core.internal.server.FetchLine;
import io.bundlebox.core.internal.server.SelectedView;
import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.Flag;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SequenceSet;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.FetchOptions;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * FETCH and UID FETCH (RFC 9051 sections 6.4.5 and 6.4.9): every data item of section 6.4.5
 * (ENVELOPE, BODYSTRUCTURE, BODY, BODY[section]&lt;partial&gt;, BODY.PEEK, BINARY[.PEEK],
 * BINARY.SIZE, FLAGS, INTERNALDATE, RFC822.SIZE, UID, the macros, and IMAP4rev1's RFC822,
 * RFC822.HEADER, RFC822.TEXT). Message content is streamed from the store; ENVELOPE and
 * BODYSTRUCTURE are cached in the store's index after the first computation. A non-PEEK body
 * fetch sets {@code \Seen} in a read-write mailbox and reports the new FLAGS.
 */
final class FetchCommand extends CoreCommand<FetchCommand.Args> {

    /** @param set messages @param items data items, in request order @param options modifiers */
    record Args(SequenceSet set, List<FetchItem> items, FetchOptions options) {
    }

    private static final DateTimeFormatter INTERNALDATE =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ROOT);

    /** Suffix of the cache keys of ENVELOPE/BODYSTRUCTURE/BODY; raise it when their computation changes. */
    private static final String STRUCTURE_VERSION = ".3";

    private final boolean uidForm;

    FetchCommand(boolean uidForm) {
        this.uidForm = uidForm;
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.sp();
        SequenceSet set = in.sequenceSet();
        in.sp();
        Session s = (Session) session;
        List<FetchItem> items = new ArrayList<>(FetchParser.items(in, s));
        FetchOptions options = FetchParser.modifiers(in, s, uidForm);
        in.crlf();
        for (String implied : options.impliedItems()) {
            if (items.stream().noneMatch(i -> i instanceof FetchItem.Extension e && e.name().equals(implied))) {
                var ext = FetchParser.extensionItem(s, implied);
                if (ext != null) {
                    items.add(ext);
                }
            }
        }
        return new Args(set, items, options);
    }

    @Override
    Completion run(Args args, Session session) throws IOException, ImapException, MailStoreException {
        long[] uids = MessageSets.uids(session, args.set(), uidForm);
        Mailbox mailbox = session.selectedMailbox();
        boolean marksSeen = !session.selectedReadOnly() && args.items().stream().anyMatch(
                i -> i instanceof FetchItem.Section s && !s.peek());
        java.util.Set<Long> newlySeen = new java.util.HashSet<>();
        if (marksSeen && uids.length > 0) {
            MailboxSnapshot before = mailbox.snapshot();
            for (long uid : uids) {
                MessageRecord r = before.byUid(uid);
                if (r != null && !r.has(Flag.SEEN)) {
                    newlySeen.add(uid);
                }
            }
        }
        if (!newlySeen.isEmpty()) {
            // set \Seen first so the FLAGS written below are the new ones (section 6.4.5)
            long[] unseen = newlySeen.stream().mapToLong(Long::longValue).sorted().toArray();
            var result = mailbox.store(unseen, Mailbox.FlagMode.ADD, Set.of(Flag.SEEN), Long.MAX_VALUE);
            for (MessageRecord r : result.records()) {
                session.view().reported(r);
            }
        }
        for (FetchOptions.Step step : args.options().beforeSteps()) {
            step.run(session, args.set());
        }
        for (FetchOptions.Narrowing n : args.options().narrowings()) {
            uids = n.narrow(session, uids);
        }
        MailboxSnapshot snap = mailbox.snapshot();
        boolean expungedSeen = false;
        ResponseCode failure = null;
        Cursor cursor = new Cursor(snap, session.view());
        for (long uid : uids) {
            MessageRecord record = cursor.record(uid);
            int seq = cursor.seq(uid);
            if (record == null || seq == 0) {
                expungedSeen = true;
                continue;
            }
            try (MessageFetch fetch = new MessageFetch(mailbox, record)) {
                failure = fetch.write(session, seq, args.items(), uidForm, !newlySeen.isEmpty() && newlySeen.contains(uid));
            } catch (MailStoreException e) {
                if (!MessageSets.isGone(e)) {
                    throw e;
                }
                expungedSeen = true; // expunged after the snapshot: nothing of it was written
                continue;
            }
            if (failure != null) {
                break;
            }
        }
        if (failure != null) {
            return Completion.no(failure, "Cannot decode a part: unknown Content-Transfer-Encoding");
        }
        if (expungedSeen) {
            // RFC 9051 section 7.1: what could be sent was sent; the rest is gone, which is no failure
            return Completion.ok(ResponseCode.EXPUNGEISSUED, "Some messages were expunged by another session");
        }
        return Completion.ok((uidForm ? "UID FETCH" : "FETCH") + " completed");
    }

    /**
     * Finds records and sequence numbers of ascending UIDs by walking the snapshot and the view
     * alongside them (a message set is ascending: 1:* over 100k messages costs no binary search
     * per message); a UID below the last one asked falls back to a binary search.
     */
    private static final class Cursor {
        private final MailboxSnapshot snap;
        private final SelectedView view;
        private int at;
        private int seq = 1;
        private long last = -1;

        Cursor(MailboxSnapshot snap, SelectedView view) {
            this.snap = snap;
            this.view = view;
        }

        /** The record of {@code uid}, or null. */
        MessageRecord record(long uid) {
            if (uid < last) {
                return snap.byUid(uid);
            }
            while (at < snap.size() && snap.uid(at) < uid) {
                at++;
            }
            return at < snap.size() && snap.uid(at) == uid ? snap.get(at) : null;
        }

        /** The sequence number of {@code uid} in the view, or 0; call after {@link #record} for the same UID. */
        int seq(long uid) {
            if (uid < last) {
                return view.seqOf(uid);
            }
            last = uid;
            while (seq <= view.size() && view.uid(seq) < uid) {
                seq++;
            }
            return seq <= view.size() && view.uid(seq) == uid ? seq : 0;
        }
    }

    /**
     * Writes {@code * seq FETCH (...)} of {@code uid} with {@code items} without setting
     * {@code \Seen}; nothing when the message is not in the session's view or cannot be decoded.
     */
    static void writeOne(Session session, long uid, List<FetchItem> items) throws IOException, MailStoreException {
        int seq = session.sequenceOf(uid);
        MessageRecord record = seq == 0 ? null : session.selectedMailbox().snapshot().byUid(uid);
        if (record == null) {
            return;
        }
        try (MessageFetch fetch = new MessageFetch(session.selectedMailbox(), record)) {
            fetch.write(session, seq, items, false, false);
        }
    }

    /** The work of one message's FETCH response; opens and parses the content only if needed. */
    private static final class MessageFetch implements AutoCloseable {
        private final Mailbox mailbox;
        private final MessageRecord record;
        private SeekableByteChannel channel;
        private MimePart root;

        MessageFetch(Mailbox mailbox, MessageRecord record) {
            this.mailbox = mailbox;
            this.record = record;
        }

        private SeekableByteChannel channel() throws MailStoreException, IOException {
            if (channel == null) {
                channel = mailbox.content(record.uid());
            }
            return channel;
        }

        private MimePart root() throws MailStoreException, IOException {
            if (root == null) {
                root = MimeParser.parse(channel());
            }
            return root;
        }

        /**
         * The wire text of ENVELOPE, BODYSTRUCTURE or BODY, from the store's cache when there. The
         * cache key carries the computation's version, so values cached before a fix are not sent.
         */
        private String structure(String name) throws MailStoreException, IOException {
            String key = name + STRUCTURE_VERSION;
            String cached = mailbox.cached(record.uid(), key);
            if (cached != null) {
                return cached;
            }
            List<Object> tree = switch (name) {
                case "ENVELOPE" -> FetchStructures.envelope(root());
                case "BODYSTRUCTURE" -> FetchStructures.bodyStructure(root());
                default -> FetchStructures.body(root());
            };
            String wire = ImapWire.toWire(tree);
            mailbox.cache(record.uid(), key, wire);
            return wire;
        }

        /**
         * Writes {@code * seq FETCH (...)}.
         *
         * @return null, or UNKNOWN-CTE when a BINARY part cannot be decoded (nothing written then)
         */
        ResponseCode write(Session session, int seq, List<FetchItem> items, boolean uidForm, boolean flagsChanged)
                throws IOException, MailStoreException {
            // compute what can fail before the first octet of the response goes out
            List<Object> values = new ArrayList<>(items.size());
            for (FetchItem item : items) {
                try {
                    values.add(prepare(item));
                } catch (UnknownCteException e) {
                    return ResponseCode.UNKNOWN_CTE;
                }
            }
            if (flagsChanged || items.stream().anyMatch(i -> i.key().equals("FLAGS"))) {
                session.announceKeywords(record.flags()); // FLAGS first when a keyword is new to the client
            }
            FetchLine line = new FetchLine(session.out(), seq);
            if (uidForm) {
                line.item("UID").number(record.uid());
            }
            for (int i = 0; i < items.size(); i++) {
                FetchItem item = items.get(i);
                String name = item.key();
                if (line.has(name)) {
                    continue; // an item asked twice, or UID in UID FETCH: once
                }
                writeItem(session, line.next(name), item, values.get(i));
            }
            if (flagsChanged) {
                // the client did not ask for the flags in this form: the new FLAGS go out as any
                // unsolicited change does, with the change reporters' items (RFC 9051 6.4.5, RFC 7162 3.2.4)
                if (!line.has("FLAGS")) {
                    session.writeFlags(line.next("FLAGS"), record);
                }
                session.reports().unsolicited(line, record);
            }
            line.end();
            return null;
        }

        private Object prepare(FetchItem item) throws IOException, MailStoreException, UnknownCteException {
            if (item instanceof FetchItem.Simple s) {
                return switch (s.name()) {
                    case "ENVELOPE", "BODYSTRUCTURE", "BODY" -> structure(s.name());
                    default -> null;
                };
            }
            if (item instanceof FetchItem.Extension) {
                return null;
            }
            if (item instanceof FetchItem.BinarySize b) {
                String key = b.responseName();
                String cached = mailbox.cached(record.uid(), key);
                if (cached != null) {
                    return Long.parseLong(cached);
                }
                long size = Sections.binarySize(channel(), root(), list(b.part()));
                mailbox.cache(record.uid(), key, Long.toString(size));
                return size;
            }
            FetchItem.Section s = (FetchItem.Section) item;
            channel(); // open now: a message gone from the store must fail before the response starts
            Partial partial = s.offset() < 0 ? null : new Partial(s.offset(), s.length());
            if (s.binary()) {
                return Sections.binary(channel(), root(), list(s.part()), partial, -1);
            }
            if (s.part().length == 0 && s.text().isEmpty()) {
                // the whole message: no parse needed
                SectionContent whole = new SectionContent.Range(0, record.size());
                return partial == null ? whole : whole.partial(partial);
            }
            Section section = new Section(list(s.part()), text(s.text()), s.fields());
            return Sections.body(channel(), root(), section, partial);
        }

        private void writeItem(Session session, ResponseWriter out, FetchItem item, Object value) throws IOException, MailStoreException {
            if (item instanceof FetchItem.Simple s) {
                switch (s.name()) {
                    case "FLAGS" -> session.writeFlags(out, record);
                    case "UID" -> out.raw("UID ").number(record.uid());
                    case "INTERNALDATE" -> out.raw("INTERNALDATE \"")
                            .raw(INTERNALDATE.format(record.internalDate().atOffset(ZoneOffset.UTC))).raw("\"");
                    case "RFC822.SIZE" -> out.raw("RFC822.SIZE ").number(record.size());
                    default -> out.raw(s.name()).sp().raw((String) value);
                }
                return;
            }
            if (item instanceof FetchItem.Extension e) {
                out.raw(e.name()).sp();
                try {
                    e.attribute().write(session, record, out);
                } catch (ImapException ex) {
                    out.raw("NIL");
                }
                return;
            }
            if (item instanceof FetchItem.BinarySize b) {
                long size = (Long) value;
                out.raw(b.responseName()).sp();
                if (size < 0) {
                    out.raw("NIL");
                } else {
                    out.number(size);
                }
                return;
            }
            FetchItem.Section s = (FetchItem.Section) item;
            SectionContent content = (SectionContent) value;
            out.raw(s.responseName());
            if (s.offset() >= 0) {
                out.raw("<").number(s.offset()).raw(">");
            }
            out.sp();
            if (!content.exists()) {
                // a part that does not exist: BINARY answers NIL (RFC 3516 section 4.2), BODY the
                // empty string, always as a literal like all section data (some clients parse only that)
                if (s.binary()) {
                    out.raw("NIL");
                } else {
                    out.raw("{0}").crlf();
                }
                return;
            }
            try (InputStream body = content.open(channel())) {
                out.literal(content.length(), Channels.newChannel(body), s.binary());
            }
        }

        private static Section.Text text(String t) {
            return switch (t) {
                case "" -> Section.Text.NONE;
                case "HEADER" -> Section.Text.HEADER;
                case "HEADER.FIELDS" -> Section.Text.HEADER_FIELDS;
                case "HEADER.FIELDS.NOT" -> Section.Text.HEADER_FIELDS_NOT;
                case "TEXT" -> Section.Text.TEXT;
                default -> Section.Text.MIME;
            };
        }

        private static List<Integer> list(int[] part) {
            return Arrays.stream(part).boxed().toList();
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }
    }
}
