package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.Normalizer;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SORT and THREAD over the three real corpora of ../shared/corpus (2,322 USRP-users, 3,509
 * util-linux and 453 MIME edge-case messages), each delivered into its own user's Maildir
 * {@code new/} before the server starts (so the store computes the header keys when it first
 * sees them). Every sort key (and REVERSE) and both threading algorithms are checked against
 * invariants this test computes on its own from the raw messages — with different code: JDK
 * date parsing, Mime4j's strict address parser, regular expressions for the base subject,
 * {@link Character#toTitleCase(int)} and {@link Normalizer} for the collation: every message
 * exactly once; consecutive results ordered by the documented key, ties in mailbox order; thread
 * edges backed by a reference chain or a shared base subject; siblings in sent-date order;
 * ORDEREDSUBJECT threads of one base subject each. Where the independent reading cannot read a
 * value (a date or an address it finds malformed) that pair is not compared; the test fails if
 * that leaves too little compared. Skipped, saying so, without the shared corpus.
 */
class SortThreadCorpusTest {

    @TempDir
    static Path home;
    static ImapTestServer server;
    static final Map<String, List<Expected>> CORPORA = new HashMap<>();
    static final Instant ARRIVAL = Instant.parse("2024-01-01T00:00:00Z");

    /** What this test knows of message i (seq i + 1) without the server. */
    record Expected(int seq, long arrival, long size, Long date, String subject, boolean replyOrForward,
            String from, String to, String cc, String displayFrom, String displayTo, String messageId,
            List<String> references) {
        /** Sent date of RFC 5256 section 2.2, or null when this test cannot read the Date field. */
        Long sent() {
            if (date == null) {
                return null;
            }
            return date == Long.MIN_VALUE ? arrival : date;
        }
    }

    @BeforeAll
    static void deliver() throws Exception {
        Path corpus = Mbox.corpus();
        Map<String, List<byte[]>> raw = new HashMap<>();
        raw.put("usrp", Mbox.read(corpus.resolve("usrp-users-2021.mbox.gz"), Integer.MAX_VALUE));
        raw.put("utillinux", Mbox.read(corpus.resolve("util-linux.mbox.gz"), Integer.MAX_VALUE));
        List<byte[]> edge = new ArrayList<>();
        try (Stream<Path> files = Files.list(corpus.resolve("mime-edge"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                edge.add(Files.readAllBytes(p));
            }
        }
        raw.put("edge", edge);
        assertEquals(2322, raw.get("usrp").size());
        assertEquals(3509, raw.get("utillinux").size());
        assertEquals(453, raw.get("edge").size());
        Files.createDirectories(home.resolve("conf"));
        for (Map.Entry<String, List<byte[]>> e : raw.entrySet()) {
            Path box = home.resolve("var/mail").resolve(e.getKey());
            for (String d : List.of("cur", "new", "tmp")) {
                Files.createDirectories(box.resolve(d));
            }
            List<Expected> expected = new ArrayList<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                byte[] m = e.getValue().get(i);
                String name = String.format(Locale.ROOT, "1700000000.M%06dP1.corpus", i);
                Path tmp = box.resolve("tmp").resolve(name);
                Files.write(tmp, m);
                long arrival = ARRIVAL.plusSeconds(60L * i).toEpochMilli();
                Files.setLastModifiedTime(tmp, FileTime.fromMillis(arrival));
                Files.move(tmp, box.resolve("new").resolve(name));
                expected.add(expected(i + 1, arrival, m));
            }
            CORPORA.put(e.getKey(), expected);
        }
        server = ImapTestServer.start(home);
        for (String user : CORPORA.keySet()) {
            server.addUser(user, "secret");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    // ---- SORT ---------------------------------------------------------------------------------

    @Test
    void everySortKeyOrdersEveryCorpusByTheDocumentedKey() throws Exception {
        for (String user : List.of("usrp", "utillinux", "edge")) {
            List<Expected> box = CORPORA.get(user);
            try (ImapClient c = server.login(user, "secret")) {
                c.socket().setSoTimeout(300_000); // the first SORT reads every delivered message once (machine loaded)
                assertEquals("* " + box.size() + " EXISTS", c.ok("EXAMINE INBOX").stream()
                        .filter(l -> l.endsWith(" EXISTS")).findFirst().orElseThrow(), user);
                for (String key : List.of("ARRIVAL", "DATE", "SIZE", "SUBJECT", "FROM", "TO", "CC", "DISPLAYFROM", "DISPLAYTO")) {
                    for (boolean reverse : List.of(false, true)) {
                        String criterion = (reverse ? "REVERSE " : "") + key;
                        int[] order = numbers(c.ok("SORT (" + criterion + ") UTF-8 ALL").get(0), "* SORT");
                        checkOrder(user + " " + criterion, box, order, key, reverse);
                    }
                }
            }
        }
    }

    private static void checkOrder(String what, List<Expected> box, int[] order, String key, boolean reverse) {
        assertPermutation(what, order, box.size());
        int compared = 0;
        for (int i = 1; i < order.length; i++) {
            Expected a = box.get(order[i - 1] - 1);
            Expected b = box.get(order[i] - 1);
            Integer r = compare(key, a, b);
            if (r == null) {
                continue;
            }
            compared++;
            int sign = reverse ? -r : r;
            if (sign > 0 || (sign == 0 && a.seq() > b.seq())) {
                fail(what + ": " + a.seq() + " before " + b.seq() + " but their keys are " + show(key, a) + " / " + show(key, b));
            }
        }
        assertTrue(compared >= (order.length - 1) * 0.8, what + ": only " + compared + " of " + (order.length - 1) + " pairs comparable");
    }

    /** The documented order of two messages by one key, or null when this test cannot tell. */
    private static Integer compare(String key, Expected a, Expected b) {
        return switch (key) {
            case "ARRIVAL" -> Long.compare(a.arrival(), b.arrival());
            case "SIZE" -> Long.compare(a.size(), b.size());
            case "DATE" -> a.sent() == null || b.sent() == null ? null : Long.compare(a.sent(), b.sent());
            case "SUBJECT" -> strings(a.subject(), b.subject());
            case "FROM" -> strings(a.from(), b.from());
            case "TO" -> strings(a.to(), b.to());
            case "CC" -> strings(a.cc(), b.cc());
            case "DISPLAYFROM" -> strings(a.displayFrom(), b.displayFrom());
            case "DISPLAYTO" -> strings(a.displayTo(), b.displayTo());
            default -> throw new IllegalArgumentException(key);
        };
    }

    private static Integer strings(String a, String b) {
        return a == null || b == null ? null : Arrays.compare(casemap(a), casemap(b));
    }

    private static String show(String key, Expected e) {
        return switch (key) {
            case "DATE" -> String.valueOf(e.sent());
            case "SUBJECT" -> e.subject();
            case "FROM" -> e.from();
            case "TO" -> e.to();
            case "CC" -> e.cc();
            case "DISPLAYFROM" -> e.displayFrom();
            case "DISPLAYTO" -> e.displayTo();
            default -> "";
        };
    }

    // ---- THREAD -------------------------------------------------------------------------------

    /** A parsed thread: a message number, or 0 for a dummy, and its children. */
    record Node(int seq, List<Node> children) {
    }

    @Test
    void referencesThreadsAreBackedByReferencesAndSortedByDate() throws Exception {
        for (String user : List.of("usrp", "utillinux", "edge")) {
            List<Expected> box = CORPORA.get(user);
            Map<String, List<List<String>>> chains = chainsContaining(box);
            try (ImapClient c = server.login(user, "secret")) {
                c.socket().setSoTimeout(300_000);
                c.ok("EXAMINE INBOX");
                List<Node> threads = parseThreads(c.ok("THREAD REFERENCES UTF-8 ALL").get(0));
                assertPermutation(user + " THREAD REFERENCES", seqs(threads), box.size());
                int[] edges = {0, 0};
                checkSiblings(user, box, threads, true);
                for (Node t : threads) {
                    walk(t, (parent, child) -> {
                        edges[0]++;
                        Expected p = box.get(parent.seq() - 1);
                        Expected ch = box.get(child.seq() - 1);
                        boolean byReference = p.messageId() != null && ch.messageId() != null
                                && chains.getOrDefault(ch.messageId(), List.of()).stream().anyMatch(chain ->
                                        chain.indexOf(p.messageId()) >= 0 && chain.indexOf(p.messageId()) < chain.lastIndexOf(ch.messageId()));
                        boolean bySubject = p.subject() != null && ch.subject() != null && !p.subject().isEmpty()
                                && Arrays.equals(casemap(p.subject()), casemap(ch.subject()));
                        if (!byReference && !bySubject) {
                            fail(user + ": " + child.seq() + " is a child of " + parent.seq()
                                    + " with neither a reference chain nor a base subject joining them");
                        }
                        if (byReference) {
                            edges[1]++;
                        }
                    });
                }
                assertTrue(edges[1] > 0 || user.equals("edge"), user + ": no thread edge at all");
                if (!user.equals("edge")) {
                    assertTrue(threads.size() < box.size() * 0.8, user + ": mailing lists thread: " + threads.size() + " threads");
                }
            }
        }
    }

    @Test
    void orderedSubjectThreadsHoldOneBaseSubjectEach() throws Exception {
        for (String user : List.of("usrp", "utillinux", "edge")) {
            List<Expected> box = CORPORA.get(user);
            try (ImapClient c = server.login(user, "secret")) {
                c.socket().setSoTimeout(300_000);
                c.ok("EXAMINE INBOX");
                List<Node> threads = parseThreads(c.ok("THREAD ORDEREDSUBJECT UTF-8 ALL").get(0));
                assertPermutation(user + " THREAD ORDEREDSUBJECT", seqs(threads), box.size());
                Set<String> seen = new HashSet<>();
                for (Node t : threads) {
                    List<Node> members = new ArrayList<>(List.of(t));
                    for (Node child : t.children()) {
                        assertTrue(child.children().isEmpty(), user + ": no grandchildren in ORDEREDSUBJECT");
                        members.add(child);
                    }
                    String root = box.get(t.seq() - 1).subject();
                    if (root == null) {
                        continue;
                    }
                    for (Node m : members) {
                        String other = box.get(m.seq() - 1).subject();
                        assertTrue(other == null || Arrays.equals(casemap(root), casemap(other)),
                                user + ": " + m.seq() + " (" + other + ") in the thread of " + t.seq() + " (" + root + ")");
                    }
                    String key = Arrays.toString(casemap(root));
                    assertTrue(seen.add(key), user + ": two threads for one base subject '" + root + "', the second at " + t.seq());
                }
                checkSiblings(user, box, threads, false);
            }
        }
    }

    /** Siblings (and the top level) ordered by sent date, ties in mailbox order; a dummy by its first child. */
    private static void checkSiblings(String user, List<Expected> box, List<Node> top, boolean references) {
        List<List<Node>> sets = new ArrayList<>();
        sets.add(top);
        for (int i = 0; i < sets.size(); i++) {
            for (Node n : sets.get(i)) {
                if (!n.children().isEmpty()) {
                    sets.add(n.children());
                }
            }
        }
        for (List<Node> set : sets) {
            for (int i = 1; i < set.size(); i++) {
                Expected a = box.get(first(set.get(i - 1)) - 1);
                Expected b = box.get(first(set.get(i)) - 1);
                if (a.sent() == null || b.sent() == null) {
                    continue;
                }
                int r = Long.compare(a.sent(), b.sent());
                if (r > 0 || (r == 0 && a.seq() > b.seq())) {
                    fail(user + (references ? " REFERENCES" : " ORDEREDSUBJECT") + ": sibling " + a.seq() + " (" + a.sent()
                            + ") before " + b.seq() + " (" + b.sent() + ")");
                }
            }
        }
    }

    private static int first(Node n) {
        while (n.seq() == 0) {
            n = n.children().get(0);
        }
        return n.seq();
    }

    private interface Edge {
        void accept(Node parent, Node child);
    }

    private static void walk(Node root, Edge edge) {
        List<Node> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Node n = todo.removeLast();
            for (Node c : n.children()) {
                if (n.seq() != 0 && c.seq() != 0) {
                    edge.accept(n, c);
                }
                todo.add(c);
            }
        }
    }

    /** For each Message ID, every reference list (References or In-Reply-To, then the own ID) naming it. */
    private static Map<String, List<List<String>>> chainsContaining(List<Expected> box) {
        Map<String, List<List<String>>> out = new HashMap<>();
        for (Expected e : box) {
            List<String> chain = new ArrayList<>(e.references());
            if (e.messageId() != null) {
                chain.add(e.messageId());
            }
            for (String id : new HashSet<>(chain)) {
                out.computeIfAbsent(id, k -> new ArrayList<>()).add(chain);
            }
        }
        return out;
    }

    /** One open parenthesis: where its first member goes, and its last member (or dummy). */
    private static final class Frame {
        final List<Node> attach;
        Node last;

        Frame(List<Node> attach) {
            this.attach = attach;
        }
    }

    /**
     * Parses {@code * THREAD (..)(..)} per RFC 5256 section 5 without recursion: members of a
     * list chain parent to child; a sub-list hangs below the list's last member; a list that
     * starts with a sub-list stands for a dummy (a parent not among the results).
     */
    static List<Node> parseThreads(String line) {
        assertTrue(line.startsWith("* THREAD"), line);
        String s = line.substring("* THREAD".length()).trim();
        List<Node> top = new ArrayList<>();
        List<Frame> open = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (ch == '(') {
                if (open.isEmpty()) {
                    open.add(new Frame(top));
                } else {
                    Frame p = open.getLast();
                    if (p.last == null) {
                        p.last = new Node(0, new ArrayList<>());
                        p.attach.add(p.last);
                    }
                    open.add(new Frame(p.last.children()));
                }
                i++;
            } else if (ch == ')') {
                open.removeLast();
                i++;
            } else if (ch == ' ') {
                i++;
            } else {
                int j = i;
                while (j < s.length() && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                assertTrue(j > i, "unexpected " + ch + " in " + line.substring(0, Math.min(200, line.length())));
                Node n = new Node(Integer.parseInt(s.substring(i, j)), new ArrayList<>());
                Frame f = open.getLast();
                (f.last == null ? f.attach : f.last.children()).add(n);
                f.last = n;
                i = j;
            }
        }
        assertTrue(open.isEmpty(), "unbalanced parentheses");
        return top;
    }

    private static int[] seqs(List<Node> threads) {
        List<Integer> out = new ArrayList<>();
        List<Node> todo = new ArrayList<>(threads);
        while (!todo.isEmpty()) {
            Node n = todo.removeLast();
            if (n.seq() > 0) {
                out.add(n.seq());
            }
            todo.addAll(n.children());
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] numbers(String line, String prefix) {
        assertTrue(line.startsWith(prefix), line);
        String rest = line.substring(prefix.length()).trim();
        return rest.isEmpty() ? new int[0] : Arrays.stream(rest.split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    private static void assertPermutation(String what, int[] numbers, int n) {
        int[] sorted = numbers.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            if (i >= sorted.length || sorted[i] != i + 1) {
                fail(what + ": not every message exactly once (" + numbers.length + " numbers for " + n + " messages)");
            }
        }
        assertEquals(n, numbers.length, what);
    }

    // ---- the independent reading of a message --------------------------------------------------

    private static final Pattern BLOB = Pattern.compile("^\\[[^\\[\\]]*\\] *");
    private static final Pattern LEADER = Pattern.compile("^(?:(?:\\[[^\\[\\]]*\\] *)*(?:re|fwd?) *(?:\\[[^\\[\\]]*\\] *)?:| )",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TRAILER = Pattern.compile("(?:\\(fwd\\)| )$", Pattern.CASE_INSENSITIVE);
    private static final Pattern FWD = Pattern.compile("^\\[fwd:(.*)\\]$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern MSG_ID = Pattern.compile("<([^<>]+)>");

    static Expected expected(int seq, long arrival, byte[] message) {
        Map<String, String> h = firstFields(message);
        String subject = h.get("subject") == null ? "" : DecoderUtil.decodeEncodedWords(h.get("subject"), DecodeMonitor.SILENT);
        String[] base = baseSubject(subject);
        if (rawEightBit(h.get("subject"))) {
            base[0] = null; // raw 8-bit octets: this reader and the server's may pick other charsets; not compared
        }
        Mailbox from = firstMailbox(h.get("from"));
        Mailbox to = firstMailbox(h.get("to"));
        Mailbox cc = firstMailbox(h.get("cc"));
        List<String> refs = ids(h.get("references"));
        if (refs.isEmpty()) {
            List<String> irt = ids(h.get("in-reply-to"));
            refs = irt.isEmpty() ? List.of() : List.of(irt.get(0));
        }
        List<String> own = ids(h.get("message-id"));
        return new Expected(seq, arrival, message.length, date(h.get("date")), base[0], base[1] != null,
                local(h.get("from"), from), local(h.get("to"), to), local(h.get("cc"), cc),
                display(h.get("from"), from), display(h.get("to"), to), own.isEmpty() ? null : own.get(0), refs);
    }

    private static boolean rawEightBit(String value) {
        return value != null && value.chars().anyMatch(ch -> ch >= 0x80);
    }

    /** Base subject with regular expressions: {text, non-null if a reply/forward marker was removed}. */
    static String[] baseSubject(String subject) {
        String s = subject.replaceAll("[\\t\\r\\n]", " ").replaceAll(" {2,}", " ");
        String marker = null;
        while (true) {
            Matcher t;
            while ((t = TRAILER.matcher(s)).find()) {
                marker = t.group().equals(" ") ? marker : "fwd";
                s = s.substring(0, t.start());
            }
            while (true) {
                Matcher l = LEADER.matcher(s);
                if (l.find()) {
                    marker = l.group().equals(" ") ? marker : "re";
                    s = s.substring(l.end());
                    continue;
                }
                Matcher b = BLOB.matcher(s);
                if (b.find() && b.end() < s.length()) {
                    s = s.substring(b.end());
                    continue;
                }
                break;
            }
            Matcher f = FWD.matcher(s);
            if (f.matches()) {
                s = f.group(1);
                marker = "fwd";
                continue;
            }
            return new String[] {s, marker};
        }
    }

    /** i;unicode-casemap the JDK way: titlecase, then NFKD of each code point; compared as code points. */
    static int[] casemap(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> out.append(Normalizer.normalize(new String(Character.toChars(Character.toTitleCase(cp))),
                Normalizer.Form.NFKD)));
        return out.codePoints().toArray();
    }

    private static Map<String, String> firstFields(byte[] message) {
        String all = CorpusSearchTest.text(message).replace("\r\n", "\n");
        int end = all.indexOf("\n\n");
        String header = (end < 0 ? all : all.substring(0, end + 1)).replaceAll("\n(?=[ \t])", "");
        Map<String, String> out = new HashMap<>();
        for (String line : header.split("\n")) {
            int colon = line.indexOf(':');
            // obs-optional (RFC 5322 section 4.5): white space may stand between the name and the colon
            String name = colon > 0 ? line.substring(0, colon).replaceFirst("[ \t]+$", "") : "";
            if (!name.isEmpty() && name.chars().noneMatch(ch -> ch <= ' ' || ch >= 127)) {
                out.putIfAbsent(name.toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        return out;
    }

    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.ofPattern("d MMM uuuu H:mm[:ss] Z", Locale.ROOT);

    /** The Date field read strictly (RFC 5322 section 3.3, day name and comments dropped); MIN_VALUE if absent, null if unreadable. */
    private static Long date(String value) {
        if (value == null) {
            return Long.MIN_VALUE;
        }
        String v = value.replaceAll("\\([^)]*\\)", "").replaceFirst("^\\s*[A-Za-z]{3},?\\s*", "").replaceAll("\\s+", " ").strip()
                .replaceAll(" (GMT|UT|UTC)$", " +0000");
        try {
            return ZonedDateTime.parse(v, RFC_5322).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final Mailbox NONE = new Mailbox("", null);

    /** The first mailbox by Mime4j's strict parser: NONE when the field is absent, null when it does not parse. */
    private static Mailbox firstMailbox(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        try {
            AddressList list = DefaultAddressParser.DEFAULT.parseAddressList(value);
            return list.flatten().isEmpty() ? NONE : list.flatten().get(0);
        } catch (Exception | Error e) {
            return null;
        }
    }

    private static String local(String raw, Mailbox m) {
        return m == null ? null : m.getLocalPart() == null ? "" : m.getLocalPart();
    }

    private static final Pattern TRAILING_COMMENT = Pattern.compile("^\\s*[^\\s<>,\"():;]+@[^\\s<>,():;]+\\s*\\(([^()]*)\\)\\s*(?:,|$)");

    /** RFC 5957 section 3: the first address's IMAP addr-name (RFC 9051 section 7.5.2), else its addr-spec. */
    private static String display(String raw, Mailbox m) {
        if (m == null) {
            return null;
        }
        if (m == NONE) {
            return "";
        }
        String name = m.getName() == null ? null : DecoderUtil.decodeEncodedWords(m.getName(), DecodeMonitor.SILENT);
        if (name != null && !name.isEmpty()) {
            return name;
        }
        // the IMAP addr-name of a bare addr-spec with a comment after it is the comment, as ENVELOPE shows it
        Matcher comment = TRAILING_COMMENT.matcher(raw);
        if (comment.find() && !comment.group(1).isBlank()) {
            return DecoderUtil.decodeEncodedWords(comment.group(1).strip(), DecodeMonitor.SILENT);
        }
        return m.getDomain() == null || m.getDomain().isEmpty() ? m.getLocalPart() : m.getLocalPart() + "@" + m.getDomain();
    }

    /** Bracketed Message IDs with an @, quotes and white space removed. */
    private static List<String> ids(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        Matcher m = MSG_ID.matcher(value.replaceAll("\\([^()]*\\)", ""));
        while (m.find()) {
            String id = m.group(1).replace("\"", "").replaceAll("\\s", "");
            int at = id.lastIndexOf('@');
            if (at > 0 && at < id.length() - 1) {
                out.add(id);
            }
        }
        return out;
    }
}
