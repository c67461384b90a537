package io.bundlebox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.core.internal.auth.PasswordHashes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users file as {@code bundlebox user ...} writes it and the core reads it. */
class UsersFileTest {

    @TempDir
    Path dir;

    @Test
    void aStoredHashIsAcceptedByTheCoreForThePasswordOnly() {
        String stored = UsersFile.hash("pässwörd".toCharArray());
        assertTrue(PasswordHashes.verify(stored, "pässwörd"));
        assertFalse(PasswordHashes.verify(stored, "password"));
        assertFalse(stored.equals(UsersFile.hash("pässwörd".toCharArray())), "a fresh salt every time");
    }

    @Test
    void commentsAndOtherEntriesSurviveEdits() throws Exception {
        Path file = dir.resolve("conf/users");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# managed by hand too\nzed:{PLAIN}z:1000:1000::/home/zed\n");
        UsersFile users = new UsersFile(file);
        assertTrue(users.put("amy", "a".toCharArray()));
        assertFalse(users.put("amy", "b".toCharArray()));
        assertEquals(List.of("zed", "amy"), users.names());
        assertTrue(users.remove("amy"));
        assertFalse(users.remove("amy"));
        assertEquals(List.of("# managed by hand too", "zed:{PLAIN}z:1000:1000::/home/zed"), Files.readAllLines(file));
    }

    @Test
    void namesTheFileFormatOrImapCannotCarryAreRefused() {
        for (String bad : List.of("", "a:b", "a b", "#x", "-x", "x".repeat(65), "ü")) {
            assertThrows(IllegalArgumentException.class, () -> UsersFile.checkName(bad), bad);
        }
        for (String good : List.of("demo", "a.b-c_d+e@example.org", "7")) {
            UsersFile.checkName(good);
        }
    }

    @Test
    void randomPasswordsAreLongAndDiffer() {
        char[] a = UsersFile.randomPassword();
        assertEquals(16, a.length);
        assertFalse(new String(a).equals(new String(UsersFile.randomPassword())));
    }
}
