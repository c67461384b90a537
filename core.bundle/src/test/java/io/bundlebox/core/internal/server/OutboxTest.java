package io.bundlebox.core.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Unsolicited;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The session outbox on a real loopback socket: one lifecycle transition decides who closes (a
 * BYE in charge is never cut off by the session closing), posted items wait for the command's
 * end, and a client that stops reading makes neither posters block nor the queue grow.
 */
class OutboxTest {

    private static final ServerRuntime RUNTIME = (ServerRuntime) Proxy.newProxyInstance(
            ServerRuntime.class.getClassLoader(), new Class<?>[] {ServerRuntime.class},
            (proxy, method, args) -> method.getName().equals("limits") ? Limits.DEFAULT : null);

    /** A connected pair: the server end wrapped in a Connection, the client end raw. */
    private record Pair(Connection server, Socket client) implements AutoCloseable {
        static Pair open() throws IOException {
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                return new Pair(new Connection(RUNTIME, listener.accept()), client);
            }
        }

        /** Everything the client receives until the server closes. */
        String readToEnd() throws IOException {
            InputStream in = client.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            server.close();
            client.close();
        }
    }

    @Test
    void whenByeAndTheSessionsOwnCloseRaceTheByeIsNeverCutOff() throws Exception {
        int rounds = 300;
        int byeWon = 0;
        for (int i = 0; i < rounds; i++) {
            try (Pair p = Pair.open()) {
                Outbox outbox = new Outbox(p.server(), "t" + i);
                CyclicBarrier start = new CyclicBarrier(2);
                AtomicInteger closers = new AtomicInteger();
                boolean[] byeInCharge = new boolean[1];
                Thread shutdown = Thread.ofVirtual().start(() -> {
                    await(start);
                    byeInCharge[0] = outbox.bye(ResponseCode.UNAVAILABLE, "going away", "", closers::incrementAndGet);
                });
                await(start);
                boolean sessionClosed = outbox.close(); // the session thread ending at the same moment
                shutdown.join();
                String seen = p.readToEnd();
                assertTrue(byeInCharge[0] != sessionClosed, "exactly one of them takes charge of closing");
                if (byeInCharge[0]) {
                    byeWon++;
                    assertEquals("* BYE [UNAVAILABLE] going away\r\n", seen, "round " + i);
                    assertEquals(1, closers.get());
                } else {
                    assertEquals("", seen);
                }
                assertEquals(Outbox.Life.CLOSED, outbox.life());
            }
        }
        assertTrue(byeWon > 0, "the BYE won some rounds");
    }

    @Test
    void postedItemsWaitForTheCommandsEndAndAreWrittenWhileACommandAwaitsInput() throws Exception {
        try (Pair p = Pair.open()) {
            var client = new java.io.BufferedReader(new java.io.InputStreamReader(p.client().getInputStream(),
                    StandardCharsets.US_ASCII));
            Outbox outbox = new Outbox(p.server(), "t");
            outbox.beginCommand();
            assertTrue(outbox.post(out -> out.untagged().raw("ITEM 1").crlf(), out -> { }));
            p.server().out().untagged().raw("1 FETCH (BODY[] {5}").crlf().raw("hello)").crlf();
            p.server().out().status("a1", "OK", null, "done");
            outbox.endCommand(true);
            assertEquals("* 1 FETCH (BODY[] {5}", client.readLine());
            assertEquals("hello)", client.readLine(), "the item posted during a1 waits for its end");
            assertEquals("a1 OK done", client.readLine());
            assertEquals("* ITEM 1", client.readLine(), "and is written between commands");

            outbox.beginCommand();
            p.server().out().continuation("idling");
            String read = outbox.<String, IOException>awaitInput(() -> {
                outbox.post(out -> out.untagged().raw("ITEM 2").crlf(), out -> { });
                assertEquals("+ idling", client.readLine());
                return client.readLine(); // arrives while the command waits for input
            });
            assertEquals("* ITEM 2", read);
            p.server().out().status("a2", "OK", null, "done");
            outbox.endCommand(false);
            assertTrue(outbox.post(out -> out.untagged().raw("ITEM 3").crlf(), out -> { }));
            outbox.bye(null, "bye", "", () -> { });
            assertEquals("a2 OK done", client.readLine());
            assertEquals("* BYE bye", client.readLine(), "after the last command only the BYE follows");
            assertEquals(null, client.readLine());
        }
    }

    @Test
    void whileALiteralIsAwaitedAByeFromElsewhereIsWrittenButNoPostedItem() throws Exception {
        try (Pair p = Pair.open()) {
            var client = new java.io.BufferedReader(new java.io.InputStreamReader(p.client().getInputStream(),
                    StandardCharsets.US_ASCII));
            Outbox outbox = new Outbox(p.server(), "t");
            outbox.beginCommand();
            p.server().out().continuation("Ready for literal data");
            boolean[] byeWritten = new boolean[1];
            outbox.awaitLiteral(() -> {
                assertTrue(outbox.post(out -> out.untagged().raw("ITEM 1").crlf(), out -> { }));
                Thread other = Thread.ofVirtual().start(() ->
                        byeWritten[0] = outbox.bye(ResponseCode.UNAVAILABLE, "gone", "", () -> { }));
                assertEquals("+ Ready for literal data", client.readLine());
                assertEquals("* BYE [UNAVAILABLE] gone", client.readLine(), "the BYE does not wait for the literal");
                assertEquals(null, client.readLine(), "no posted item inside the command, then closed");
                try {
                    other.join();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return null;
            });
            assertTrue(byeWritten[0]);
            outbox.endCommand(true);
        }
    }

    @Test
    void aClientThatStopsReadingBlocksNoPosterAndTheQueueStaysBounded() throws Exception {
        try (Pair p = Pair.open()) {
            Outbox outbox = new Outbox(p.server(), "t", 64);
            outbox.beginCommand();
            outbox.endCommand(true);
            String line = "x".repeat(64 * 1024);
            Unsolicited overflow = out -> out.untagged().raw("OK [OVERFLOWED] resynchronise").crlf();
            int accepted = 0;
            long start = System.nanoTime();
            for (int i = 0; i < 10_000; i++) { // about 650 MB if nothing were dropped
                if (outbox.post(out -> out.untagged().raw(line).crlf(), overflow)) {
                    accepted++;
                }
                assertTrue(outbox.pending() <= 64 + 1, "queue bounded: " + outbox.pending());
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5_000, "posting never waited for the client: " + millis + " ms");
            assertTrue(accepted < 10_000, "posts beyond the capacity were refused: " + accepted);

            // the client reads again: what was queued arrives, then the overflow item, once
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.client().getInputStream(),
                    StandardCharsets.US_ASCII));
            int items = 0;
            String l;
            while (!(l = in.readLine()).startsWith("* OK [OVERFLOWED]")) {
                assertEquals(line.length() + 2, l.length(), "whole items only");
                items++;
            }
            assertEquals(accepted, items, "every accepted item was written, then the overflow item");
            outbox.bye(null, "bye", "", () -> { });
            assertEquals("* BYE bye", in.readLine(), "the overflow item came once");
        }
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
