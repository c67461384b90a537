package io.bundlebox.store.maildir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.UserMailboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names that could leave a user's Maildir, or another user's, are refused with a clear text. */
class NameSafetyTest {

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(strings = {"..", "../bob", "a/../../etc", ".hidden", "a/.b", "", "/", "a//b", "a/", "nul\0byte",
        "tab\there", "bell\u0007", "del\u007f"})
    void badMailboxNamesAreRefusedWithCannot(String name) throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            UserMailboxes alice = store.user("alice");
            MailStoreException create = assertThrows(MailStoreException.class, () -> alice.create(name, Set.of()));
            assertEquals(ResponseCode.CANNOT, create.code());
            assertFalse(create.getMessage().isBlank());
            assertEquals(ResponseCode.CANNOT, assertThrows(MailStoreException.class, () -> alice.open(name)).code());
        }
        assertOnlyAliceAndNothingOutside();
    }

    @Test
    void overLongComponentsAreRefused() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            UserMailboxes alice = store.user("alice");
            String tooLong = "x".repeat(256);
            MailStoreException e = assertThrows(MailStoreException.class, () -> alice.create(tooLong, Set.of()));
            assertEquals(ResponseCode.CANNOT, e.code());
            assertTrue(e.getMessage().contains("255"));
            // 250 bytes fit one component but not the whole Maildir++ directory name with a parent.
            assertThrows(MailStoreException.class, () -> alice.create("parent/" + "y".repeat(250), Set.of()));
            alice.create("z".repeat(200), Set.of());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "a/b", "../alice", "", "nul\0", ".hidden", "back\\slash", "line\nfeed"})
    void badUserNamesAreRefused(String user) throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            assertEquals(ResponseCode.NOPERM, assertThrows(MailStoreException.class, () -> store.user(user)).code());
        }
    }

    @Test
    void oneUserCannotReachAnothersFolders() throws Exception {
        try (MailStore store = StoreFixture.open(root)) {
            store.user("bob").create("Private", Set.of());
            UserMailboxes alice = store.user("alice");
            assertEquals(ResponseCode.NONEXISTENT, assertThrows(MailStoreException.class,
                    () -> alice.open("Private")).code());
            assertEquals(ResponseCode.CANNOT, assertThrows(MailStoreException.class,
                    () -> alice.open("../bob/.Private")).code());
            try (var bobs = store.user("bob").open("Private"); var alices = alice.open("INBOX")) {
                StoreFixture.append(bobs, StoreFixture.message(1));
                assertEquals(ResponseCode.NOPERM, assertThrows(MailStoreException.class,
                        () -> bobs.copy(new long[] {1}, alices)).code());
            }
        }
    }

    private void assertOnlyAliceAndNothingOutside() throws Exception {
        try (Stream<Path> top = Files.list(root)) {
            assertEquals(Set.of("alice"), top.map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet()));
        }
        try (Stream<Path> folders = Files.list(root.resolve("alice"))) {
            assertTrue(folders.noneMatch(p -> p.getFileName().toString().startsWith(".")),
                    "no folder was created for a refused name");
        }
    }
}
