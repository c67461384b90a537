package io.bundlebox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.SubjectTerm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jakarta Mail (Eclipse Angus Mail 2.0.x from Maven Central, the implementation Java programs
 * use) searching for non-ASCII text (issue 9 item 8). With {@code mail.mime.allowutf8} it sends
 * {@code ENABLE UTF8=ACCEPT} (RFC 6855 section 3) and then the search string as ISO-8859-1 octets
 * in a quoted string, which is not UTF-8: the server reads such octets as ISO-8859-1 instead of
 * answering {@code BAD Invalid UTF-8 in string}.
 */
class AngusMailSearchTest {

    @TempDir
    static Path home;
    static ImapTestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ImapTestServer.start(home);
        server.addUser("jakarta", "pw");
        try (ImapClient c = server.login("jakarta", "pw")) {
            c.append("INBOX", "", ("From: =?UTF-8?Q?J=C3=B6rg?= <joerg@example.org>\r\n"
                    + "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=\r\n\r\nencoded-word subject\r\n").getBytes(StandardCharsets.US_ASCII));
            c.append("INBOX", "", "From: ann@example.org\r\nSubject: Hello\r\n\r\nplain\r\n".getBytes(StandardCharsets.US_ASCII));
            c.append("INBOX", "", ("From: ann@example.org\r\nSubject: =?ISO-8859-1?Q?Gr=FC=DFe_zur=FCck?=\r\n\r\nlatin-1 word\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void subjectTermWithUmlautsFindsTheMessagesAfterUtf8Accept() throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.host", "127.0.0.1");
        props.put("mail.imap.port", Integer.toString(server.port()));
        props.put("mail.imap.timeout", "20000");
        props.put("mail.mime.allowutf8", "true");
        Session session = Session.getInstance(props);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        session.setDebugOut(new PrintStream(wire, true, StandardCharsets.ISO_8859_1));
        session.setDebug(true);
        Store store = session.getStore("imap");
        store.connect("jakarta", "pw");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message[] found = inbox.search(new SubjectTerm("Grüße"));
            assertEquals(List.of(1, 3), Arrays.stream(found).map(Message::getMessageNumber).toList(), wireText(wire));
            assertEquals("Grüße aus Köln", found[0].getSubject());
            Message[] byName = inbox.search(new FromStringTerm("Jörg"));
            assertEquals(List.of(1), Arrays.stream(byName).map(Message::getMessageNumber).toList(), wireText(wire));
            assertEquals(0, inbox.search(new SubjectTerm("Grüßen")).length);
            inbox.close(false);
        } finally {
            store.close();
        }
        String sent = wireText(wire);
        // what made the difference: Angus Mail enabled UTF8=ACCEPT, then sent Latin-1 octets
        assertTrue(sent.contains("ENABLE UTF8=ACCEPT"), sent);
        // one octet each for ü and ß (Angus Mail's trace shows an octet above 127 as '?'): ISO-8859-1, where UTF-8 has four
        assertTrue(java.util.regex.Pattern.compile("SEARCH SUBJECT \"Gr(\u00fc\u00df|\\?\\?)e\"").matcher(sent).find(),
                "ISO-8859-1 octets on the wire: " + sent);
        assertTrue(!sent.contains(" BAD "), sent);
    }

    private static String wireText(ByteArrayOutputStream wire) {
        return wire.toString(StandardCharsets.ISO_8859_1);
    }
}
