package io.bundlebox.imap.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.SequenceSet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven tests of {@link ImapReader} against the formal syntax of RFC 9051 section 9,
 * RFC 7888 (LITERAL+/LITERAL-) and RFC 3516 (literal8): each grammar rule with good input and
 * with malformed input, which must fail with BAD naming what was expected.
 */
class ImapReaderTest {

    /** A parse step: one grammar method applied to a reader. */
    @FunctionalInterface
    interface Rule {
        Object read(ImapReader in) throws IOException, ImapException;
    }

    /** Records what the reader asked of the gate, standing in for the session's "+ Ready". */
    static final class RecordingGate implements ImapReader.LiteralGate {
        final List<String> asked = new ArrayList<>();
        boolean refuse;

        @Override
        public void accept(long size, boolean synchronizing) throws ImapException {
            asked.add((synchronizing ? "sync " : "nonsync ") + size);
            if (refuse) {
                throw ImapException.no("refused");
            }
        }
    }

    static final WireLimits SMALL = new WireLimits(64, 32, 4);

    static ImapReader reader(String wire, RecordingGate gate) {
        return reader(wire.getBytes(StandardCharsets.UTF_8), gate, WireLimits.DEFAULT);
    }

    static ImapReader reader(byte[] wire, RecordingGate gate, WireLimits limits) {
        ImapReader in = new ImapReader(new ByteArrayInputStream(wire), limits, gate);
        in.beginCommand();
        return in;
    }

    static ImapReader reader(String wire) {
        return reader(wire, new RecordingGate());
    }

