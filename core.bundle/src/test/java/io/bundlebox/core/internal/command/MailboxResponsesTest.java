package io.bundlebox.core.internal.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bundlebox.core.internal.command.StatusCommand.Item;
import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Byte-exact LIST, LSUB and STATUS responses, and STATUS values from a snapshot. */
class MailboxResponsesTest {

    @ParameterizedTest(name = "utf8={2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            Entwürfe     | \\HasNoChildren              | false | '* LIST (\\HasNoChildren) "/" "Entw&APw-rfe"'
            Entwürfe     | \\HasNoChildren              | true  | '* LIST (\\HasNoChildren) "/" "Entwürfe"'
            a&b          | \\NonExistent \\HasChildren  | false | '* LIST (\\NonExistent \\HasChildren) "/" "a&-b"'
            'say "hi"'   | \\HasNoChildren              | true  | '* LIST (\\HasNoChildren) "/" "say \\"hi\\""'
            """)
    void listLine(String name, String attributes, boolean utf8, String expected) throws Exception {
        assertEquals(expected + "\r\n", render(utf8, out -> ListCommand.writeEntry(out, "LIST",
                List.of(attributes.split(" ")), name, null)));
    }

    @Test
    void listLineWithChildInfoAndEmptyAttributes() throws Exception {
        assertEquals("* LIST () \"/\" \"Foo\" (\"CHILDINFO\" (\"SUBSCRIBED\"))\r\n",
                render(false, out -> ListCommand.writeEntry(out, "LIST", List.of(), "Foo", "(\"CHILDINFO\" (\"SUBSCRIBED\"))")));
        assertEquals("* LSUB (\\Noselect) \"/\" \"\"\r\n",
                render(false, out -> ListCommand.writeEntry(out, "LSUB", List.of("\\Noselect"), "", null)));
    }

    @Test
    void statusLineKeepsTheAskedOrder() throws Exception {
        assertEquals("* STATUS \"Entw&APw-rfe\" (UIDNEXT 44292 MESSAGES 231)\r\n", render(false,
                out -> StatusCommand.writeStatus(out, "Entwürfe", List.of(Item.UIDNEXT, Item.MESSAGES), new long[] {44292, 231})));
    }

    @Test
    void statusValuesComeFromTheSnapshot() {
        MailboxSnapshot snap = new MailboxSnapshot(77, 10, 5, new MessageRecord[] {
            record(2, 100, "\\Seen"),
            record(5, 250, "\\Deleted"),
            record(7, 1000, "\\Seen", "\\Deleted", "$Junk"),
            record(9, 3, "\\Flagged")});
        assertArrayEquals(new long[] {4, 10, 77, 2, 2, 1353, 0}, StatusCommand.values(null, snap,
                List.of(Item.MESSAGES, Item.UIDNEXT, Item.UIDVALIDITY, Item.UNSEEN, Item.DELETED, Item.SIZE, Item.RECENT)));
        assertArrayEquals(new long[] {0, 0, 0, 1}, StatusCommand.values(null, new MailboxSnapshot(3, 1, 0, new MessageRecord[0]),
                List.of(Item.MESSAGES, Item.UNSEEN, Item.SIZE, Item.UIDNEXT)));
    }

    private static MessageRecord record(long uid, long size, String... flags) {
        return new MessageRecord(uid, Set.of(flags), Instant.EPOCH, size, uid, null);
    }

    private interface Writing {
        void write(ResponseWriter out) throws Exception;
    }

    private static String render(boolean utf8, Writing writing) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResponseWriter out = new ResponseWriter(bytes);
        out.utf8(utf8);
        writing.write(out);
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
