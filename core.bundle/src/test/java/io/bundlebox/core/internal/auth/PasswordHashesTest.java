package io.bundlebox.core.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hashes made by Dovecot's {@code doveadm pw} (test data dovecot-hashes.tsv) verify, and only with their password. */
class PasswordHashesTest {

    record Reference(String scheme, String password, String hash) {
        @Override
        public String toString() {
            return scheme + " of '" + password + "'";
        }
    }

    static Stream<Reference> dovecotHashes() throws IOException {
        try (InputStream in = PasswordHashesTest.class.getResourceAsStream("dovecot-hashes.tsv")) {
            List<Reference> refs = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank())
                    .map(l -> l.split("\t"))
                    .map(f -> new Reference(f[0], f[1], f[2]))
                    .toList();
            assertEquals(14, refs.size(), "reference hashes");
            return refs.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("dovecotHashes")
    void dovecotHashVerifiesWithItsPassword(Reference ref) {
        assertTrue(PasswordHashes.verify(ref.hash(), ref.password()));
    }

    @ParameterizedTest
    @MethodSource("dovecotHashes")
    void dovecotHashRejectsOtherPasswords(Reference ref) {
        assertFalse(PasswordHashes.verify(ref.hash(), ref.password() + "x"));
        assertFalse(PasswordHashes.verify(ref.hash(), ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"secret", "{UNKNOWN}secret", "{PBKDF2}$1$salt$notanumber$00", "{SHA512-CRYPT}$5$abc$def",
        "{SCRAM-SHA-256}4096,!!,??", "{BLF-CRYPT}garbage", "{ARGON2ID}$argon2id$v=19"})
    void unknownOrMalformedEntriesNeverMatch(String stored) {
        assertFalse(PasswordHashes.verify(stored, "secret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{PLAIN}secret", "{CLEAR}secret", "{plain}secret"})
    void cleartextSchemes(String stored) {
        assertTrue(PasswordHashes.verify(stored, "secret"));
        assertFalse(PasswordHashes.verify(stored, "Secret"));
    }
}
