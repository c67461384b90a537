package io.bundlebox.imap.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Modified UTF-7 (RFC 9051 section 5.1.3) both ways, and INBOX normalization (section 5.1). */
class MailboxNameTest {

    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource(delimiter = '|', value = {
        "~peter/mail/台北/日本語 | ~peter/mail/&U,BTFw-/&ZeVnLIqe-",
        "Tom & Jerry             | Tom &- Jerry",
        "&&                      | &-&-",
        "Entwürfe                | Entw&APw-rfe",
        "😀                      | &2D3eAA-",
        "a\u0007b                | a&AAc-b",
        "plain/ascii %*          | plain/ascii %*"})
    void roundTrips(String name, String wire) {
        assertEquals(wire, MailboxName.encodeUtf7(name));
        assertEquals(name, MailboxName.decodeUtf7(wire));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "&ZeVnLIqe      | unterminated",
        "&Ze/nLIqe-     | not modified base64",
        "&U,A=-         | not modified base64",
        "&U,BT-         | incomplete UTF-16 code unit",
        "&U,B-          | incomplete UTF-16 code unit",
        "&AGE-          | encodes printable US-ASCII",
        "&2D0-          | unpaired surrogate",
        "&3gA-          | unpaired surrogate",
        "Grüße          | non-ASCII"})
    void rejectsInvalidModifiedUtf7(String wire, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MailboxName.decodeUtf7(wire));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"inbox,INBOX", "InBoX,INBOX", "inbox/Sent,INBOX/Sent", "inboxes,inboxes", "inbox/,inbox/", "Other,Other"})
    void normalizesInbox(String name, String expected) {
        assertEquals(expected, MailboxName.normalize(name));
    }
}
