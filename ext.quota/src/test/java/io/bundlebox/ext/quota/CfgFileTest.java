package io.bundlebox.ext.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SETQUOTA's keys written into a {@code .cfg} file: the operator's lines kept, the keys read back by java.util.Properties. */
class CfgFileTest {

    @TempDir
    Path dir;

    private static Map<String, String> keys(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Properties read(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    @Test
    void keysAreReplacedInPlaceOrAppendedAndEverythingElseStays() {
        String before = "# quota for the shop\n"
                + "admins = root\n"
                + "\n"
                + "user.ann.messages = 5\n"
                + "! old style comment\n"
                + "storage.kib : 1024\n";
        assertEquals("# quota for the shop\n"
                + "admins = root\n"
                + "\n"
                + "user.ann.messages = 0\n"
                + "! old style comment\n"
                + "storage.kib : 1024\n"
                + "user.ann.storage.kib = 512\n",
                CfgFile.set(before, keys("user.ann.messages", "0", "user.ann.storage.kib", "512")));
    }

    @Test
    void continuedLinesEscapedKeysAndRepeatsAreHandled() throws Exception {
        String before = "user.bob.messages = 1\\\n    00\n"
                + "user.bob.messages=7\n"
                + "a\\=b = kept\n"
                + "messages 9\n";
        String after = CfgFile.set(before, keys("user.bob.messages", "3", "messages", "10"));
        assertEquals("user.bob.messages = 3\na\\=b = kept\nmessages = 10\n", after);
        assertEquals("kept", read(after).getProperty("a=b"));
    }

    @Test
    void userNamesThatNeedEscapingReadBackTheSame() throws Exception {
        Map<String, String> odd = keys("user.ann lee.messages", "4", "user.x:y=z#!\\.mailboxes", "2",
                "user.jos\u00e9@a.example.storage.kib", "8");
        String text = CfgFile.set("", odd);
        Properties p = read(text);
        odd.forEach((k, v) -> assertEquals(v, p.getProperty(k), k));
        assertEquals(text, CfgFile.set(text, odd), "setting them again changes nothing");
        for (String line : text.split("\n")) {
            assertEquals(true, odd.containsKey(CfgFile.keyOf(line)), line);
        }
    }

    @Test
    void theFileIsReplacedWholeAndCreatedWhenAbsent() throws Exception {
        Path file = dir.resolve("io.bundlebox.ext.quota.cfg");
        CfgFile.set(file, keys("user.ann.messages", "5"));
        assertEquals("user.ann.messages = 5\n", Files.readString(file));
        Files.writeString(file, "# mine\r\nadmins = ann\r\nuser.ann.messages = 5\r\n");
        CfgFile.set(file, keys("user.ann.messages", "6"));
        assertEquals("# mine\nadmins = ann\nuser.ann.messages = 6\n", Files.readString(file, StandardCharsets.ISO_8859_1));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }
}
