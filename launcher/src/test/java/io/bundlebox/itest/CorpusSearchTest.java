package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SEARCH over real mail: the first 200 messages of the USRP-users 2021 archive are appended, and
 * the server's answers to SUBJECT, FROM, HEADER, BODY and TEXT searches are compared with what
 * this test computes on its own from the raw messages (a plain header unfolder with RFC 2047
 * decoding for header fields, the Mime4j DOM for the decoded text of text/* parts). Skipped,
 * saying so, when the shared corpus is absent.
 */
class CorpusSearchTest {

    private static final int COUNT = 200;

    @TempDir
    static Path home;
    static ImapTestServer server;
    static List<Expected> messages;

    /** What a message should match, computed without the server. */
    record Expected(List<String[]> fields, String bodyText) {
        boolean header(String name, String needle) {
            return fields.stream().anyMatch(f -> f[0].equalsIgnoreCase(name) && lower(f[1]).contains(lower(needle)));
        }

        boolean body(String needle) {
            return bodyText.contains(lower(needle));
        }

        boolean text(String needle) {
            return body(needle) || fields.stream().anyMatch(f -> lower(f[0] + ": " + f[1]).contains(lower(needle)));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Path corpus = Mbox.corpus();
        List<byte[]> raw = Mbox.read(corpus.resolve("usrp-users-2021.mbox.gz"), COUNT);
        server = ImapTestServer.start(home);
        server.addUser("usrp", "secret");
        messages = new ArrayList<>();
        try (ImapClient c = server.login("usrp", "secret")) {
            for (byte[] m : raw) {
                List<String> r = c.append("INBOX", "", m);
                assertTrue(r.get(r.size() - 1).contains(" OK "), r.toString());
                messages.add(expected(m));
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    // ---- the independent computation ---------------------------------------------------------

    private static Expected expected(byte[] message) throws IOException {
        return new Expected(headerFields(message), bodyText(message));
    }

    /** Top-level header fields: unfolded, RFC 2047 decoded; lines without a field name skipped. */
    private static List<String[]> headerFields(byte[] message) {
        String all = text(message);
        int end = all.indexOf("\n\n");
        String header = (end < 0 ? all : all.substring(0, end)).replace("\r\n", "\n").replaceAll("\n(?=[ \t])", "");
        List<String[]> fields = new ArrayList<>();
        for (String line : header.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.substring(0, colon).contains(" ")) {
                String value = line.substring(colon + 1).strip();
                fields.add(new String[] {line.substring(0, colon), DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT)});
            }
        }
        return fields;
    }

    /** Octets as UTF-8 when valid, else ISO-8859-1 (also used by SortThreadCorpusTest). */
    static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** The decoded text of every text/* part, lower case, parts separated by NUL. */
    private static String bodyText(byte[] message) throws IOException {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        Message m = builder.parseMessage(new ByteArrayInputStream(message));
        StringBuilder out = new StringBuilder();
        collectText(m, out);
        return lower(out.toString());
    }

    private static void collectText(Entity e, StringBuilder out) throws IOException {
        Body body = e.getBody();
        if (body instanceof Multipart mp) {
            for (Entity part : mp.getBodyParts()) {
                collectText(part, out);
            }
        } else if (body instanceof Message inner) {
            collectText(inner, out);
        } else if (body instanceof TextBody tb && lower(e.getMimeType()).startsWith("text/")) {
            try (Reader r = tb.getReader()) {
                char[] buf = new char[8192];
                int n;
                while ((n = r.read(buf)) > 0) {
                    out.append(buf, 0, n);
                }
            }
            out.append('\0');
        }
    }

    // ---- the comparison ----------------------------------------------------------------------

    private static String expectedSearch(Predicate<Expected> matches) {
        String uids = IntStream.range(0, messages.size()).filter(i -> matches.test(messages.get(i)))
                .mapToObj(i -> Integer.toString(i + 1)).collect(Collectors.joining(" "));
        return uids.isEmpty() ? "* SEARCH" : "* SEARCH " + uids;
    }

    /** A quoted string, or a literal+ for non-ASCII text. */
    private static String astring(String s) {
        if (s.chars().allMatch(ch -> ch < 0x80)) {
            return "\"" + s + "\"";
        }
        return "{" + s.getBytes(StandardCharsets.UTF_8).length + "+}\r\n" + s;
    }

    private static void check(ImapClient c, String criteria, Predicate<Expected> matches) throws IOException {
        String want = expectedSearch(matches);
        int found = want.split(" ").length - 2;
        assertTrue(found > 0 && found < messages.size(), criteria + " must discriminate, found " + found);
        List<String> got = c.ok("UID SEARCH CHARSET UTF-8 " + criteria);
        assertEquals(List.of(want), got.subList(0, got.size() - 1), criteria);
    }

    @Test
    void headerSearchesMatchTheDecodedFields() throws Exception {
        try (ImapClient c = server.login("usrp", "secret")) {
            c.ok("EXAMINE INBOX");
            for (String s : List.of("B210", "x310", "rfnoc", "N310", "uhd 4.0")) {
                check(c, "SUBJECT \"" + s + "\"", m -> m.header("Subject", s));
            }
            for (String s : List.of("Kossler", "marcus d", "Cédric Hannotier", "pendlum")) {
                check(c, "FROM " + astring(s), m -> m.header("From", s));
            }
            check(c, "HEADER In-Reply-To \"\"", m -> m.fields().stream().anyMatch(f -> f[0].equalsIgnoreCase("In-Reply-To")));
            check(c, "HEADER Message-ID \"mail.gmail.com\"", m -> m.header("Message-ID", "mail.gmail.com"));
            check(c, "HEADER Content-Type \"text/plain\"", m -> m.header("Content-Type", "text/plain"));
            check(c, "NOT HEADER References \"\"", m -> m.fields().stream().noneMatch(f -> f[0].equalsIgnoreCase("References")));
        }
    }

    @Test
    void bodyAndTextSearchesMatchTheDecodedTextParts() throws Exception {
        try (ImapClient c = server.login("usrp", "secret")) {
            c.ok("EXAMINE INBOX");
            for (String s : List.of("uhd_usrp_probe", "timeout", "sample rate", "DPDK", "gnuradio", "Best regards")) {
                check(c, "BODY \"" + s + "\"", m -> m.body(s));
            }
            check(c, "TEXT x300", m -> m.text("x300"));
            check(c, "TEXT " + astring("Cédric"), m -> m.text("Cédric"));
            check(c, "BODY overflow NOT SUBJECT overflow", m -> m.body("overflow") && !m.header("Subject", "overflow"));
        }
    }
}
