package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the scripted conversations in {@code src/test/resources/conversations/*.txt} against a
 * real server on a loopback socket. Script lines:
 * <ul>
 * <li>{@code # ...} comment; blank lines are ignored;
 * <li>{@code @user NAME PASSWORD} adds a user before the conversation starts;
 * <li>{@code @connect} opens a further connection; later lines talk on it ({@code @switch N}
 * selects connection N, 1-based);
 * <li>{@code C: text} sends {@code text} CRLF (use LITERAL+ {@code {n+}} for literals and put
 * the literal's lines on further {@code C:} lines);
 * <li>{@code S: text} expects the next response line to be {@code text}, where {@code ...}
 * matches any run of characters; a response line with a literal shows it inline after
 * {@code {n}} and CRLF, written in the script as {@code \r\n};
 * <li>{@code S~ text} skips response lines until one matches {@code text}.
 * </ul>
 */
class ConversationTest {

    @TempDir
    static Path home;
    static ImapTestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @TestFactory
    Stream<DynamicTest> conversations() throws IOException, URISyntaxException {
        Path dir = Path.of(ConversationTest.class.getResource("/conversations").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".txt")).sorted().toList().stream()
                    .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> run(p)));
        }
    }

    private static void run(Path script) throws Exception {
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        List<ImapClient> clients = new ArrayList<>();
        java.util.Map<ImapClient, String> greetings = new java.util.HashMap<>();
        ImapClient current = null;
        try {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = script.getFileName() + ":" + (i + 1);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("@user ")) {
                    String[] p = line.split(" ");
                    server.addUser(p[1], p[2]);
                } else if (line.equals("@connect")) {
                    current = server.connect();
                    clients.add(current);
                    greetings.put(current, current.greeting()); // the first S: line checks it
                } else if (line.startsWith("@switch ")) {
                    current = clients.get(Integer.parseInt(line.substring(8).strip()) - 1);
                } else if (line.startsWith("C: ")) {
                    current.send(unescape(line.substring(3)) + "\r\n");
                } else if (line.startsWith("S: ") || line.startsWith("S~ ")) {
                    String expected = unescape(line.substring(3));
                    boolean skipping = line.startsWith("S~");
                    String actual;
                    do {
                        actual = greetings.containsKey(current) ? greetings.remove(current) : current.readResponseLine();
                        if (actual == null) {
                            fail(where + ": expected '" + expected + "' but the connection closed");
                        }
                    } while (skipping && !matches(expected, actual));
                    assertTrue(matches(expected, actual), where + ": expected\n  " + expected + "\nbut got\n  " + actual);
                } else {
                    fail(where + ": cannot read script line '" + line + "'");
                }
            }
        } finally {
            for (ImapClient c : clients) {
                c.close();
            }
        }
    }

    private static String unescape(String s) {
        return s.replace("\\r\\n", "\r\n");
    }

    /** Exact match, except that {@code ...} stands for any run of characters. */
    static boolean matches(String expected, String actual) {
        String[] parts = expected.split("\\.\\.\\.", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append("(?s:.*)");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(actual).matches();
    }

    static InputStream resource(String name) {
        return ConversationTest.class.getResourceAsStream(name);
    }
}
