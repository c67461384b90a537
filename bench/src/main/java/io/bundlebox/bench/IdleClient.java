package io.bundlebox.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/**
 * One IMAP connection of the load generator, on blocking sockets (one virtual thread each):
 * logs in, selects INBOX and idles (RFC 9051 section 6.3.13); afterwards a watcher thread reports
 * the arrival time of every untagged {@code EXISTS}. Also appends messages, for a writer session.
 */
final class IdleClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int tags;

    IdleClient(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 30_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 1024);
        out = socket.getOutputStream();
        readLine(); // greeting
    }

    /** Sends a command and reads up to its tagged response; fails unless it is OK. */
    void ok(String command) throws IOException {
        String tag = "b" + (++tags);
        send(tag + " " + command + "\r\n");
        awaitTagged(tag);
    }

    private void awaitTagged(String tag) throws IOException {
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("connection closed during " + tag);
            }
            if (line.startsWith(tag + " ")) {
                if (!line.startsWith(tag + " OK")) {
                    throw new IOException("server said: " + line);
                }
                return;
            }
        }
    }

    /** Logs in and selects INBOX. */
    IdleClient loginAndSelect(String user, String password) throws IOException {
        ok("LOGIN " + user + " " + password);
        ok("SELECT INBOX");
        return this;
    }

    /**
     * Starts IDLE and, once the server answered {@code + idling}, reads on a virtual thread,
     * calling {@code onExists} with {@link System#nanoTime()} for every {@code * n EXISTS}.
     */
    void idle(LongConsumer onExists) throws IOException {
        send("i IDLE\r\n");
        String cont = readLine();
        if (cont == null || !cont.startsWith("+")) {
            throw new IOException("IDLE refused: " + cont);
        }
        Thread.ofVirtual().name("idle-watcher").start(() -> {
            try {
                for (String line = readLine(); line != null; line = readLine()) {
                    if (line.startsWith("* ") && line.endsWith(" EXISTS")) {
                        onExists.accept(System.nanoTime());
                    }
                }
            } catch (IOException e) {
                // connection closed: the benchmark is over
            }
        });
    }

    /** APPENDs {@code message} to INBOX with a non-synchronizing literal (LITERAL+, RFC 7888). */
    void append(byte[] message) throws IOException {
        String tag = "b" + (++tags);
        out.write((tag + " APPEND INBOX {" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(message);
        send("\r\n");
        awaitTagged(tag);
    }

    private void send(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private String readLine() throws IOException {
        return readLine(in);
    }

    /** One line from {@code in} without its CRLF (or LF), or null at the end of the stream. */
    static String readLine(java.io.InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = buf.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            buf.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
