package io.bundlebox.bench.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One IMAP connection of the load generator (blocking socket, TCP_NODELAY). Responses are read
 * whole, literals included, as ISO-8859-1 strings: one char per octet, so message content is
 * compared octet for octet. Knows nothing about what the answers mean: {@link MailClient} checks them.
 */
final class ImapConnection implements AutoCloseable {

    /** A command's answer: the untagged responses in order, then the tagged one. */
    record Response(List<String> untagged, String tagged) {
        /** "OK", "NO" or "BAD". */
        String status() {
            String[] p = tagged.split(" ", 3);
            return p.length > 1 ? p[1].toUpperCase(Locale.ROOT) : "";
        }

        boolean ok() {
            return status().equals("OK");
        }
    }

    private static final Pattern CAPABILITY_CODE = Pattern.compile("^\\S+ OK \\[CAPABILITY ([^\\]]*)\\]",
            Pattern.CASE_INSENSITIVE);
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Set<String> capabilities = new TreeSet<>();
    private int tags;

    ImapConnection(String host, int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(timeoutMillis);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        String greeting = readResponse();
        if (greeting == null || !greeting.startsWith("* OK")) {
            socket.close();
            throw new IOException("no greeting: " + greeting);
        }
        learnCapabilities(greeting);
    }

    /** Forgets the capabilities (they change at login, RFC 9051 section 6.2.3). */
    void forgetCapabilities() {
        capabilities.clear();
    }

    /** The capabilities of the last CAPABILITY response or response code (upper case). */
    Set<String> capabilities() {
        return capabilities;
    }

    /** Sends {@code tag command} and reads up to its tagged response. */
    Response command(String command) throws IOException {
        String tag = nextTag();
        write(tag + " " + command + "\r\n");
        out.flush();
        return readUntil(tag);
    }

    /**
     * APPEND with a literal: non-synchronizing when the server has LITERAL+ (RFC 7888), else
     * waiting for the continuation request.
     */
    Response append(String mailbox, String flags, byte[] message) throws IOException {
        String tag = nextTag();
        boolean plus = capabilities.contains("LITERAL+");
        write(tag + " APPEND " + mailbox + (flags.isEmpty() ? "" : " " + flags) + " {" + message.length
                + (plus ? "+" : "") + "}\r\n");
        if (!plus) {
            out.flush();
            String cont = readResponse();
            if (cont == null) {
                throw new IOException("connection closed during APPEND");
            }
            if (!cont.startsWith("+")) {
                List<String> untagged = new ArrayList<>();
                String line = cont;
                while (!line.startsWith(tag + " ")) {
                    untagged.add(line);
                    line = readResponse();
                    if (line == null) {
                        throw new IOException("connection closed during APPEND");
                    }
                }
                return new Response(untagged, line);
            }
        }
        out.write(message);
        write("\r\n");
        out.flush();
        return readUntil(tag);
    }

    private String nextTag() {
        return "t" + (++tags);
    }

    private void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private Response readUntil(String tag) throws IOException {
        List<String> untagged = new ArrayList<>();
        while (true) {
            String line = readResponse();
            if (line == null) {
                throw new IOException("connection closed before the tagged response " + tag + "; got " + untagged);
            }
            learnCapabilities(line);
            if (line.startsWith(tag + " ")) {
                return new Response(untagged, line);
            }
            untagged.add(line);
        }
    }

    /** A CAPABILITY response, or a CAPABILITY response code (greeting, LOGIN's OK), replaces what is known. */
    private void learnCapabilities(String line) {
        String list = null;
        if (line.regionMatches(true, 0, "* CAPABILITY ", 0, 13)) {
            list = line.substring(13);
        } else {
            Matcher m = CAPABILITY_CODE.matcher(line);
            if (m.find()) {
                list = m.group(1);
            }
        }
        if (list != null) {
            capabilities.clear();
            for (String c : list.split(" ")) {
                capabilities.add(c.toUpperCase(Locale.ROOT));
            }
        }
    }

    /** One response: a line with its literals inline ({@code {n}} CRLF and n octets), without the final CRLF. */
    private String readResponse() throws IOException {
        StringBuilder sb = new StringBuilder(128);
        while (true) {
            String line = readLine();
            if (line == null) {
                return sb.isEmpty() ? null : sb.toString();
            }
            sb.append(line);
            int n = literalAtEnd(line);
            if (n < 0) {
                return sb.toString();
            }
            byte[] literal = in.readNBytes(n);
            if (literal.length < n) {
                throw new IOException("connection closed inside a literal");
            }
            sb.append("\r\n").append(new String(literal, StandardCharsets.ISO_8859_1));
        }
    }

    /** n when the line ends in {@code {n}} (or {@code ~{n}}), else -1. */
    private static int literalAtEnd(String line) {
        int end = line.length() - 1;
        if (end < 2 || line.charAt(end) != '}') {
            return -1;
        }
        int open = line.lastIndexOf('{', end);
        if (open < 0 || open == end - 1) {
            return -1;
        }
        int n = 0;
        for (int i = open + 1; i < end; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = buf.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
