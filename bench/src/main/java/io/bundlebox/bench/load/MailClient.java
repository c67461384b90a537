package io.bundlebox.bench.load;

import io.bundlebox.bench.load.ImapConnection.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One client session on one user, checking every answer against the user's {@link UserModel}:
 * the messages the session was told about ({@code * n EXISTS}, {@code * n EXPUNGE}, RFC 9051
 * sections 7.4.1 and 7.5.1) must be the model's, every FETCH's UID and FLAGS must be the model's
 * for that sequence number, bodies must be the corpus message octet for octet, SEARCH, STATUS,
 * LIST, SORT and THREAD answers must be what the model says. A wrong, missing or unexpected
 * answer throws {@link Wrong}: an error of the run, not a slow command.
 */
final class MailClient {

    /** An answer that does not match the model. */
    static final class Wrong extends Exception {
        Wrong(String message) {
            super(message);
        }
    }

    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS$", Pattern.CASE_INSENSITIVE);
    private static final Pattern EXPUNGE = Pattern.compile("^\\* (\\d+) EXPUNGE$", Pattern.CASE_INSENSITIVE);
    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID (\\d+) (\\d+)\\]", Pattern.CASE_INSENSITIVE);
    private static final Pattern UIDVALIDITY = Pattern.compile("\\[UIDVALIDITY (\\d+)\\]", Pattern.CASE_INSENSITIVE);
    private static final Pattern UIDNEXT = Pattern.compile("\\[UIDNEXT (\\d+)\\]", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    /** Messages kept in an INBOX by the append mix: older ones are deleted and expunged. */
    static final int KEEP = 40;

    private final ImapConnection conn;
    private final UserModel model;
    private final Corpus corpus;
    private final Stats stats;
    private final Random random;
    /** UIDs of the messages this session knows, in sequence-number order. */
    private List<Long> view = new ArrayList<>();
    private final List<Long> expunged = new ArrayList<>();

    MailClient(ImapConnection conn, UserModel model, Corpus corpus, Stats stats, Random random) {
        this.conn = conn;
        this.model = model;
        this.corpus = corpus;
        this.stats = stats;
        this.random = random;
    }

    private interface Call {
        Response run() throws IOException;
    }

    private Response timed(String name, Call call) throws IOException {
        long t = System.nanoTime();
        Response r = call.run();
        stats.record(name, System.nanoTime() - t);
        return r;
    }

    private Response ok(String name, String command) throws IOException, Wrong {
        Response r = timed(name, () -> conn.command(command));
        requireOk(command, r);
        return r;
    }

    private static void requireOk(String command, Response r) throws Wrong {
        if (!r.ok()) {
            throw new Wrong(command + " -> " + r.tagged());
        }
    }

    private static void check(boolean condition, String what) throws Wrong {
        if (!condition) {
            throw new Wrong(what);
        }
    }

    void login(String password) throws IOException, Wrong {
        conn.forgetCapabilities();
        ok("LOGIN", "LOGIN " + model.name + " " + password);
        // a client needs the capabilities after login: in LOGIN's OK, or asked for
        if (conn.capabilities().isEmpty()) {
            ok("CAPABILITY", "CAPABILITY");
        }
    }

    /** SELECT INBOX: EXISTS, UIDVALIDITY and UIDNEXT as the model has them. */
    void select() throws IOException, Wrong {
        Response r = ok("SELECT", "SELECT INBOX");
        int exists = -1;
        long validity = -1;
        long next = -1;
        for (String l : r.untagged()) {
            Matcher m = EXISTS.matcher(l);
            if (m.find()) {
                exists = Integer.parseInt(m.group(1));
            }
            m = UIDVALIDITY.matcher(l);
            if (m.find()) {
                validity = Long.parseLong(m.group(1));
            }
            m = UIDNEXT.matcher(l);
            if (m.find()) {
                next = Long.parseLong(m.group(1));
            }
        }
        check(exists == model.inbox.size(), "SELECT: EXISTS " + exists + ", the model has " + model.inbox.size());
        check(model.uidValidity == 0 || validity == model.uidValidity,
                "SELECT: UIDVALIDITY " + validity + ", was " + model.uidValidity);
        check(next >= model.uidNext, "SELECT: UIDNEXT " + next + " below the next UID expected " + model.uidNext);
        model.uidValidity = validity;
        model.uidNext = next;
        view = model.uids();
    }

    void logout() throws IOException, Wrong {
        Response r = ok("LOGOUT", "LOGOUT");
        check(r.untagged().stream().anyMatch(l -> l.regionMatches(true, 0, "* BYE", 0, 5)), "LOGOUT without * BYE");
    }

    /**
     * Applies the untagged responses of {@code r} to the session's view and checks each FETCH
     * against the model; returns the FETCHes by UID.
     */
    private Map<Long, Fetch> absorb(String command, Response r) throws Wrong {
        Map<Long, Fetch> fetches = new java.util.LinkedHashMap<>();
        for (String l : r.untagged()) {
            Matcher m = EXISTS.matcher(l);
            if (m.find()) {
                int n = Integer.parseInt(m.group(1));
                check(n >= view.size(), command + ": EXISTS " + n + " below the " + view.size() + " known");
                List<Long> all = model.uids();
                check(n <= all.size(), command + ": EXISTS " + n + ", the model has " + all.size());
                // only this session changes the mailbox: new messages are the model's newest
                for (int i = view.size(); i < n; i++) {
                    view.add(all.get(i));
                }
                continue;
            }
            m = EXPUNGE.matcher(l);
            if (m.find()) {
                int n = Integer.parseInt(m.group(1));
                check(n >= 1 && n <= view.size(), command + ": EXPUNGE " + n + " of " + view.size() + " known");
                expunged.add(view.remove(n - 1));
                continue;
            }
            Fetch f = Fetch.parse(l);
            if (f != null) {
                check(f.seq() >= 1 && f.seq() <= view.size(), command + ": FETCH " + f.seq() + " of " + view.size() + " known");
                long uid = view.get(f.seq() - 1);
                check(f.uid() < 0 || f.uid() == uid, command + ": FETCH " + f.seq() + " says UID " + f.uid() + ", expected " + uid);
                UserModel.Msg msg = model.inbox.get(uid);
                check(msg != null, command + ": FETCH of UID " + uid + " which the model expunged");
                Set<String> flags = f.flags();
                if (flags != null) {
                    check(flags.equals(msg.flags), command + ": UID " + uid + " FLAGS " + flags + ", expected " + msg.flags);
                }
                // a server may answer one message in several FETCH responses (RFC 9051 section 7.5.2)
                Fetch before = fetches.get(uid);
                if (before != null) {
                    Map<String, Object> merged = new java.util.LinkedHashMap<>(before.items());
                    merged.putAll(f.items());
                    f = new Fetch(f.seq(), merged);
                }
                fetches.put(uid, f);
            }
        }
        return fetches;
    }

    /**
     * The append mix's cycle: APPEND a corpus message, FETCH flags and bodies of the newest
     * messages, STORE \Seen on half of them, and once the INBOX holds more than {@link #KEEP}
     * messages mark the oldest \Deleted and EXPUNGE them.
     */
    void appendCycle() throws IOException, Wrong {
        int c = random.nextInt(corpus.size());
        Corpus.Message message = corpus.get(c);
        Response r = timed("APPEND", () -> conn.append("INBOX", "", message.octets()));
        requireOk("APPEND", r);
        Matcher m = APPENDUID.matcher(r.tagged());
        check(m.find(), "APPEND without APPENDUID: " + r.tagged());
        long validity = Long.parseLong(m.group(1));
        long uid = Long.parseLong(m.group(2));
        check(validity == model.uidValidity, "APPENDUID validity " + validity + ", expected " + model.uidValidity);
        check(uid >= model.uidNext, "APPENDUID " + uid + " below UIDNEXT " + model.uidNext);
        model.inbox.put(uid, new UserModel.Msg(c, Set.of()));
        model.uidNext = uid + 1;
        absorb("APPEND", r);

        List<Long> all = model.uids();
        List<Long> recent = all.subList(Math.max(0, all.size() - 3), all.size());
        String set = set(recent);
        r = ok("FETCH", "UID FETCH " + set + " (UID FLAGS BODY.PEEK[])");
        Map<Long, Fetch> got = absorb("FETCH", r);
        for (long u : recent) {
            Fetch f = got.get(u);
            check(f != null && f.string("BODY[]") != null, "UID FETCH " + u + " BODY.PEEK[]: no answer");
            check(f.string("BODY[]").equals(corpus.get(model.inbox.get(u).corpus).whole()),
                    "UID FETCH " + u + " BODY.PEEK[]: not the message appended (" + f.string("BODY[]").length() + " octets)");
        }
        check(view.equals(all), "after FETCH the session knows " + view.size() + " messages, the model " + all.size());

        List<Long> seen = new ArrayList<>();
        for (int i = 0; i < recent.size(); i += 2) {
            seen.add(recent.get(i));
        }
        store(seen, "\\Seen", false);

        if (model.inbox.size() > KEEP) {
            List<Long> old = all.subList(0, model.inbox.size() - KEEP + 1);
            store(old, "\\Deleted", true);
            Set<Long> deleted = model.inbox.entrySet().stream().filter(e -> e.getValue().flags.contains("\\Deleted"))
                    .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
            expunged.clear();
            r = ok("EXPUNGE", "EXPUNGE");
            deleted.forEach(model.inbox::remove);
            absorb("EXPUNGE", r);
            check(new TreeSet<>(expunged).equals(deleted) && expunged.size() == deleted.size(),
                    "EXPUNGE removed " + expunged + ", expected " + deleted);
            check(view.equals(model.uids()), "after EXPUNGE the session knows " + view.size() + " messages, the model "
                    + model.inbox.size());
        }
        stats.cycles.incrementAndGet();
    }

    /**
     * UID STORE +FLAGS (or +FLAGS.SILENT): the model changes first, every FETCH must match it and,
     * unless silent, each message whose flags changed must be answered with its FLAGS.
     */
    private void store(List<Long> uids, String flag, boolean silent) throws IOException, Wrong {
        if (uids.isEmpty()) {
            return;
        }
        List<Long> changed = new ArrayList<>();
        for (long u : uids) {
            if (model.inbox.get(u).flags.add(flag)) {
                changed.add(u);
            }
        }
        Response r = ok("STORE", "UID STORE " + set(uids) + (silent ? " +FLAGS.SILENT (" : " +FLAGS (") + flag + ")");
        Map<Long, Fetch> got = absorb("STORE", r);
        if (!silent) {
            // RFC 9051 section 6.4.6: the new value of each message changed (Dovecot omits unchanged ones)
            for (long u : changed) {
                check(got.containsKey(u) && got.get(u).flags() != null, "UID STORE " + u + " +FLAGS: no FETCH FLAGS answer");
            }
        }
    }

    /**
     * The read mix's cycle: FETCH the header of one message and the text of another, SEARCH
     * UNSEEN and by Message-ID, STATUS of the Archive, LIST, and SORT and THREAD when asked to.
     */
    void readCycle(boolean sortAndThread) throws IOException, Wrong {
        List<Long> all = model.uids();
        if (!all.isEmpty()) {
            long u = all.get(random.nextInt(all.size()));
            Response r = ok("FETCH HEADER", "UID FETCH " + u + " (UID FLAGS BODY.PEEK[HEADER])");
            Fetch f = absorb("FETCH", r).get(u);
            check(f != null && corpus.get(model.inbox.get(u).corpus).header().equals(f.string("BODY[HEADER]")),
                    "UID FETCH " + u + " BODY.PEEK[HEADER]: missing or not the message's header");
            u = all.get(random.nextInt(all.size()));
            r = ok("FETCH TEXT", "UID FETCH " + u + " (UID FLAGS BODY.PEEK[TEXT])");
            f = absorb("FETCH", r).get(u);
            check(f != null && corpus.get(model.inbox.get(u).corpus).text().equals(f.string("BODY[TEXT]")),
                    "UID FETCH " + u + " BODY.PEEK[TEXT]: missing or not the message's text");
        }
        Response r = ok("SEARCH", "UID SEARCH UNSEEN");
        absorb("SEARCH", r);
        check(numbers(r, "* SEARCH").equals(model.unseen()), "UID SEARCH UNSEEN: " + numbers(r, "* SEARCH")
                + ", expected " + model.unseen());
        if (!all.isEmpty()) {
            int c = model.inbox.get(all.get(random.nextInt(all.size()))).corpus;
            String id = corpus.get(c).messageId();
            r = ok("SEARCH HEADER", "UID SEARCH HEADER Message-ID \"" + id + "\"");
            absorb("SEARCH", r);
            List<Long> expected = model.inbox.entrySet().stream().filter(e -> e.getValue().corpus == c)
                    .map(Map.Entry::getKey).toList();
            check(numbers(r, "* SEARCH").equals(expected), "UID SEARCH HEADER Message-ID " + id + ": "
                    + numbers(r, "* SEARCH") + ", expected " + expected);
        }
        r = ok("STATUS", "STATUS Archive (MESSAGES UIDNEXT UNSEEN)");
        absorb("STATUS", r);
        String status = r.untagged().stream().filter(l -> l.regionMatches(true, 0, "* STATUS ", 0, 9)).findFirst().orElse("");
        String items = status.contains("(") ? status.substring(status.indexOf('(')) : "";
        check(items.equalsIgnoreCase("(MESSAGES " + model.archiveMessages + " UIDNEXT " + model.archiveUidNext + " UNSEEN "
                + model.archiveMessages + ")"), "STATUS Archive: " + status + ", expected MESSAGES " + model.archiveMessages
                + " UIDNEXT " + model.archiveUidNext + " UNSEEN " + model.archiveMessages);
        r = ok("LIST", "LIST \"\" \"*\"");
        absorb("LIST", r);
        check(listNames(r).equals(model.mailboxNames), "LIST: " + listNames(r) + ", expected " + model.mailboxNames);
        if (sortAndThread) {
            r = ok("SORT", "UID SORT (DATE) UTF-8 ALL");
            absorb("SORT", r);
            List<Long> sorted = numbers(r, "* SORT");
            check(new TreeSet<>(sorted).equals(new TreeSet<>(all)) && sorted.size() == all.size(),
                    "UID SORT (DATE): not each message once: " + sorted);
            r = ok("THREAD", "UID THREAD REFERENCES UTF-8 ALL");
            absorb("THREAD", r);
            List<Long> threaded = numbers(r, "* THREAD");
            check(new TreeSet<>(threaded).equals(new TreeSet<>(all)) && threaded.size() == all.size(),
                    "UID THREAD REFERENCES: not each message once: " + threaded);
        }
        stats.cycles.incrementAndGet();
    }

    /** The numbers of the untagged response starting with {@code prefix}, in order. */
    private static List<Long> numbers(Response r, String prefix) {
        List<Long> n = new ArrayList<>();
        for (String l : r.untagged()) {
            if (l.regionMatches(true, 0, prefix, 0, prefix.length())) {
                Matcher m = NUMBER.matcher(l.substring(prefix.length()));
                while (m.find()) {
                    n.add(Long.parseLong(m.group()));
                }
            }
        }
        return n;
    }

    /** Mailbox names of the {@code * LIST} responses (the last field: quoted or atom). */
    static Set<String> listNames(Response r) {
        Set<String> names = new HashSet<>();
        for (String l : r.untagged()) {
            if (l.regionMatches(true, 0, "* LIST ", 0, 7)) {
                String name = l.endsWith("\"") ? l.substring(l.lastIndexOf('"', l.length() - 2) + 1, l.length() - 1)
                        : l.substring(l.lastIndexOf(' ') + 1);
                names.add(name.equalsIgnoreCase("INBOX") ? "INBOX" : name);
            }
        }
        return names;
    }

    /** {@code 1,5,7} */
    private static String set(List<Long> uids) {
        return uids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
