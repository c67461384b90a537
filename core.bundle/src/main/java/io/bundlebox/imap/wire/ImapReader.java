package io.bundlebox.imap.wire;

import io.bundlebox.imap.api.Flag;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.MailboxName;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.api.SequenceSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads IMAP commands with methods named after the formal syntax of RFC 9051 section 9, e.g.
 * {@code var name = in.sp().mailbox(); in.crlf();}.
 *
 * <p>Literals: a synchronizing literal {@code {n}} is accepted by asking the
 * {@link LiteralGate} (which sends {@code + } or refuses); non-synchronizing literals
 * {@code {n+}} (LITERAL+ / LITERAL-, RFC 7888) and binary literals {@code ~{n}} (RFC 3516) are
 * read directly. Syntax errors raise {@link ImapException} of kind BAD naming what was expected;
 * after one, {@link #skipCommand()} discards the rest of the command so the next can be read.
 *
 * <p>Limits ({@link WireLimits}, RFC 9051 section 4): the octets of a command outside its
 * literals may not exceed {@link WireLimits#maxLineOctets()} ({@link LineTooLongException});
 * the literals a command holds in memory ({@link #literal()}) may not exceed
 * {@link WireLimits#maxLiteralOctets()} together; parenthesized lists may nest at most
 * {@link WireLimits#maxNesting()} deep ({@link #enterList()}, {@link #enterNesting()}).
 *
 * <p>Not thread-safe: one reader per connection, used by the session's thread.
 */
public final class ImapReader {

    /** Decides on a literal announced by the client before its octets are read. */
    @FunctionalInterface
    public interface LiteralGate {
        /**
         * Called for every literal; for a synchronizing one the gate must send the continuation
         * request ({@code + Ready}) if it accepts.
         *
         * @param size the announced length in octets
         * @param synchronizing true for {@code {n}}, false for {@code {n+}}
         * @throws ImapException to refuse (e.g. {@code NO [TOOBIG]}); for a synchronizing literal
         *     the client then sends nothing more of this command
         * @throws IOException when the continuation cannot be written
         */
        void accept(long size, boolean synchronizing) throws ImapException, IOException;
    }

    /** Thrown (as the cause of a BYE) when the client closed the connection. */
    public static final class ClosedException extends IOException {
        private static final long serialVersionUID = 1L;

        ClosedException() {
            super("connection closed by client");
        }
    }

    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    private final InputStream in;
    private final WireLimits limits;
    private LiteralGate gate;
    private boolean utf8Names;
    private int peeked = -2; // -2: nothing peeked
    /** Set while {@link #astringLatin1Fallback} reads. */
    private boolean latin1Fallback;
    /** Octets of the current command outside its literals, for the line limit. */
    private long lineOctets;
    /** Octets of the current command's literals held in memory by {@link #literal()}. */
    private long literalOctetsHeld;
    /** Current nesting depth of parenthesized lists (and other recursive grammar). */
    private int depth;
    /** True once a synchronizing literal was refused or the line ended: skipCommand stops there. */
    private boolean atLineEnd;
    private boolean pendingSyncLiteral;
    private boolean lastLiteralBinary;
    /** The largest literal the reader discards unread (a refused one the client sends anyway). */
    private long discardLimit = Long.MAX_VALUE;

    /**
     * @param in buffered input of the connection
     * @param limits line, literal and nesting limits
     * @param gate decides on literals (sends continuation requests)
     */
    public ImapReader(InputStream in, WireLimits limits, LiteralGate gate) {
        this.in = in;
        this.limits = limits;
        this.gate = gate;
    }

    /** Replaces the literal gate (e.g. once the session knows APPENDLIMIT or after STARTTLS). */
    public void gate(LiteralGate gate) {
        this.gate = gate;
    }

    /**
     * Whether mailbox names are UTF-8 (after {@code ENABLE IMAP4rev2} or {@code UTF8=ACCEPT},
     * RFC 9051 section 5.1) rather than modified UTF-7.
     */
    public void utf8MailboxNames(boolean on) {
        this.utf8Names = on;
    }

    /**
     * The largest literal this reader reads and throws away when its command is refused (a
     * non-synchronizing literal the client sends regardless, RFC 7888 section 4); a larger one
     * ends the connection with {@link LiteralTooLargeException} instead of being swallowed.
     * Unlimited unless set (the session sets it before login).
     *
     * @param octets the limit, at least 0
     */
    public void discardLimit(long octets) {
        this.discardLimit = octets;
    }

    /**
     * Thrown when the client sends a non-synchronizing literal that is refused and larger than
     * {@link #discardLimit(long)}: the connection cannot go on without reading it, and reading
     * it is what the limit forbids (RFC 7888 section 4 lets the server answer BYE).
     */
    public static final class LiteralTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        LiteralTooLargeException(long size, long limit) {
            super("literal of " + size + " octets refused, over the limit of " + limit);
        }
    }

    /** The limits in force. */
    public WireLimits limits() {
        return limits;
    }

    /** Marks the start of a new command: resets the line length, literal and nesting counts. */
    public void beginCommand() {
        lineOctets = 0;
        literalOctetsHeld = 0;
        depth = 0;
        atLineEnd = false;
        pendingSyncLiteral = false;
    }

    // ---- low level ---------------------------------------------------------------------------

    private int peekByte() throws IOException {
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }

    private int nextByte() throws IOException {
        int b = peekByte();
        if (b < 0) {
            throw new ClosedException();
        }
        peeked = -2;
        if (++lineOctets > limits.maxLineOctets()) {
            throw new LineTooLongException(limits.maxLineOctets());
        }
        return b;
    }

    /** Thrown when a command line exceeds {@link WireLimits#maxLineOctets()}. */
    public static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(int limit) {
            super("command line longer than " + limit + " octets");
        }
    }

    /** The next octet without consuming it, or -1 at end of stream. */
    public int peek() throws IOException {
        return peekByte();
    }

    /** True when the next octet is {@code c}. */
    public boolean peekIs(char c) throws IOException {
        return peekByte() == c;
    }

    /** Consumes the next octet if it is {@code c}; returns whether it did. */
    public boolean skipIf(char c) throws IOException {
        if (peekByte() == c) {
            nextByte();
            return true;
        }
        return false;
    }

    /** Consumes {@code c} or fails with BAD naming it. */
    public ImapReader expect(char c) throws IOException, ImapException {
        int b = peekByte();
        if (b != c) {
            throw expected("'" + printable(c) + "'");
        }
        nextByte();
        return this;
    }

    /** Consumes a case-insensitive keyword such as {@code BODY.PEEK}, or fails. */
    public ImapReader expectWord(String word) throws IOException, ImapException {
        for (int i = 0; i < word.length(); i++) {
            int b = peekByte();
            if (b < 0 || Character.toUpperCase((char) b) != Character.toUpperCase(word.charAt(i))) {
                throw expected(word);
            }
            nextByte();
        }
        return this;
    }

    /** {@code SP}: exactly one space. */
    public ImapReader sp() throws IOException, ImapException {
        return expect(' ');
    }

    /** {@code CRLF}, ending the command; a bare LF is tolerated. */
    public void crlf() throws IOException, ImapException {
        if (skipIf('\r')) {
            if (!skipIf('\n')) {
                throw expected("LF after CR");
            }
        } else if (!skipIf('\n')) {
            throw expected("end of line");
        }
        atLineEnd = true;
    }

    /** True when the next octets are the end of the line. */
    public boolean atEol() throws IOException {
        int b = peekByte();
        return b == '\r' || b == '\n' || b < 0;
    }

    private ImapException expected(String what) throws IOException {
        int b = peekByte();
        String found = b < 0 ? "end of input" : b == '\r' || b == '\n' ? "end of line" : "'" + printable((char) b) + "'";
        return ImapException.bad(ResponseCode.CLIENTBUG, "Expected " + what + ", found " + found);
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c);
    }

    /**
     * Discards the rest of the current command after a syntax error, consuming the octets of
     * any non-synchronizing literal on the way; stops at a synchronizing literal the client is
     * still waiting to send, since it will not send it without our continuation request.
     */
    public void skipCommand() throws IOException {
        if (atLineEnd) {
            return;
        }
        int prev = -1;
        long digits = -1;
        boolean nonSync = false;
        while (true) {
            int b = peekByte();
            if (b < 0) {
                return;
            }
            peeked = -2;
            if (b == '\n') {
                if (prev == '}' && digits >= 0 && nonSync) {
                    skipLiteralOctets(digits);
                    digits = -1;
                    nonSync = false;
                    prev = -1;
                    continue;
                }
                atLineEnd = true;
                return;
            }
            if (b == '{') {
                digits = 0;
                nonSync = false;
            } else if (digits >= 0 && b >= '0' && b <= '9' && prev != '+') {
                // more than 18 digits cannot be a literal the client will send: not one to skip
                digits = digits > 99_999_999_999_999_999L ? -1 : digits * 10 + (b - '0');
            } else if (b == '+' && digits >= 0) {
                nonSync = true;
            } else if (b == '}' || b == '\r') {
                // keep digits until the line ends
            } else {
                digits = -1;
            }
            if (b != '\r') {
                prev = b;
            }
        }
    }

    /** Discards the octets of a literal the command will not use; the client sends them anyway. */
    private void skipLiteralOctets(long size) throws IOException {
        if (size > discardLimit) {
            throw new LiteralTooLargeException(size, discardLimit);
        }
        try {
            in.skipNBytes(size);
        } catch (java.io.EOFException e) {
            throw new ClosedException();
        }
    }

    // ---- nesting -----------------------------------------------------------------------------

    /**
     * Consumes {@code (} and enters one level of nesting. Every parser of a parenthesized list
     * that may contain lists (SEARCH keys, FETCH items, extension arguments) opens it with this
     * and closes it with {@link #leaveList()}, so that no command nests deeper than
     * {@link WireLimits#maxNesting()}.
     *
     * @throws ImapException BAD when the next octet is not {@code (} or the list is too deep
     */
    public ImapReader enterList() throws IOException, ImapException {
        expect('(');
        return enterNesting();
    }

    /** Consumes {@code )} and leaves the level {@link #enterList()} entered. */
    public ImapReader leaveList() throws IOException, ImapException {
        expect(')');
        return leaveNesting();
    }

    /**
     * Enters one level of nesting without consuming input, for recursive grammar that is not
     * parenthesized (e.g. {@code NOT NOT ...} or {@code OR} in SEARCH); pair with
     * {@link #leaveNesting()}. The count restarts with every {@link #beginCommand()}.
     *
     * @throws ImapException BAD [CLIENTBUG] when deeper than {@link WireLimits#maxNesting()}
     */
    public ImapReader enterNesting() throws ImapException {
        if (++depth > limits.maxNesting()) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "Lists nested more than " + limits.maxNesting() + " levels deep");
        }
        return this;
    }

    /** Leaves a level entered with {@link #enterNesting()}. */
    public ImapReader leaveNesting() {
        if (depth > 0) {
            depth--;
        }
        return this;
    }

    /** The current nesting depth: 0 outside any list. */
    public int nestingDepth() {
        return depth;
    }

    // ---- tokens ------------------------------------------------------------------------------

    private static boolean isAtomChar(int b) {
        if (b <= 0x1f || b >= 0x7f) {
            return false;
        }
        return switch (b) {
            case '(', ')', '{', ' ', '%', '*', '"', '\\', ']' -> false;
            default -> true;
        };
    }

    private static boolean isAstringChar(int b) {
        return isAtomChar(b) || b == ']';
    }

    /** {@code tag}: 1*(ASTRING-CHAR except "+"). */
    public String tag() throws IOException, ImapException {
        StringBuilder sb = new StringBuilder();
        while (isAstringChar(peekByte()) && peekByte() != '+') {
            sb.append((char) nextByte());
        }
        if (sb.length() == 0) {
            throw expected("a tag");
        }
        return sb.toString();
    }

    /** {@code atom}: 1*ATOM-CHAR, as written (callers upper-case keywords themselves). */
    public String atom() throws IOException, ImapException {
        StringBuilder sb = new StringBuilder();
        while (isAtomChar(peekByte())) {
            sb.append((char) nextByte());
        }
        if (sb.length() == 0) {
            throw expected("an atom");
        }
        return sb.toString();
    }

    /** An atom upper-cased with the root locale, for keywords such as command names. */
    public String keyword() throws IOException, ImapException {
        return atom().toUpperCase(Locale.ROOT);
    }

    /** {@code number}: 1*DIGIT fitting in 32 bits unsigned. */
    public long number() throws IOException, ImapException {
        long n = number64();
        if (n > 0xFFFF_FFFFL) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "Number out of range: " + n);
        }
        return n;
    }

    /** {@code nz-number}: a number other than 0. */
    public long nzNumber() throws IOException, ImapException {
        long n = number();
        if (n == 0) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected a non-zero number");
        }
        return n;
    }

    /** {@code number64}: 1*DIGIT up to 2^63-1. */
    public long number64() throws IOException, ImapException {
        if (peekByte() < '0' || peekByte() > '9') {
            throw expected("a number");
        }
        long n = 0;
        int digits = 0;
        while (peekByte() >= '0' && peekByte() <= '9') {
            int d = nextByte() - '0';
            if (++digits > 19 || n > (Long.MAX_VALUE - d) / 10) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Number out of range");
            }
            n = n * 10 + d;
        }
        return n;
    }

    /** {@code quoted}: a quoted string with {@code \\} and {@code \"} escapes, UTF-8 decoded. */
    public String quoted() throws IOException, ImapException {
        expect('"');
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (true) {
            int b = peekByte();
            if (b < 0 || b == '\r' || b == '\n' || b == 0) {
                throw expected("closing '\"'");
            }
            nextByte();
            if (b == '"') {
                break;
            }
            if (b == '\\') {
                int e = peekByte();
                if (e != '\\' && e != '"') {
                    throw ImapException.bad(ResponseCode.CLIENTBUG, "Only \\\\ and \\\" may be escaped in a quoted string");
                }
                b = nextByte();
            }
            buf.write(b);
        }
        return utf8(buf.toByteArray());
    }

    private String utf8(byte[] bytes) throws ImapException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            if (latin1Fallback) {
                return new String(bytes, StandardCharsets.ISO_8859_1);
            }
            throw ImapException.bad(ResponseCode.CLIENTBUG, "Invalid UTF-8 in string");
        }
    }

    /**
     * {@code astring} where octets that are not valid UTF-8 are read as ISO-8859-1 instead of being
     * refused: for search strings, which Jakarta Mail (Angus Mail) sends as ISO-8859-1 octets in a
     * quoted string even after it enabled UTF8=ACCEPT (RFC 6855 section 3 asks for UTF-8; this is
     * the leniency Dovecot shows such clients). Valid UTF-8 is read as UTF-8.
     */
    public String astringLatin1Fallback() throws IOException, ImapException {
        latin1Fallback = true;
        try {
            return astring();
        } finally {
            latin1Fallback = false;
        }
    }

    /**
     * The header of a literal, {@code {n}}, {@code {n+}} or {@code ~{n}}, up to and including
     * its CRLF, after the gate accepted it.
     *
     * @param maxSize the largest size acceptable here; a larger one is refused with
     *     {@code NO [TOOBIG]} for a synchronizing literal and BAD [TOOBIG] otherwise
     * @return the announced size in octets
     */
    public long literalHeader(long maxSize) throws IOException, ImapException {
        return literalHeader(maxSize, size -> { });
    }

    /** Vetoes a literal by its announced size, before any continuation request is sent. */
    @FunctionalInterface
    public interface SizeCheck {
        /** @throws ImapException NO (e.g. OVERQUOTA) to refuse */
        void check(long size) throws ImapException;
    }

    /**
     * Like {@link #literalHeader(long)}, asking {@code check} first (e.g. a quota check for
     * APPEND), so that a refused synchronizing literal is never sent by the client.
     */
    public long literalHeader(long maxSize, SizeCheck check) throws IOException, ImapException {
        lastLiteralBinary = skipIf('~');
        expect('{');
        long size = number64();
        boolean sync = !skipIf('+');
        expect('}');
        skipIf('\r');
        if (!skipIf('\n')) {
            throw expected("CRLF after the literal's size");
        }
        if (size > maxSize) {
            if (sync) {
                atLineEnd = true; // the client waits for '+', which will not come
                throw ImapException.no(ResponseCode.of("TOOBIG"), "Literal of " + size + " octets exceeds the limit of " + maxSize);
            }
            skipLiteralOctets(size);
            throw ImapException.bad(ResponseCode.of("TOOBIG"), "Literal of " + size + " octets exceeds the limit of " + maxSize);
        }
        try {
            check.check(size);
        } catch (ImapException e) {
            if (sync) {
                atLineEnd = true;
            } else {
                skipLiteralOctets(size);
            }
            throw e;
        }
        if (sync) {
            pendingSyncLiteral = true;
            atLineEnd = true; // if the gate refuses, nothing more arrives for this command
            gate.accept(size, true);
            atLineEnd = false;
        } else {
            try {
                gate.accept(size, false);
            } catch (ImapException e) {
                skipLiteralOctets(size); // the client sends them regardless
                throw e;
            }
        }
        pendingSyncLiteral = false;
        return size;
    }

    /** Whether the literal whose header was read last was a binary one, {@code ~{n}} (RFC 3516 literal8). */
    public boolean lastLiteralBinary() {
        return lastLiteralBinary;
    }

    /** True when the next token is a literal ({@code {} or {@code ~{}). */
    public boolean atLiteral() throws IOException {
        return peekByte() == '{' || peekByte() == '~';
    }

    /**
     * {@code literal}: a literal's octets, UTF-8 decoded. The literals one command holds in
     * memory may not exceed {@link WireLimits#maxLiteralOctets()} together; a binary literal
     * ({@code ~{n}}) is not a {@code literal} and is refused here.
     *
     * @throws ImapException BAD for {@code ~{n}}, a NUL octet (not a CHAR8) or invalid UTF-8;
     *     NO/BAD [TOOBIG] (see {@link #literalHeader}) when over the limit
     */
    public String literal() throws IOException, ImapException {
        if (peekByte() == '~') {
            throw expected("a literal, not a binary literal");
        }
        long size = literalHeader(limits.maxLiteralOctets() - literalOctetsHeld);
        literalOctetsHeld += size;
        byte[] bytes = new byte[(int) size];
        readFully(bytes);
        for (byte b : bytes) {
            if (b == 0) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "NUL octet in a literal (use a binary literal ~{n} where allowed)");
            }
        }
        return utf8(bytes);
    }

    /** Reads exactly {@code bytes.length} octets of a literal body (not counted as line octets). */
    public void readFully(byte[] bytes) throws IOException {
        int off = 0;
        if (peeked >= 0 && bytes.length > 0) {
            bytes[off++] = (byte) peeked;
            peeked = -2;
        }
        int n = in.readNBytes(bytes, off, bytes.length - off);
        if (n < bytes.length - off) {
            throw new ClosedException();
        }
    }

    /**
     * The octets of a literal whose header was read with {@link #literalHeader}, as a stream of
     * exactly {@code size} octets that the caller must read to the end (APPEND streams the
     * message into the store this way, never holding it whole).
     */
    public InputStream literalBody(long size) {
        return new LiteralBody(size, null);
    }

    /** Reads and checks what follows a streamed literal, up to the end of the command. */
    @FunctionalInterface
    public interface Trailer {
        /** @throws ImapException BAD when the rest of the command is not what the grammar wants */
        void read() throws IOException, ImapException;
    }

    /**
     * Thrown by a literal body stream ({@link #literalBody(long, Trailer)}) instead of delivering
     * its last octets when the rest of the command was refused: whoever consumes the stream (a
     * store appending a message) sees a failed read and keeps nothing.
     */
    public static final class CommandRefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        CommandRefusedException(ImapException refusal) {
            super(refusal.getMessage(), refusal);
        }

        /** The refusal to answer the command with (BAD). */
        public ImapException refusal() {
            return (ImapException) getCause();
        }
    }

    /**
     * Like {@link #literalBody(long)}, but the rest of the command is read with {@code trailer}
     * <em>before</em> the literal's last octets are handed out, so a consumer that commits only
     * after reading them all (APPEND, RFC 9051 section 6.3.12) commits only a whole, well-formed
     * command. A refused trailer makes that last read throw {@link CommandRefusedException}; the
     * rest of the refused line is then still unread, for {@link #skipCommand()}.
     *
     * @throws ImapException when {@code size} is 0 and the trailer is refused at once
     */
    public InputStream literalBody(long size, Trailer trailer) throws IOException, ImapException {
        LiteralBody body = new LiteralBody(size, trailer);
        if (size == 0) {
            trailer.read(); // no octet will be asked for: check the rest of the command now
            body.trailer = null;
        }
        return body;
    }

    /** A literal's octets from the connection; the first may already be peeked. */
    private final class LiteralBody extends InputStream {
        private long left;
        private int first;
        private Trailer trailer;

        LiteralBody(long size, Trailer trailer) {
            this.left = size;
            this.first = size > 0 ? peeked : -2;
            this.trailer = trailer;
            if (size > 0) {
                peeked = -2;
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n;
            if (first >= 0) {
                b[off] = (byte) first;
                first = -2;
                n = 1;
            } else {
                n = in.read(b, off, (int) Math.min(len, left));
                if (n < 0) {
                    throw new ClosedException();
                }
            }
            left -= n;
            if (left == 0 && trailer != null) {
                Trailer t = trailer;
                trailer = null;
                try {
                    t.read();
                } catch (ImapException e) {
                    throw new CommandRefusedException(e);
                }
            }
            return n;
        }
    }

    /** {@code string}: quoted or literal. */
    public String string() throws IOException, ImapException {
        if (peekByte() == '"') {
            return quoted();
        }
        if (peekByte() == '{') {
            return literal();
        }
        throw expected("a string");
    }

    /** {@code astring}: 1*ASTRING-CHAR or string. */
    public String astring() throws IOException, ImapException {
        int b = peekByte();
        if (b == '"' || b == '{') {
            return string();
        }
        StringBuilder sb = new StringBuilder();
        ByteArrayOutputStream raw = null;
        while (isAstringChar(peekByte()) || (peekByte() >= 0x80)) {
            int c = nextByte();
            if (c >= 0x80 && raw == null) {
                raw = new ByteArrayOutputStream();
                raw.writeBytes(sb.toString().getBytes(StandardCharsets.US_ASCII));
            }
            if (raw != null) {
                raw.write(c);
            } else {
                sb.append((char) c);
            }
        }
        if (raw != null) {
            return utf8(raw.toByteArray()); // UTF-8 atoms are allowed in IMAP4rev2 (utf8-atom-char)
        }
        if (sb.length() == 0) {
            throw expected("an astring");
        }
        return sb.toString();
    }

    /** {@code nstring}: NIL or a string; NIL gives null. */
    public String nstring() throws IOException, ImapException {
        if (peekByte() == 'N' || peekByte() == 'n') {
            expectWord("NIL");
            return null;
        }
        return string();
    }

    /**
     * {@code mailbox}: an astring decoded from modified UTF-7 unless UTF-8 names are on, with
     * INBOX normalized (RFC 9051 section 5.1).
     */
    public String mailbox() throws IOException, ImapException {
        return decodeMailbox(astring());
    }

    private String decodeMailbox(String wire) throws ImapException {
        if (utf8Names) {
            return MailboxName.normalize(wire);
        }
        try {
            return MailboxName.normalize(MailboxName.decodeUtf7(wire));
        } catch (IllegalArgumentException e) {
            // a name the client could mean (RFC 3501 section 5.1.3 only says it SHOULD be valid):
            // refused as a mailbox that cannot exist, NO not BAD, so the client carries on
            throw ImapException.no(ResponseCode.CANNOT, "Mailbox name is not valid modified UTF-7: " + e.getMessage());
        }
    }

    /** {@code list-mailbox}: 1*list-char or string, wildcards {@code %} and {@code *} kept. */
    public String listMailbox() throws IOException, ImapException {
        int b = peekByte();
        if (b == '"' || b == '{') {
            return decodeMailboxPattern(string());
        }
        StringBuilder sb = new StringBuilder();
        while (isAstringChar(peekByte()) || peekByte() == '%' || peekByte() == '*' || peekByte() >= 0x80) {
            sb.append((char) nextByte());
        }
        if (sb.length() == 0) {
            throw expected("a mailbox pattern");
        }
        String s = sb.toString();
        if (s.chars().anyMatch(c -> c >= 0x80)) {
            s = utf8(s.getBytes(StandardCharsets.ISO_8859_1));
        }
        return decodeMailboxPattern(s);
    }

    private String decodeMailboxPattern(String wire) throws ImapException {
        if (utf8Names) {
            return wire;
        }
        try {
            return MailboxName.decodeUtf7(wire);
        } catch (IllegalArgumentException e) {
            return wire; // taken as it is: it matches no name (every stored name is valid), LIST answers OK
        }
    }

    /**
     * {@code sequence-set}: numbers, {@code *}, ranges in either order, or {@code $}.
     *
     * @throws ImapException BAD for 0, garbage, or more ranges than the line limit allows
     */
    public SequenceSet sequenceSet() throws IOException, ImapException {
        if (skipIf('$')) {
            return SequenceSet.savedResult();
        }
        long[] pairs = new long[16];
        int n = 0;
        do {
            long a = seqNumber();
            long b = a;
            if (skipIf(':')) {
                b = seqNumber();
            }
            if (n + 2 > pairs.length) {
                pairs = java.util.Arrays.copyOf(pairs, pairs.length * 2);
            }
            pairs[n++] = a;
            pairs[n++] = b;
        } while (skipIf(','));
        return SequenceSet.of(java.util.Arrays.copyOf(pairs, n));
    }

    private long seqNumber() throws IOException, ImapException {
        if (skipIf('*')) {
            return SequenceSet.STAR;
        }
        if (peekByte() < '0' || peekByte() > '9') {
            throw expected("a sequence number or '*'");
        }
        return nzNumber();
    }

    /** A parenthesized list of atoms, e.g. {@code (UIDNEXT MESSAGES)}; the atoms upper-cased. */
    public List<String> atomList() throws IOException, ImapException {
        enterList();
        List<String> out = new ArrayList<>();
        if (!peekIs(')')) {
            do {
                out.add(keyword());
            } while (skipIf(' '));
        }
        leaveList();
        return out;
    }

    /** {@code flag}: a system flag (canonical spelling), {@code \atom} extension, or keyword. */
    public String flag() throws IOException, ImapException {
        if (skipIf('\\')) {
            String name = "\\" + atom();
            try {
                return Flag.canonical(name);
            } catch (IllegalArgumentException e) {
                return name; // flag-extension: the caller decides whether it is acceptable
            }
        }
        return atom();
    }

    /** {@code flag-list}: {@code "(" [flag *(SP flag)] ")"}. */
    public List<String> flagList() throws IOException, ImapException {
        enterList();
        List<String> flags = new ArrayList<>();
        if (!peekIs(')')) {
            do {
                flags.add(flag());
            } while (skipIf(' '));
        }
        leaveList();
        return flags;
    }

    /** {@code date}: {@code d-Mon-yyyy}, optionally quoted (RFC 9051 section 9). */
    public LocalDate date() throws IOException, ImapException {
        boolean quoted = skipIf('"');
        int day = (int) digits(1, 2);
        expect('-');
        int month = month();
        expect('-');
        int year = (int) digits(4, 4);
        if (quoted) {
            expect('"');
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (java.time.DateTimeException e) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "Invalid date");
        }
    }

    /** {@code date-time}: {@code "dd-Mon-yyyy hh:mm:ss +zzzz"} (RFC 9051 section 9). */
    public OffsetDateTime dateTime() throws IOException, ImapException {
        expect('"');
        if (peekByte() == ' ') {
            nextByte();
        }
        int day = (int) digits(1, 2);
        expect('-');
        int month = month();
        expect('-');
        int year = (int) digits(4, 4);
        sp();
        int hh = (int) digits(2, 2);
        expect(':');
        int mm = (int) digits(2, 2);
        expect(':');
        int ss = (int) digits(2, 2);
        sp();
        int sign = skipIf('-') ? -1 : skipIf('+') ? 1 : 0;
        if (sign == 0) {
            throw expected("a zone (+hhmm or -hhmm)");
        }
        int zone = (int) digits(4, 4);
        expect('"');
        try {
            ZoneOffset off = ZoneOffset.ofHoursMinutes(sign * (zone / 100), sign * (zone % 100));
            return OffsetDateTime.of(year, month, day, hh, mm, ss, 0, off);
        } catch (java.time.DateTimeException e) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "Invalid date-time");
        }
    }

    private long digits(int min, int max) throws IOException, ImapException {
        long n = 0;
        int count = 0;
        while (count < max && peekByte() >= '0' && peekByte() <= '9') {
            n = n * 10 + (nextByte() - '0');
            count++;
        }
        if (count < min) {
            throw expected(min + " digit(s)");
        }
        return n;
    }

    private int month() throws IOException, ImapException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            int b = peekByte();
            if (!Character.isLetter(b)) {
                throw expected("a month name");
            }
            sb.append((char) Character.toLowerCase(nextByte()));
        }
        int i = MONTHS.indexOf(sb.toString());
        if (i < 0 || i % 3 != 0) {
            throw ImapException.bad(ResponseCode.CLIENTBUG, "Unknown month " + sb);
        }
        return i / 3 + 1;
    }

    /** Whether a synchronizing literal is waiting for our continuation request. */
    public boolean waitingForContinuation() {
        return pendingSyncLiteral;
    }
}
