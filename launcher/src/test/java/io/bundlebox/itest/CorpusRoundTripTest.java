package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.core.internal.mime.MimeParser;
import io.bundlebox.core.internal.mime.MimePart;
import io.bundlebox.core.internal.mime.Section;
import io.bundlebox.core.internal.mime.Sections;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, item 4, end to end: every message of {@code corpus/mime-edge/} and of the USRP-users
 * archive is APPENDed to a real server (as a binary literal, so NUL octets survive) and fetched
 * back: BODY[] byte-identical, RFC822.SIZE equal to its length, and every leaf part the message's
 * MIME structure has retrievable as BODY[n] (with the length the MIME layer computes) and as
 * BINARY[n] (or refused with {@code NO [UNKNOWN-CTE]} for a transfer encoding nobody can decode).
 */
class CorpusRoundTripTest {

    private static final Pattern LITERAL_END = Pattern.compile("~?\\{(\\d+)}$");

    @TempDir
    static Path home;
    static ImapTestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home, List.of(), java.util.Map.of(), java.util.Map.of("limit.append", "16777216"));
        server.addUser("corpus", "pw");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void mimeEdgeCases() throws Exception {
        Path corpus = Mbox.corpus();
        List<byte[]> messages = new ArrayList<>();
        try (Stream<Path> files = Files.list(corpus.resolve("mime-edge"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".eml")).sorted().toList()) {
                messages.add(Files.readAllBytes(f));
            }
        }
        assertEquals(453, messages.size());
        roundTrip("Edge", messages);
    }

    @Test
    void usrpUsersArchive() throws Exception {
        Path corpus = Mbox.corpus();
        List<byte[]> messages = Mbox.read(corpus.resolve("usrp-users-2021.mbox.gz"), Integer.MAX_VALUE);
        assertEquals(2322, messages.size());
        roundTrip("Usrp", messages);
    }

    private void roundTrip(String mailbox, List<byte[]> messages) throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.ok("LOGIN corpus pw");
            c.ok("CREATE " + mailbox);
            // pipelined APPENDs with non-synchronizing binary literals (RFC 7888, RFC 3516)
            for (int start = 0; start < messages.size(); start += 50) {
                int end = Math.min(messages.size(), start + 50);
                for (int i = start; i < end; i++) {
                    c.sendAppend("p" + i, mailbox, messages.get(i));
                }
                for (int i = start; i < end; i++) {
                    Response r = c.read("p" + i);
                    assertTrue(r.last().startsWith("p" + i + " OK [APPENDUID "), "APPEND of message " + i + ": " + r.last());
                }
            }
            c.ok("EXAMINE " + mailbox);
            Path scratch = Files.createTempFile(home, "message", ".eml");
            int parts = 0;
            for (int i = 0; i < messages.size(); i++) {
                byte[] original = messages.get(i);
                int seq = i + 1;
                Response whole = c.ok("FETCH " + seq + " (RFC822.SIZE BODY.PEEK[])");
                assertTrue(whole.lines.get(0).contains("RFC822.SIZE " + original.length + " "), "size of message " + seq);
                assertArrayEquals(original, whole.literals.get(0), "BODY[] of message " + seq);

                Files.write(scratch, original);
                try (FileChannel ch = FileChannel.open(scratch)) {
                    MimePart root = MimeParser.parse(ch);
                    for (List<Integer> path : leafPaths(root)) {
                        String p = path.stream().map(String::valueOf).reduce((a, b) -> a + "." + b).orElseThrow();
                        long expected = Sections.body(ch, root, new Section(path, Section.Text.NONE, List.of()), null).length();
                        Response body = c.ok("FETCH " + seq + " BODY.PEEK[" + p + "]");
                        assertEquals(expected, body.literals.isEmpty() ? 0 : body.literals.get(0).length,
                                "BODY[" + p + "] of message " + seq);
                        Response binary = c.command("FETCH " + seq + " BINARY.PEEK[" + p + "]");
                        assertTrue(binary.last().contains(" OK ") || binary.last().contains(" NO [UNKNOWN-CTE]"),
                                "BINARY[" + p + "] of message " + seq + ": " + binary.last());
                        parts++;
                    }
                }
            }
            assertTrue(parts >= messages.size(), "every message has at least one part: " + parts);
        }
    }

    /** Part numbers of every leaf part (RFC 9051 section 6.4.5), recursing into multiparts. */
    private static List<List<Integer>> leafPaths(MimePart root) {
        List<List<Integer>> out = new ArrayList<>();
        if (!root.isMultipart()) {
            out.add(List.of(1));
            return out;
        }
        collect(root, new ArrayList<>(), out);
        return out;
    }

    private static void collect(MimePart multipart, List<Integer> prefix, List<List<Integer>> out) {
        List<MimePart> children = multipart.children();
        for (int i = 0; i < children.size(); i++) {
            List<Integer> path = new ArrayList<>(prefix);
            path.add(i + 1);
            if (children.get(i).isMultipart()) {
                collect(children.get(i), path, out);
            } else {
                out.add(path);
            }
        }
    }

    /** A response: its lines (literals cut out) and its literals' octets, in order. */
    private record Response(List<String> lines, List<byte[]> literals) {
        String last() {
            return lines.get(lines.size() - 1);
        }
    }

    /** A byte-exact IMAP client: literals are kept as octets, not decoded as text. */
    private static final class RawClient implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private int tag;

        RawClient(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            line(); // greeting
        }

        void sendAppend(String tag, String mailbox, byte[] message) throws IOException {
            out.write((tag + " APPEND " + mailbox + " ~{" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(message);
            out.write('\r');
            out.write('\n');
            out.flush();
        }

        Response command(String command) throws IOException {
            String t = "t" + (++tag);
            out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read(t);
        }

        Response ok(String command) throws IOException {
            Response r = command(command);
            assertTrue(r.last().contains(" OK "), command + ": " + r.last());
            return r;
        }

        Response read(String tag) throws IOException {
            List<String> lines = new ArrayList<>();
            List<byte[]> literals = new ArrayList<>();
            while (true) {
                String l = line();
                Matcher m = LITERAL_END.matcher(l);
                while (m.find()) {
                    literals.add(in.readNBytes(Integer.parseInt(m.group(1))));
                    String rest = line();
                    l = l + "<literal>" + rest;
                    m = LITERAL_END.matcher(rest);
                }
                lines.add(l);
                if (l.startsWith(tag + " ")) {
                    return new Response(lines, literals);
                }
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