    /** Reads with {@code rule} and returns what is left of the input. */
    static String rest(ImapReader in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.peek()) >= 0) {
            sb.append((char) b);
            in.skipIf((char) b);
        }
        return sb.toString();
    }

    // ---- good input: rule, wire, value, what remains ------------------------------------------

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("atom", (Rule) ImapReader::atom, "FETCH ", "FETCH", " "),
                Arguments.of("atom stops at ]", (Rule) ImapReader::atom, "BODY]", "BODY", "]"),
                Arguments.of("atom stops at %", (Rule) ImapReader::atom, "a%", "a", "%"),
                Arguments.of("keyword upper-cased", (Rule) ImapReader::keyword, "uid fetch", "UID", " fetch"),
                Arguments.of("tag stops at +", (Rule) ImapReader::tag, "a1+ x", "a1", "+ x"),
                Arguments.of("tag may hold ]", (Rule) ImapReader::tag, "a]1 NOOP", "a]1", " NOOP"),
                Arguments.of("number", (Rule) ImapReader::number, "4294967295)", 4294967295L, ")"),
                Arguments.of("number64", (Rule) ImapReader::number64, "9223372036854775807", Long.MAX_VALUE, ""),
                Arguments.of("nz-number", (Rule) ImapReader::nzNumber, "007 ", 7L, " "),
                Arguments.of("quoted", (Rule) ImapReader::quoted, "\"a b\" x", "a b", " x"),
                Arguments.of("quoted empty", (Rule) ImapReader::quoted, "\"\"", "", ""),
                Arguments.of("quoted escapes", (Rule) ImapReader::quoted, "\"say \\\"hi\\\" \\\\o/\"", "say \"hi\" \\o/", ""),
                Arguments.of("quoted UTF-8", (Rule) ImapReader::quoted, "\"Grüße 日本\"", "Grüße 日本", ""),
                Arguments.of("astring atom", (Rule) ImapReader::astring, "alice secret", "alice", " secret"),
                Arguments.of("astring with ]", (Rule) ImapReader::astring, "a]b)", "a]b", ")"),
                Arguments.of("astring quoted", (Rule) ImapReader::astring, "\"two words\"", "two words", ""),
                Arguments.of("astring literal+", (Rule) ImapReader::astring, "{5+}\r\nhello world", "hello", " world"),
                Arguments.of("astring literal bare LF", (Rule) ImapReader::astring, "{2+}\nab", "ab", ""),
                Arguments.of("astring empty literal", (Rule) ImapReader::astring, "{0}\r\n x", "", " x"),
                Arguments.of("astring starting with ~", (Rule) ImapReader::astring, "~peter/mail x", "~peter/mail", " x"),
                Arguments.of("astring UTF-8 atom", (Rule) ImapReader::astring, "Grüße x", "Grüße", " x"),
                Arguments.of("nstring NIL", (Rule) ImapReader::nstring, "NIL)", null, ")"),
                Arguments.of("nstring nil", (Rule) ImapReader::nstring, "nil", null, ""),
                Arguments.of("nstring quoted", (Rule) ImapReader::nstring, "\"NIL\"", "NIL", ""),
                Arguments.of("nstring literal", (Rule) ImapReader::nstring, "{3}\r\nNIL", "NIL", ""),
                Arguments.of("atom list", (Rule) ImapReader::atomList, "(messages uidNext) x", List.of("MESSAGES", "UIDNEXT"), " x"),
                Arguments.of("empty atom list", (Rule) ImapReader::atomList, "()", List.of(), ""),
                Arguments.of("flag list", (Rule) ImapReader::flagList, "(\\seen \\DELETED $Forwarded \\X-Ext)",
                        List.of("\\Seen", "\\Deleted", "$Forwarded", "\\X-Ext"), ""),
                Arguments.of("empty flag list", (Rule) ImapReader::flagList, "() ", List.of(), " "),
                Arguments.of("flag", (Rule) ImapReader::flag, "\\answered ", "\\Answered", " "),
                Arguments.of("keyword flag", (Rule) ImapReader::flag, "Junk)", "Junk", ")"),
                Arguments.of("date", (Rule) ImapReader::date, "1-Feb-1994 ", LocalDate.of(1994, 2, 1), " "),
                Arguments.of("date quoted", (Rule) ImapReader::date, "\"29-feb-2024\"", LocalDate.of(2024, 2, 29), ""),
                Arguments.of("date-time", (Rule) ImapReader::dateTime, "\"17-Jul-1996 02:44:25 -0700\"",
                        OffsetDateTime.of(1996, 7, 17, 2, 44, 25, 0, ZoneOffset.ofHours(-7)), ""),
                Arguments.of("date-time space-padded day", (Rule) ImapReader::dateTime, "\" 7-Feb-1994 21:52:25 +0130\"",
                        OffsetDateTime.of(1994, 2, 7, 21, 52, 25, 0, ZoneOffset.ofHoursMinutes(1, 30)), ""),
                Arguments.of("sequence set", (Rule) in -> in.sequenceSet().toString(), "1,3:5,7:* x", "1,3:5,7:*", " x"),
                Arguments.of("sequence set reversed range", (Rule) in -> in.sequenceSet().toString(), "9:2", "9:2", ""),
                Arguments.of("sequence set star", (Rule) in -> in.sequenceSet().toString(), "*", "*", ""),
                Arguments.of("sequence set star range", (Rule) in -> in.sequenceSet().toString(), "*:4 ", "*:4", " "),
                Arguments.of("saved result", (Rule) in -> in.sequenceSet().isSavedResult(), "$ ", true, " "),
                Arguments.of("mailbox INBOX any case", (Rule) ImapReader::mailbox, "inBox ", "INBOX", " "),
                Arguments.of("mailbox inbox child", (Rule) ImapReader::mailbox, "inbox/Sent", "INBOX/Sent", ""),
                Arguments.of("mailbox modified UTF-7 (RFC 9051 5.1.3)", (Rule) ImapReader::mailbox,
                        "~peter/mail/&U,BTFw-/&ZeVnLIqe-", "~peter/mail/台北/日本語", ""),
                Arguments.of("mailbox &- is &", (Rule) ImapReader::mailbox, "\"Tom &- Jerry\"", "Tom & Jerry", ""),
                Arguments.of("list-mailbox wildcards", (Rule) ImapReader::listMailbox, "INBOX/%/* x", "INBOX/%/*", " x"),
                Arguments.of("list-mailbox modified UTF-7", (Rule) ImapReader::listMailbox, "&ZeVnLIqe-*", "日本語*", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void readsGoodInput(String name, Rule rule, String wire, Object value, String left) throws Exception {
        ImapReader in = reader(wire);
        assertEquals(value, rule.read(in));
        assertEquals(left, rest(in));
    }

    // ---- malformed input: rule, wire (one char per octet), text the BAD must contain ----------

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("empty atom", (Rule) ImapReader::atom, "(x", "Expected an atom, found '('"),
                Arguments.of("atom at end of line", (Rule) ImapReader::atom, "\r\n", "Expected an atom, found end of line"),
                Arguments.of("atom NUL", (Rule) ImapReader::atom, "\0abc", "Expected an atom, found '\\x00'"),
                Arguments.of("atom 8-bit", (Rule) ImapReader::atom, "\u00c3\u00a9", "Expected an atom, found '\\xc3'"),
                Arguments.of("tag +", (Rule) ImapReader::tag, "+ x", "Expected a tag, found '+'"),
                Arguments.of("tag *", (Rule) ImapReader::tag, "* x", "Expected a tag, found '*'"),
                Arguments.of("number letters", (Rule) ImapReader::number, "x1", "Expected a number, found 'x'"),
                Arguments.of("number over 32 bits", (Rule) ImapReader::number, "4294967296", "Number out of range"),
                Arguments.of("number64 overflow", (Rule) ImapReader::number64, "9223372036854775808", "Number out of range"),
                Arguments.of("number64 long overflow", (Rule) ImapReader::number64, "99999999999999999999999999", "Number out of range"),
                Arguments.of("nz-number zero", (Rule) ImapReader::nzNumber, "0", "Expected a non-zero number"),
                Arguments.of("quoted unterminated", (Rule) ImapReader::quoted, "\"abc\r\n", "Expected closing '\"', found end of line"),
                Arguments.of("quoted at end of input", (Rule) ImapReader::quoted, "\"abc", "Expected closing '\"', found end of input"),
                Arguments.of("quoted NUL", (Rule) ImapReader::quoted, "\"a\0b\"", "Expected closing '\"', found '\\x00'"),
                Arguments.of("quoted bad escape", (Rule) ImapReader::quoted, "\"a\\nb\"", "Only \\\\ and \\\" may be escaped"),
                Arguments.of("quoted invalid UTF-8", (Rule) ImapReader::quoted, "\"a\u00ff\"", "Invalid UTF-8"),
                Arguments.of("astring empty", (Rule) ImapReader::astring, ")", "Expected an astring, found ')'"),
                Arguments.of("string binary literal", (Rule) ImapReader::string, "~{3}\r\nabc", "Expected a string, found '~'"),
                Arguments.of("string atom", (Rule) ImapReader::string, "abc", "Expected a string, found 'a'"),
                Arguments.of("literal without }", (Rule) ImapReader::astring, "{3\r\nabc", "Expected '}', found end of line"),
                Arguments.of("literal without CRLF", (Rule) ImapReader::astring, "{3}abc", "Expected CRLF after the literal's size, found 'a'"),
                Arguments.of("literal CR without LF", (Rule) ImapReader::astring, "{3}\rabc", "Expected CRLF after the literal's size, found 'a'"),
                Arguments.of("literal size not a number", (Rule) ImapReader::astring, "{x}\r\n", "Expected a number, found 'x'"),
                Arguments.of("literal size overflow", (Rule) ImapReader::astring, "{99999999999999999999+}\r\n", "Number out of range"),
                Arguments.of("literal with NUL", (Rule) ImapReader::astring, "{3+}\r\na\0b", "NUL octet in a literal"),
                Arguments.of("literal invalid UTF-8", (Rule) ImapReader::astring, "{1+}\r\n\u00ff", "Invalid UTF-8"),
                Arguments.of("nstring atom", (Rule) ImapReader::nstring, "abc", "Expected a string, found 'a'"),
                Arguments.of("nstring NIX", (Rule) ImapReader::nstring, "NIX", "Expected NIL, found 'X'"),
                Arguments.of("atom list unclosed", (Rule) ImapReader::atomList, "(A B\r\n", "Expected ')', found end of line"),
                Arguments.of("atom list double space", (Rule) ImapReader::atomList, "(A  B)", "Expected an atom, found ' '"),
                Arguments.of("flag list unclosed", (Rule) ImapReader::flagList, "(\\Seen", "Expected ')', found end of input"),
                Arguments.of("flag list without (", (Rule) ImapReader::flagList, "\\Seen", "Expected '(', found '\\'"),
                Arguments.of("flag list nested", (Rule) ImapReader::flagList, "((\\Seen))", "Expected an atom, found '('"),
                Arguments.of("flag backslash alone", (Rule) ImapReader::flag, "\\ ", "Expected an atom, found ' '"),
                Arguments.of("date without month", (Rule) ImapReader::date, "1-2-1994", "Expected a month name, found '2'"),
                Arguments.of("date unknown month", (Rule) ImapReader::date, "1-Fab-1994", "Unknown month fab"),
                Arguments.of("date month across names", (Rule) ImapReader::date, "1-anf-1994", "Unknown month anf"),
                Arguments.of("date short year", (Rule) ImapReader::date, "1-Feb-94", "Expected 4 digit(s), found end of input"),
                Arguments.of("date 30 Feb", (Rule) ImapReader::date, "30-Feb-2024", "Invalid date"),
                Arguments.of("date unclosed quote", (Rule) ImapReader::date, "\"1-Feb-1994 ", "Expected '\"', found ' '"),
                Arguments.of("date-time unquoted", (Rule) ImapReader::dateTime, "17-Jul-1996 02:44:25 -0700", "Expected '\"', found '1'"),
                Arguments.of("date-time no zone", (Rule) ImapReader::dateTime, "\"17-Jul-1996 02:44:25\"", "Expected ' ', found '\"'"),
                Arguments.of("date-time zone sign", (Rule) ImapReader::dateTime, "\"17-Jul-1996 02:44:25 0700\"", "Expected a zone (+hhmm or -hhmm), found '0'"),
                Arguments.of("date-time hour 24", (Rule) ImapReader::dateTime, "\"17-Jul-1996 24:00:00 +0000\"", "Invalid date-time"),
                Arguments.of("date-time zone minutes 60", (Rule) ImapReader::dateTime, "\"17-Jul-1996 02:44:25 +0060\"", "Invalid date-time"),
                Arguments.of("sequence set zero", (Rule) ImapReader::sequenceSet, "0:5", "Expected a non-zero number"),
                Arguments.of("sequence set empty", (Rule) ImapReader::sequenceSet, " 1", "Expected a sequence number or '*', found ' '"),
                Arguments.of("sequence set trailing comma", (Rule) ImapReader::sequenceSet, "1,\r\n", "Expected a sequence number or '*', found end of line"),
                Arguments.of("sequence set open range", (Rule) ImapReader::sequenceSet, "1: ", "Expected a sequence number or '*', found ' '"),
                Arguments.of("sequence set over 32 bits", (Rule) ImapReader::sequenceSet, "4294967296", "Number out of range"),
                Arguments.of("list-mailbox empty", (Rule) ImapReader::listMailbox, "\r\n", "Expected a mailbox pattern, found end of line"));
    }

    /** Names that are not valid modified UTF-7: NO [CANNOT], not BAD (RFC 3501 section 5.1.3 says SHOULD). */
    static Stream<Arguments> refusedNames() {
        return Stream.of(
                Arguments.of("mailbox unterminated &", (Rule) ImapReader::mailbox, "&ZeVnLIqe", "unterminated"),
                Arguments.of("mailbox bad base64", (Rule) ImapReader::mailbox, "&Ze/nLIqe-", "not modified base64"),
                Arguments.of("mailbox base64 padding", (Rule) ImapReader::mailbox, "&U,A=-", "not modified base64"),
                Arguments.of("mailbox odd octets", (Rule) ImapReader::mailbox, "&U,BT-", "incomplete UTF-16 code unit"),
                Arguments.of("mailbox non-zero pad bits", (Rule) ImapReader::mailbox, "&U,B-", "incomplete UTF-16 code unit"),
                Arguments.of("mailbox encoded ASCII", (Rule) ImapReader::mailbox, "&AGE-", "encodes printable US-ASCII"),
                Arguments.of("mailbox encoded &", (Rule) ImapReader::mailbox, "&ACY-", "encodes printable US-ASCII"),
                Arguments.of("mailbox unpaired surrogate", (Rule) ImapReader::mailbox, "&2D0-", "unpaired surrogate"),
                Arguments.of("mailbox 8-bit without UTF-8", (Rule) ImapReader::mailbox, "Gr\u00c3\u00bc", "non-ASCII"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedNames")
    void refusesInvalidModifiedUtf7NamesWithNo(String name, Rule rule, String wire, String text) {
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        ImapException e = assertThrows(ImapException.class, () -> rule.read(reader(bytes, new RecordingGate(), WireLimits.DEFAULT)));
        assertEquals(ImapException.Kind.NO, e.kind());
        assertEquals(io.bundlebox.imap.api.ResponseCode.CANNOT, e.code());
        assertTrue(e.getMessage().contains(text), () -> "'" + e.getMessage() + "' should contain '" + text + "'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectsMalformedInputWithBad(String name, Rule rule, String wire, String text) {
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1); // one char per octet: \u00ff is the octet 0xff
        ImapException e = assertThrows(ImapException.class, () -> rule.read(reader(bytes, new RecordingGate(), WireLimits.DEFAULT)));
        assertEquals(ImapException.Kind.BAD, e.kind());
        assertTrue(e.getMessage().contains(text), () -> "'" + e.getMessage() + "' should contain '" + text + "'");
    }

    // ---- UTF-8 mailbox names ------------------------------------------------------------------

    @Test
    void mailboxNamesAreUtf8OnceEnabledAndUtf7Otherwise() throws Exception {
        ImapReader utf8 = reader("\"~peter/mail/台北/日本語\" &U,BTFw-");
        utf8.utf8MailboxNames(true);
        assertEquals("~peter/mail/台北/日本語", utf8.mailbox());
        utf8.sp();
        assertEquals("&U,BTFw-", utf8.mailbox(), "in UTF-8 mode & is an ordinary character");

        ImapReader utf7 = reader("\"~peter/mail/台北\"");
        ImapException e = assertThrows(ImapException.class, utf7::mailbox);
        assertEquals(ImapException.Kind.NO, e.kind());
    }

    // ---- literals and the gate ----------------------------------------------------------------

    @Test
    void synchronizingLiteralAsksTheGateFirst() throws Exception {
        RecordingGate gate = new RecordingGate();
        ImapReader in = reader("{5}\r\nhello", gate);
        assertEquals("hello", in.astring());
        assertEquals(List.of("sync 5"), gate.asked, "the gate sends '+' for a synchronizing literal");
    }

    @Test
    void nonSynchronizingLiteralIsReadWithoutContinuation() throws Exception {
        RecordingGate gate = new RecordingGate();
        ImapReader in = reader("{5+}\r\nhello", gate);
        assertEquals("hello", in.string());
        assertEquals(List.of("nonsync 5"), gate.asked);
    }

    @Test
    void refusedSynchronizingLiteralEndsTheCommandWithoutReadingFurther() throws Exception {
        RecordingGate gate = new RecordingGate();
        gate.refuse = true;
        ImapReader in = reader("{5}\r\na2 NOOP\r\n", gate);
        ImapException e = assertThrows(ImapException.class, in::astring);
        assertEquals(ImapException.Kind.NO, e.kind());
        in.skipCommand(); // the client sends no literal without "+": the next line is a new command
        in.beginCommand();
        assertEquals("a2", in.tag());
    }

    @Test
    void synchronizingLiteralOverTheLimitIsRefusedWithoutAskingTheGate() throws Exception {
        RecordingGate gate = new RecordingGate();
        ImapReader in = reader("{33}\r\na2 NOOP\r\n".getBytes(StandardCharsets.US_ASCII), gate, SMALL);
        ImapException e = assertThrows(ImapException.class, in::astring);
        assertEquals(ImapException.Kind.NO, e.kind());
        assertEquals("TOOBIG", e.code().atom());
        assertEquals(List.of(), gate.asked, "no '+' for a literal we refuse");
        in.skipCommand();
        in.beginCommand();
        assertEquals("a2", in.tag());
    }

    @Test
    void nonSynchronizingLiteralOverTheLimitIsSkippedAndRejected() throws Exception {
        String big = "x".repeat(40);
        ImapReader in = reader(("{40+}\r\n" + big + " rest\r\na2 NOOP\r\n").getBytes(StandardCharsets.US_ASCII), new RecordingGate(), SMALL);
        ImapException e = assertThrows(ImapException.class, in::astring);
        assertEquals(ImapException.Kind.BAD, e.kind());
        assertEquals("TOOBIG", e.code().atom());
        in.skipCommand();
        in.beginCommand();
        assertEquals("a2", in.tag(), "the literal's octets were not taken for a command");
    }

    @Test
    void literalsOfOneCommandShareTheInMemoryLimit() throws Exception {
        String twenty = "y".repeat(20);
        ImapReader in = reader(("{20+}\r\n" + twenty + " {20+}\r\n" + twenty + "\r\n").getBytes(StandardCharsets.US_ASCII),
                new RecordingGate(), SMALL);
        assertEquals(twenty, in.astring());
        in.sp();
        ImapException e = assertThrows(ImapException.class, in::astring);
        assertEquals("TOOBIG", e.code().atom());
    }

    @Test
    void binaryLiteralIsReadAsOctetsForAppend() throws Exception {
        byte[] wire = "~{4}\r\na\0\u00ffb\r\n".getBytes(StandardCharsets.ISO_8859_1);
        RecordingGate gate = new RecordingGate();
        ImapReader in = reader(wire, gate, WireLimits.DEFAULT);
        assertTrue(in.atLiteral());
        long size = in.literalHeader(100);
        assertTrue(in.lastLiteralBinary());
        InputStream body = in.literalBody(size);
        assertEquals("a\0\u00ffb", new String(body.readAllBytes(), StandardCharsets.ISO_8859_1));
        in.crlf();
        assertEquals(List.of("sync 4"), gate.asked);
    }

    @Test
    void literalBodyEndingEarlyIsAClosedConnection() throws Exception {
        ImapReader in = reader("{10+}\r\nabc");
        long size = in.literalHeader(100);
        assertFalse(in.lastLiteralBinary());
        InputStream body = in.literalBody(size);
        assertThrows(ImapReader.ClosedException.class, body::readAllBytes);
    }

    // ---- line limit ---------------------------------------------------------------------------

    @Test
    void lineLimitCountsTheLineButNotItsLiterals() throws Exception {
        String big = "z".repeat(30); // within the 32-octet literal limit, and the line is 64
        String wire = "a1 X " + "{30+}\r\n" + big + " " + "{0+}\r\n" + " " + "A".repeat(40) + "\r\n";
        ImapReader in = reader(wire.getBytes(StandardCharsets.US_ASCII), new RecordingGate(), SMALL);
        in.tag();
        in.sp().atom();
        in.sp();
        assertEquals(big, in.astring());
        in.sp();
        assertEquals("", in.astring());
        in.sp();
        assertEquals("A".repeat(40), in.atom(), "the 30 literal octets did not count");
        in.crlf();
    }

    @Test
    void lineLimitCoversTheWholeCommandAcrossLiterals() throws Exception {
        // 3 x 30 octets of line, separated by empty literals: more than 64 outside literals
        String part = "B".repeat(24) + " {0+}\r\n";
        ImapReader in = reader((part.repeat(3) + "\r\n").getBytes(StandardCharsets.US_ASCII), new RecordingGate(), SMALL);
        assertThrows(ImapReader.LineTooLongException.class, () -> {
            while (true) {
                in.atom();
                in.sp();
                in.astring();
            }
        });
    }

    @Test
    void tooLongLineIsSkippedToTheNextCommand() throws Exception {
        ImapReader in = reader(("a1 NOOP " + "C".repeat(200) + "\r\na2 NOOP\r\n").getBytes(StandardCharsets.US_ASCII),
                new RecordingGate(), SMALL);
        in.tag();
        in.sp().atom();
        in.sp();
        assertThrows(ImapReader.LineTooLongException.class, in::atom);
        in.skipCommand();
        in.beginCommand();
        assertEquals("a2", in.tag());
    }

    // ---- nesting ------------------------------------------------------------------------------

    @Test
    void listsNestedDeeperThanTheLimitAreBad() throws Exception {
        ImapReader in = reader("(((()))) (((((".getBytes(StandardCharsets.US_ASCII), new RecordingGate(), SMALL);
        for (int i = 0; i < 4; i++) {
            in.enterList();
        }
        assertEquals(4, in.nestingDepth());
        for (int i = 0; i < 4; i++) {
            in.leaveList();
        }
        assertEquals(0, in.nestingDepth());
        in.sp();
        for (int i = 0; i < 4; i++) {
            in.enterList();
        }
        ImapException e = assertThrows(ImapException.class, in::enterList);
        assertEquals(ImapException.Kind.BAD, e.kind());
        assertTrue(e.getMessage().contains("nested more than 4 levels"), e.getMessage());
    }

    @Test
    void nestingCountRestartsWithEachCommand() throws Exception {
        ImapReader in = reader("((((".getBytes(StandardCharsets.US_ASCII), new RecordingGate(), SMALL);
        in.enterNesting().enterNesting().enterNesting();
        in.beginCommand();
        for (int i = 0; i < 4; i++) {
            in.enterList();
        }
        assertEquals(4, in.nestingDepth());
    }

    @Test
    void flagListCountsAsALevel() throws Exception {
        ImapReader in = reader("(\\Seen)".getBytes(StandardCharsets.US_ASCII), new RecordingGate(), SMALL);
        in.enterNesting().enterNesting().enterNesting().enterNesting();
        assertThrows(ImapException.class, in::flagList);
    }

    // ---- error recovery -----------------------------------------------------------------------

    @Test
    void skipCommandConsumesNonSynchronizingLiteralsLaterOnTheLine() throws Exception {
        // the error is at "!"; the literal after it holds a CRLF and text that looks like a command
        String wire = "a1 LOGIN ) {12+}\r\nx\r\na9 LOGOUT \"p\"\r\na2 NOOP\r\n";
        ImapReader in = reader(wire);
        in.tag();
        in.sp().atom();
        in.sp();
        assertThrows(ImapException.class, in::astring);
        in.skipCommand();
        in.beginCommand();
        assertEquals("a2", in.tag());
    }

    @Test
    void skipCommandStopsAtASynchronizingLiteralTheClientIsHolding() throws Exception {
        String wire = "a1 LOGIN ) {5}\r\na2 NOOP\r\n";
        ImapReader in = reader(wire);
        in.tag();
        in.sp().atom();
        in.sp();
        assertThrows(ImapException.class, in::astring);
        in.skipCommand();
        in.beginCommand();
        assertEquals("a2", in.tag(), "without '+' the client sends no literal octets");
    }

    @Test
    void skipCommandAfterCrlfDoesNotEatTheNextCommand() throws Exception {
        ImapReader in = reader("a1 NOOP\r\na2 NOOP\r\n");
        in.tag();
        in.sp().atom();
        in.crlf();
        in.skipCommand();
        in.beginCommand();
        assertEquals("a2", in.tag());
    }

    @Test
    void skipCommandTreatsCrWithoutLfAsPartOfTheLine() throws Exception {
        ImapReader in = reader("a1 X\rY\r\na2 NOOP\r\n");
        in.tag();
        in.sp().atom();
        ImapException e = assertThrows(ImapException.class, in::crlf);
        assertTrue(e.getMessage().contains("Expected LF after CR, found 'Y'"), e.getMessage());
        in.skipCommand();
        in.beginCommand();
        assertEquals("a2", in.tag());
    }

    @Test
    void skipCommandWithAHugeLiteralCountIsNotStuck() throws Exception {
        ImapReader in = reader("a1 ) {99999999999999999999999+}\r\na2 NOOP\r\n");
        in.tag();
        in.sp();
        assertThrows(ImapException.class, in::atom);
        in.skipCommand();
        in.beginCommand();
        assertEquals("a2", in.tag());
    }

    @Test
    void skipCommandOnAClosedConnectionInsideALiteralSaysClosed() throws Exception {
        ImapReader in = reader("a1 ) {100+}\r\nshort");
        in.tag();
        in.sp();
        assertThrows(ImapException.class, in::atom);
        assertThrows(ImapReader.ClosedException.class, in::skipCommand);
    }

    @Test
    void crlfAcceptsBareLfButNotBareCr() throws Exception {
        ImapReader lf = reader("\nx");
        lf.crlf();
        assertEquals('x', lf.peek());
        ImapException e = assertThrows(ImapException.class, () -> reader("\r").crlf());
        assertTrue(e.getMessage().contains("Expected LF after CR, found end of input"), e.getMessage());
    }

    @Test
    void sequenceSetKeepsRangesAsWritten() throws Exception {
        SequenceSet set = reader("5:3,*,10:*").sequenceSet();
        assertEquals(3, set.rangeCount());
        assertEquals("5:3,*,10:*", set.toString());
    }

    @Test
    void nstringNilNeedsTheWholeWord() throws Exception {
        assertNull(reader("NIL ").nstring());
    }
}
