package io.bundlebox.store.maildir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bundlebox.imap.api.Flag;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of what the Maildir store parses from files others may write:
 * Maildir file names ({@code base:2,LETTERS}, the {@code ,B=} UID field), {@code dovecot-uidlist}
 * (Dovecot v3 and Courier v1) and {@code dovecot-keywords}. Nothing may throw; every UID read
 * lies in RFC 9051's 32-bit range; every keyword is a valid IMAP atom (it goes to clients in
 * FLAGS); what the store writes reads back the same.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the committed corpus
 * ({@code MaildirParsersFuzzTestInputs/} in the test resources) as a regression test; with
 * {@code JAZZER_FUZZ=1} it fuzzes (see "Fuzzing" in {@code store.maildir/README.md}).
 */
class MaildirParsersFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void fileNames(FuzzedDataProvider data) throws IOException {
        Path dir = Files.createTempDirectory("fuzz-kw");
        try {
            Files.writeString(dir.resolve(DovecotKeywords.FILE), "0 $Important\n1 work\n2 $Label1\n");
            DovecotKeywords keywords = DovecotKeywords.load(dir);
            long uidValidity = data.consumeLong(1, FolderIndex.MAX_UID);
            String name = data.consumeRemainingAsString();
            String base = MaildirFileName.base(name);
            String letters = MaildirFileName.letters(name);
            assertTrue(name.startsWith(base) && name.endsWith(letters));
            long uid = MaildirFileName.uid(name, uidValidity);
            assertTrue(uid >= 0 && uid <= FolderIndex.MAX_UID, "UID out of range: " + uid);
            if (uid > 0) {
                // the field's ASCII digits, compared as a number (",B=1-01" is UID 1)
                String field = ",B=" + uidValidity + "-";
                int at = base.lastIndexOf(field);
                assertTrue(at >= 0, name);
                String digits = base.substring(at + field.length()).replaceFirst("(?s)[^0-9].*", "");
                assertTrue(!digits.isEmpty(), "UID without ASCII digits: " + name);
                assertEquals(BigInteger.valueOf(uid), new BigInteger(digits), name);
            }
            Set<String> flags = MaildirFileName.flags(letters, keywords);
            for (String f : flags) {
                assertTrue(Flag.isSystem(f) || keywords.letter(f) != 0, f);
            }
            // Rewriting the name with its own flags keeps base and flags, letters in ASCII order.
            String again = MaildirFileName.withFlags(base, letters, flags, keywords);
            assertEquals(base, MaildirFileName.base(again));
            if (base.indexOf(':') < 0 && !base.contains(":2,")) {
                String newLetters = MaildirFileName.letters(again);
                assertEquals(flags, MaildirFileName.flags(newLetters, keywords));
                assertEquals(newLetters.chars().sorted().distinct().collect(StringBuilder::new,
                        StringBuilder::appendCodePoint, StringBuilder::append).toString(), newLetters);
            }
        } finally {
            deleteTree(dir);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void uidlist(byte[] file) throws IOException {
        Path dir = Files.createTempDirectory("fuzz-uidlist");
        try {
            Files.write(dir.resolve(DovecotUidlist.FILE), file);
            DovecotUidlist.Content c = DovecotUidlist.read(dir);
            if (c == null) {
                return;
            }
            assertTrue(c.uidValidity() > 0 && c.uidValidity() <= FolderIndex.MAX_UID, "UIDVALIDITY " + c.uidValidity());
            assertTrue(c.nextUid() >= 1 && c.nextUid() <= FolderIndex.MAX_UID + 1, "next UID " + c.nextUid());
            TreeMap<Long, String> byUid = new TreeMap<>();
            for (Map.Entry<String, Long> e : c.uids().entrySet()) {
                assertTrue(e.getValue() >= 1 && e.getValue() <= FolderIndex.MAX_UID, "UID " + e.getValue());
                if (e.getKey().matches("[A-Za-z0-9.,=_-]+")) {
                    byUid.putIfAbsent(e.getValue(), e.getKey());
                }
            }
            // What the store writes from it reads back the same.
            DovecotUidlist.write(dir, c.uidValidity(), c.nextUid(), byUid.entrySet());
            DovecotUidlist.Content back = DovecotUidlist.read(dir);
            assertEquals(c.uidValidity(), back.uidValidity());
            assertEquals(c.nextUid(), back.nextUid());
            TreeMap<Long, String> backByUid = new TreeMap<>();
            back.uids().forEach((base, uid) -> backByUid.put(uid, base));
            assertEquals(byUid, backByUid);
        } finally {
            deleteTree(dir);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void keywords(byte[] file) throws IOException {
        Path dir = Files.createTempDirectory("fuzz-keywords");
        try {
            Files.write(dir.resolve(DovecotKeywords.FILE), file);
            DovecotKeywords keywords = DovecotKeywords.load(dir);
            Set<String> seen = new HashSet<>();
            for (String k : keywords.all()) {
                assertTrue(DovecotKeywords.isKeyword(k), "not an IMAP keyword: [" + k + "]");
                assertTrue(seen.add(k), "keyword twice: " + k);
                assertEquals(k, keywords.keyword(keywords.letter(k)), "letter and keyword agree: " + k);
            }
            for (char c = 'a'; c <= 'z'; c++) {
                String k = keywords.keyword(c);
                assertTrue(k == null || keywords.letter(k) == c, "letter " + c);
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
