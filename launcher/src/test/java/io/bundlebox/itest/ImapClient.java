package io.bundlebox.itest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal IMAP client for tests: sends command lines, reads responses up to the tagged
 * completion, and keeps literals inline (a response line ending in {@code {n}} is followed by
 * the n octets, decoded as UTF-8, then the rest of the line).
 */
public final class ImapClient implements AutoCloseable {

    private static final Pattern LITERAL_END = Pattern.compile("~?\\{(\\d+)\\+?}$");

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final String greeting;
    private int tagCounter;
    private byte[] bulkChunk;

    public ImapClient(String host, int port) throws IOException {
        this(new Socket(host, port));
    }

    /** A client on a connected socket (e.g. a TLS socket for implicit TLS); reads the greeting. */
    public ImapClient(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(15_000);
        socket.setTcpNoDelay(true); // as real clients do: no Nagle delay between a literal and its CRLF
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        greeting = readResponseLine();
    }

    /**
     * Runs the client side of the TLS handshake on this connection (after a tagged OK to STARTTLS);
     * responses are read from the TLS layer from now on.
     */
    public void startTls(javax.net.ssl.SSLSocketFactory factory) throws IOException {
        javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) factory.createSocket(socket,
                socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        tls.startHandshake();
        socket = tls;
        in = new BufferedInputStream(tls.getInputStream());
        out = tls.getOutputStream();
    }

    /** The socket, to check its TLS session. */
    public Socket socket() {
        return socket;
    }

    /** The greeting line. */
    public String greeting() {
        return greeting;
    }

    /** Sends raw octets as they are. */
    public void send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends raw octets. */
    public void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Reads one response line (with its literals inline), without CRLF; null at end of stream. */
    public String readResponseLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            String line = readLine();
            if (line == null) {
                return sb.length() == 0 ? null : sb.toString();
            }
            sb.append(line);
            if (!line.endsWith("}")) {
                return sb.toString();
            }
            Matcher m = LITERAL_END.matcher(line);
            if (!m.find()) {
                return sb.toString();
            }
            int n = Integer.parseInt(m.group(1));
            sb.append("\r\n").append(new String(in.readNBytes(n), StandardCharsets.UTF_8));
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = buf.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
    }

    /** Sends {@code tag command} and returns every response line up to and including the tagged one. */
    public List<String> command(String command) throws IOException {
        String tag = "a" + (++tagCounter);
        send(tag + " " + command + "\r\n");
        return readUntilTagged(tag);
    }

    /**
     * Sends {@code tag command} and reads its responses in bulk, without making lines or strings
     * of them, up to and including the tagged one: a benchmark's client must not be what it
     * measures (reading 100,000 FETCH lines one octet and one String at a time costs about as
     * much as a server's answering them). For responses without literals, when the server sends
     * nothing after the tagged response until the next command (what follows it in the same read
     * is dropped).
     *
     * @return the tagged response line, without CRLF
     * @throws IOException when the connection closes first
     */
    public String commandInBulk(String command) throws IOException {
        String tag = "a" + (++tagCounter);
        send(tag + " " + command + "\r\n");
        byte[] want = (tag + " ").getBytes(StandardCharsets.US_ASCII);
        if (bulkChunk == null) {
            bulkChunk = new byte[1 << 16]; // once per client: zeroing 64 KiB per command showed in sub-0.1 ms timings
        }
        byte[] chunk = bulkChunk;
        int matched = 0; // octets of "tag SP" matched at the start of the current line; -1: not this line
        ByteArrayOutputStream tagged = null;
        while (true) {
            int n = in.read(chunk);
            if (n < 0) {
                throw new IOException("connection closed before the tagged response of " + command);
            }
            for (int i = 0; i < n; i++) {
                byte b = chunk[i];
                if (tagged != null) {
                    if (b == '\n') {
                        String line = tagged.toString(StandardCharsets.UTF_8);
                        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                    }
                    tagged.write(b);
                } else if (b == '\n') {
                    matched = 0;
                } else if (matched >= 0) {
                    matched = b == want[matched] ? matched + 1 : -1;
                    if (matched == want.length) {
                        tagged = new ByteArrayOutputStream();
                        tagged.writeBytes(want);
                    }
                }
            }
        }
    }

    /** Reads responses up to and including the one tagged {@code tag}. */
    public List<String> readUntilTagged(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readResponseLine();
            if (line == null) {
                throw new IOException("connection closed; got " + lines);
            }
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                return lines;
            }
        }
    }

    /** Runs a command and fails unless its tagged response is OK; returns all lines. */
    public List<String> ok(String command) throws IOException {
        List<String> lines = command(command);
        String last = lines.get(lines.size() - 1);
        if (!last.split(" ", 3)[1].equals("OK")) {
            throw new AssertionError("expected OK for '" + command + "' but got " + lines);
        }
        return lines;
    }

    /** Sends {@code tag command} without reading anything (for continuations); returns the tag. */
    public String sendTagged(String command) throws IOException {
        String tag = "a" + (++tagCounter);
        send(tag + " " + command + "\r\n");
        return tag;
    }

    /** The tag the next {@link #command} will use. */
    public String nextTag() {
        return "a" + (tagCounter + 1);
    }

    /** Appends a message with a synchronizing literal, waiting for the continuation request. */
    public List<String> append(String mailbox, String flagsAndDate, byte[] message) throws IOException {
        String tag = "a" + (++tagCounter);
        send(tag + " APPEND " + mailbox + (flagsAndDate.isEmpty() ? "" : " " + flagsAndDate) + " {" + message.length + "}\r\n");
        String cont = readResponseLine();
        if (!cont.startsWith("+")) {
            List<String> lines = new ArrayList<>();
            lines.add(cont);
            if (!cont.startsWith(tag + " ")) {
                lines.addAll(readUntilTagged(tag));
            }
            return lines;
        }
        byte[] withCrlf = java.util.Arrays.copyOf(message, message.length + 2);
        withCrlf[message.length] = '\r';
        withCrlf[message.length + 1] = '\n';
        send(withCrlf);
        return readUntilTagged(tag);
    }

    /** Drops the connection abruptly (TCP reset), as a crashing client or a broken network would. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
