package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bundlebox.mailstore.HeaderKeys;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.Mailbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The header keys store feature (DESIGN.md section 4.1): computed when a message is appended
 * and kept in the index (they survive a restart), computed on first request for a message
 * delivered from outside, copied with a message, and absent for a gone UID.
 */
class HeaderKeysIndexTest {

    @TempDir
    Path root;

    private static final String MESSAGE = "From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <jm@example.org>\r\n"
            + "To: a@example.org, \"B, Bee\" <b@example.org>\r\n"
            + "Subject: Re: [list] =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\n"
            + "Date: Wed, 31 Dec 2000 16:01:33 -0800\r\n"
            + "Message-ID: <1@x>\r\nReferences: <0@x>\r\n\t<00@x>\r\n\r\nbody\r\n";

    @Test
    void keysAreIndexedAtAppendAndSurviveARestart() throws Exception {
        long uid;
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("alice").open("INBOX")) {
            uid = append(inbox, MESSAGE.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.now()).uid();
            assertNotNull(inbox.cached(uid, HeaderKeys.CACHE_KEY), "cached at append time, before anyone asks");
        }
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("alice").open("INBOX")) {
            String cached = inbox.cached(uid, HeaderKeys.CACHE_KEY);
            HeaderKeys k = HeaderKeys.fromCache(cached);
            assertNotNull(k, "the index kept the keys across a restart");
            assertEquals(Instant.parse("2001-01-01T00:01:33Z").toEpochMilli(), k.date(), "RFC 5256 2.2: normalised to UTC");
            assertEquals("Re: [list] Grüße", k.subject());
            assertEquals("Jürgen Müller", k.from().get(0).displayName());
            assertEquals("jm", k.from().get(0).mailbox());
            assertEquals("B, Bee", k.to().get(1).name());
            assertEquals("<0@x>\t<00@x>", k.references());
            assertEquals("<1@x>", k.messageId());
            assertNull(k.inReplyTo());
            assertEquals(0, k.cc().size());
        }
    }

    @Test
    void outsideDeliveriesGetKeysOnFirstRequestAndCopiesKeepThem() throws Exception {
        try (MailStore store = StoreFixture.open(root); Mailbox inbox = store.user("alice").open("INBOX")) {
            inbox.snapshot();
            Path delivered = root.resolve("alice/new/1700000000.M1P1.host");
            Files.writeString(delivered, "Subject: outside\r\nDate: bogus\r\n\r\nx\r\n");
            StoreFixture.await(java.time.Duration.ofSeconds(10), "the delivery is noticed", () -> {
                try {
                    return inbox.snapshot().size() == 1;
                } catch (Exception e) {
                    return false;
                }
            });
            long uid = inbox.snapshot().get(0).uid();
            HeaderKeys[] keys = inbox.headerKeys(new long[] {uid, uid + 100});
            assertEquals("outside", keys[0].subject());
            assertEquals(HeaderKeys.NO_DATE, keys[0].date());
            assertNull(keys[1], "a UID that does not exist has no keys");
            assertNotNull(inbox.cached(uid, HeaderKeys.CACHE_KEY), "computed once, then cached");

            store.user("alice").create("Other", Set.of());
            try (Mailbox other = store.user("alice").open("Other")) {
                long copied = inbox.copy(new long[] {uid}, other).targetUids()[0];
                assertEquals(keys[0].toCache(), other.cached(copied, HeaderKeys.CACHE_KEY), "the copy carries the keys");
            }
        }
    }
}
