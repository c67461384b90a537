package io.bundlebox.core.internal.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.core.internal.mime.MimeParser;
import io.bundlebox.core.internal.mime.MimePart;
import io.bundlebox.core.internal.mime.SearchText;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.StoreConfig;
import io.bundlebox.store.maildir.internal.MaildirStoreProvider;
import java.io.ByteArrayInputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast octet path of BODY and TEXT (cached {@link TextLayout}, {@link OctetSearch}) must find
 * exactly what the MIME layer's character path ({@link SearchText}) finds, over the 453
 * real-world MIME edge cases of the shared corpus (rare charsets, broken boundaries, nested
 * messages, bad encodings) and a set of ASCII strings; every search is run twice, so that the
 * second one takes the cached layout. The messages sit in a real Maildir store in a temporary
 * folder. Skipped, saying so, without the corpus.
 */
class SearchPathsAgreeTest {

    private static final List<String> NEEDLES = List.of("the", "http", "Content-Type", "charset", "attachment",
            "boundary", "=", "hello", "test", "message", "subject", "RFC", "<html", "base64", "a", "zzqqxx", "\t");

    /**
     * Known, intended differences: the MIME layer keeps header fields up to 64 KB, cutting this
     * message's 135 KB To: field inside an encoded word whose "=" then shows; search decodes the
     * whole top-level header (HeaderFields), where no "=" is left.
     */
    private static final Set<String> KNOWN = Set.of("TEXT \"=\" in mimekit__messages_stack-overflow.txt.eml: expected true");

    @TempDir
    Path root;

    @Test
    void fastAndCharacterPathsAgreeOnMimeEdgeCases() throws Exception {
        String shared = System.getProperty("bundlebox.shared");
        Path dir = shared == null ? null : Path.of(shared, "corpus", "mime-edge");
        assertTrue(dir != null && Files.isDirectory(dir), "shared corpus (bundlebox.shared) not found");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        try (MailStore store = new MaildirStoreProvider().open(new StoreConfig(root, Map.of()));
                Mailbox mailbox = store.user("search").open("INBOX")) {
            for (int i = 0; i < files.size(); i++) {
                byte[] message = Files.readAllBytes(files.get(i));
                long uid = mailbox.append(new ByteArrayInputStream(message), message.length, Set.of(), Instant.EPOCH).uid();
                assertEquals(i + 1, uid, "the store numbers the corpus files 1, 2, 3, ...");
            }
            compare(files, mailbox);
        }
    }

    private static void compare(List<Path> files, Mailbox mailbox) throws Exception {
        MessageText.Source texts = MailboxMessageText.source(mailbox);
        List<String> disagreements = new ArrayList<>();
        int matches = 0;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < files.size(); i++) {
                long uid = i + 1;
                for (String needle : NEEDLES) {
                    SearchString s = new SearchString(needle);
                    boolean body;
                    boolean text;
                    try (SeekableByteChannel ch = mailbox.content(uid)) {
                        MimePart root = MimeParser.parse(ch);
                        body = SearchText.bodyContains(ch, root, needle);
                        text = SearchText.textContains(ch, root, needle);
                    }
                    MessageText m = texts.of(uid);
                    if (m.bodyContains(s) != body) {
                        disagreements.add("BODY \"" + needle + "\" in " + files.get(i).getFileName() + ": expected " + body);
                    }
                    if (m.textContains(s) != text) {
                        disagreements.add("TEXT \"" + needle + "\" in " + files.get(i).getFileName() + ": expected " + text);
                    }
                    matches += body ? 1 : 0;
                }
            }
        }
        assertTrue(matches > 1000, "the strings must occur often enough to mean something: " + matches);
        assertEquals(List.of(), disagreements.stream().distinct().filter(d -> !KNOWN.contains(d)).limit(30).toList());
    }
}
