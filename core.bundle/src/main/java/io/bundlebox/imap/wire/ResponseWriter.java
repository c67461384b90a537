package io.bundlebox.imap.wire;

import io.bundlebox.imap.api.MailboxName;
import io.bundlebox.imap.api.ResponseCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Writes IMAP responses (RFC 9051 section 7), fluently: {@code out.untagged().number(3).sp().atom("EXISTS").crlf()}.
 * Strings are written as atom-safe quoted strings or literals as their content requires
 * ({@link #string}); literal bodies are streamed from a channel ({@link #literal(long, ReadableByteChannel)}),
 * never held whole.
 *
 * <p>Not thread-safe: one writer per connection, used by one thread at a time. Output is buffered
 * until {@link #flush()}.
 */
public final class ResponseWriter {

    private static final byte[] CRLF = {'\r', '\n'};
    /**
     * Held by every connection for its lifetime, idle or not (10,000 idling sessions hold 10,000);
     * literal bodies are copied in larger chunks that bypass it.
     */
    private static final int BUFFER_OCTETS = 4096;
    private static final java.util.regex.Pattern LINE_BREAK_OR_NUL = java.util.regex.Pattern.compile("\\r\\n|[\\r\\n\\x00]");

    private final Buffer out;
    private boolean utf8;

    /** @param out the connection's output stream; wrapped in a buffer here */
    public ResponseWriter(OutputStream out) {
        this.out = new Buffer(out, BUFFER_OCTETS);
    }

    /**
     * Whether strings and mailbox names may carry UTF-8 in quoted form (IMAP4rev2 or
     * UTF8=ACCEPT enabled) instead of literals and modified UTF-7.
     */
    public void utf8(boolean on) {
        this.utf8 = on;
    }

    /** True when UTF-8 quoted strings are in use. */
    public boolean utf8() {
        return utf8;
    }

    /** Starts an untagged response: {@code "* "}. */
    public ResponseWriter untagged() throws IOException {
        return raw("* ");
    }

    /** Starts a tagged response: {@code tag SP}. */
    public ResponseWriter tagged(String tag) throws IOException {
        return raw(tag).sp();
    }

    /** Writes a whole continuation request, {@code + text CRLF}, and flushes. */
    public void continuation(String text) throws IOException {
        raw("+ ").raw(text).crlf();
        flush();
    }

    /**
     * Writes a whole status response: {@code tag|* SP cond SP [code] SP text CRLF}.
     *
     * @param tag the command tag, or null for an untagged response
     * @param condition OK, NO, BAD, BYE or PREAUTH
     * @param code the response code or null
     * @param text human-readable text; a line break (CRLF, CR or LF) or NUL becomes one space, since
     *     {@code text} is made of TEXT-CHAR (section 9)
     */
    public ResponseWriter status(String tag, String condition, ResponseCode code, String text) throws IOException {
        raw(tag == null ? "*" : tag).sp().raw(condition).sp();
        if (code != null) {
            raw("[").raw(code.toString()).raw("] ");
        }
        String t = text == null || text.isEmpty() ? condition.equals("OK") ? "done" : "failed" : text;
        return raw(hasLineBreakOrNul(t) ? LINE_BREAK_OR_NUL.matcher(t).replaceAll(" ") : t).crlf();
    }

    /** Whether {@code s} holds CR, LF or NUL (rare: the regular expression runs only then). */
    private static boolean hasLineBreakOrNul(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return true;
            }
        }
        return false;
    }

    /** A space. */
    public ResponseWriter sp() throws IOException {
        out.write(' ');
        return this;
    }

    /** Text as is (UTF-8), for atoms and fixed syntax. */
    public ResponseWriter raw(String s) throws IOException {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                out.write(s.getBytes(StandardCharsets.UTF_8));
                return this;
            }
        }
        // ASCII, the common case (FETCH of 100,000 messages writes millions of tokens): no byte[] per token
        out.writeAscii(s);
        return this;
    }

    /** An atom, e.g. {@code EXISTS} or a flag. */
    public ResponseWriter atom(String s) throws IOException {
        return raw(s);
    }

    /**
     * A number ({@code number}/{@code number64} of RFC 9051 section 9: unsigned).
     *
     * @throws IllegalArgumentException for a negative {@code n}, a bug of the caller (an
     *     overflowed conversion) that must not reach the client as {@code -1}
     */
    public ResponseWriter number(long n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("negative number " + n + " in a response");
        }
        out.writeDecimal(n); // no String per number: FETCH of 100,000 messages writes 200,000 of them
        return this;
    }

    /**
     * Octets as they are, for a response part rendered once and written many times (ASCII, e.g.
     * a message's {@code FLAGS (...)}).
     */
    public ResponseWriter raw(byte[] octets) throws IOException {
        out.write(octets, 0, octets.length);
        return this;
    }

    /** {@code (} */
    public ResponseWriter open() throws IOException {
        out.write('(');
        return this;
    }

    /** {@code )} */
    public ResponseWriter close() throws IOException {
        out.write(')');
        return this;
    }

    /** CRLF, ending a response line. */
    public ResponseWriter crlf() throws IOException {
        out.write(CRLF);
        return this;
    }

    /**
     * A {@code string}: quoted when every character may be quoted (printable ASCII, or UTF-8 in
     * UTF-8 mode), else a literal (RFC 9051 section 4.3).
     */
    public ResponseWriter string(String s) throws IOException {
        if (quotable(s, utf8)) {
            StringBuilder q = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    q.append('\\');
                }
                q.append(c);
            }
            return raw(q.append('"').toString());
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        raw("{").number(bytes.length).raw("}").crlf();
        out.write(bytes);
        return this;
    }

    /**
     * An {@code astring}: an atom when {@code s} is one or more ASTRING-CHARs (RFC 9051 section 9),
     * else a string, quoted or literal as {@link #string} decides. For positions where the grammar
     * says astring (e.g. a mailbox name, a header field name); NIL is never an astring's atom
     * form here, so it is quoted.
     */
    public ResponseWriter astring(String s) throws IOException {
        return isAstringAtom(s) ? raw(s) : string(s);
    }

    /** Whether {@code s} can go as an atom in an astring: 1*ASTRING-CHAR, and not NIL. */
    public static boolean isAstringAtom(String s) {
        if (s.isEmpty() || s.equalsIgnoreCase("NIL")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean atomSpecial = c <= 0x1f || c >= 0x7f || "(){ %*\"\\".indexOf(c) >= 0;
            if (atomSpecial) {
                return false; // ']' is an ASTRING-CHAR (resp-specials are allowed in astring)
            }
        }
        return true;
    }

    /** Whether {@code s} can be sent as a quoted string. */
    public static boolean quotable(String s, boolean utf8) {
        if (s.length() > 1024) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || (c >= 0x80 && !utf8) || (c < 0x20) || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** {@code nstring}: NIL for null, else a string. */
    public ResponseWriter nstring(String s) throws IOException {
        return s == null ? raw("NIL") : string(s);
    }

    /**
     * A mailbox name: UTF-8 in UTF-8 mode, modified UTF-7 otherwise (RFC 9051 section 5.1.3),
     * quoted or literal as needed.
     */
    public ResponseWriter mailbox(String name) throws IOException {
        return string(utf8 ? name : MailboxName.encodeUtf7(name));
    }

    /**
     * A literal whose body is streamed: {@code {size}CRLF} then exactly {@code size} octets
     * from {@code body}.
     *
     * @param binary true for a {@code literal8} ({@code ~{size}}, RFC 3516)
     * @throws IOException when the channel ends early or the connection fails
     */
    public ResponseWriter literal(long size, ReadableByteChannel body, boolean binary) throws IOException {
        raw(binary ? "~{" : "{").number(size).raw("}").crlf();
        copy(body, size);
        return this;
    }

    /** A literal streamed from a channel. */
    public ResponseWriter literal(long size, ReadableByteChannel body) throws IOException {
        return literal(size, body, false);
    }

    /** A literal from an input stream. */
    public ResponseWriter literal(long size, InputStream body, boolean binary) throws IOException {
        return literal(size, Channels.newChannel(body), binary);
    }

    private void copy(ReadableByteChannel body, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(64 * 1024, Math.max(size, 1)));
        long left = size;
        while (left > 0) {
            buf.clear();
            if (left < buf.capacity()) {
                buf.limit((int) left);
            }
            int n = body.read(buf);
            if (n < 0) {
                throw new IOException("content ended " + left + " octets early");
            }
            out.write(buf.array(), 0, n);
            left -= n;
        }
    }

    /** Sends everything buffered. */
    public void flush() throws IOException {
        out.flush();
    }

    /** A channel view for extensions that stream bytes of their own. */
    public WritableByteChannel channel() {
        return Channels.newChannel(out);
    }

    /**
     * An unsynchronized output buffer: the writer is used by one thread at a time, and
     * BufferedOutputStream's per-call locking shows up when millions of small tokens are written.
     */
    private static final class Buffer extends OutputStream {
        private final OutputStream sink;
        private final byte[] buf;
        private int pos;

        Buffer(OutputStream sink, int size) {
            this.sink = sink;
            this.buf = new byte[size];
        }

        @Override
        public void write(int b) throws IOException {
            if (pos == buf.length) {
                drain();
            }
            buf[pos++] = (byte) b;
        }

        void writeAscii(String s) throws IOException {
            int n = s.length();
            for (int i = 0; i < n; i++) {
                if (pos == buf.length) {
                    drain();
                }
                buf[pos++] = (byte) s.charAt(i);
            }
        }

        /** The decimal digits of {@code n} (not negative). */
        void writeDecimal(long n) throws IOException {
            if (buf.length - pos < 20) { // Long.MAX_VALUE has 19 digits
                drain();
            }
            int digits = 1;
            for (long rest = n / 10; rest > 0; rest /= 10) {
                digits++;
            }
            int at = pos + digits;
            pos = at;
            do {
                buf[--at] = (byte) ('0' + (int) (n % 10));
                n /= 10;
            } while (n > 0);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len >= buf.length) {
                drain();
                sink.write(b, off, len);
                return;
            }
            if (len > buf.length - pos) {
                drain();
            }
            System.arraycopy(b, off, buf, pos, len);
            pos += len;
        }

        private void drain() throws IOException {
            if (pos > 0) {
                sink.write(buf, 0, pos);
                pos = 0;
            }
        }

        @Override
        public void flush() throws IOException {
            drain();
            sink.flush();
        }
    }
}
