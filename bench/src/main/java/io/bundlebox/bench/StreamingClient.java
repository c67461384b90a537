package io.bundlebox.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * An IMAP client for large messages: sends an APPEND literal from a file and reads FETCH
 * literals without holding them (it counts and checksums them). The end-to-end tests' ImapClient
 * keeps literals inline as strings, which a 100 MB message in a 64 MB heap cannot afford.
 */
final class StreamingClient implements AutoCloseable {

    private static final Pattern LITERAL_END = Pattern.compile("~?\\{(\\d+)}$");

    /** What a response up to its tagged line carried. */
    record Response(String tagged, long literalOctets, long crc) {
        boolean ok() {
            return tagged.split(" ", 3)[1].equals("OK");
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private int tags;

    StreamingClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(120_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        line(); // greeting
    }

    /** Runs a command; literals in the responses are counted and checksummed, never kept. */
    Response command(String command) throws IOException {
        String tag = "t" + (++tags);
        out.write((tag + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return responses(tag);
    }

    /**
     * Appends {@code message} to {@code mailbox} with a synchronizing literal streamed from the
     * file; returns the server's answer (a tagged NO if it refused the literal).
     */
    Response append(String mailbox, Path message) throws IOException {
        String tag = "t" + (++tags);
        long size = Files.size(message);
        out.write((tag + " APPEND " + mailbox + " {" + size + "}\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String answer = line();
        if (!answer.startsWith("+")) {
            return new Response(answer, 0, 0);
        }
        try (InputStream file = Files.newInputStream(message)) {
            file.transferTo(out);
        }
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return responses(tag);
    }

    private Response responses(String tag) throws IOException {
        long octets = 0;
        CRC32 crc = new CRC32();
        while (true) {
            String line = line();
            Matcher m = LITERAL_END.matcher(line);
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                discard(n, crc);
                octets += n;
                line = line();
                m = LITERAL_END.matcher(line);
            }
            if (line.startsWith(tag + " ")) {
                return new Response(line, octets, crc.getValue());
            }
        }
    }

    private void discard(long n, CRC32 crc) throws IOException {
        long left = n;
        while (left > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (r < 0) {
                throw new IOException("connection closed inside a literal");
            }
            crc.update(buffer, 0, r);
            left -= r;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream sb = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                sb.write(b);
            }
        }
        if (b < 0) {
            throw new IOException("connection closed");
        }
        return sb.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
