package io.bundlebox.core.internal.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.WireLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of the wire reader and of every command parser of the core
 * table, as the dispatcher calls them on a real {@link Session}'s reader: the first octet picks
 * the command (and whether UTF-8 mailbox names are on), the rest is what the client sent after
 * the command name. A parser may return or refuse with {@link ImapException} (BAD/NO), and the
 * input may end ({@link ImapReader.ClosedException}) or break the line limit
 * ({@link ImapReader.LineTooLongException}); anything else — a RuntimeException, a hang, an
 * allocation beyond the limits — is a finding. After a refusal, {@link ImapReader#skipCommand()}
 * must consume the rest of the command.
 *
 * <p>Without {@code JAZZER_FUZZ} the committed corpus ({@code CommandParserFuzzTestInputs/})
 * is replayed as a regression test; see {@code core.bundle/FUZZING.md} for fuzzing runs.
 */
class CommandParserFuzzTest {

    private static final TestRuntime RUNTIME = new TestRuntime();
    private static final List<String> COMMANDS = RUNTIME.extensions().commandNames().stream().sorted().toList();
    /** Small limits, so that the fuzzer reaches them (the defaults are 64 KiB lines and 1 MiB literals). */
    private static final WireLimits SMALL = new WireLimits(2048, 4096, 16);

    @FuzzTest(maxDuration = "20m")
    void everyCommandParser(byte[] data) throws IOException, ImapException {
        if (data.length == 0) {
            return;
        }
        String name = COMMANDS.get((data[0] & 0x7f) % COMMANDS.size());
        Session session = RUNTIME.session(new ByteArrayInputStream(data, 1, data.length - 1), OutputStream.nullOutputStream());
        if ((data[0] & 0x80) != 0) {
            session.enable("UTF8=ACCEPT");
        }
        ImapReader in = session.in();
        in.beginCommand();
        try {
            RUNTIME.extensions().view(List.of("*")).command(name).handler().parse(in, session);
        } catch (ImapException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), "a refusal says why");
            skipRest(in);
        } catch (ImapReader.ClosedException | ImapReader.LineTooLongException e) {
            // the input ended, or the line limit (64 KiB) held
        }
    }

    /**
     * The reader's grammar methods in any order over any input, with small limits: each either
     * returns, refuses with BAD/NO, or reports the end of input or the line limit.
     */
    @FuzzTest(maxDuration = "20m")
    void readerGrammar(FuzzedDataProvider data) throws IOException {
        int steps = data.consumeInt(1, 24);
        List<Integer> ops = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            ops.add(data.consumeInt(0, 21));
        }
        boolean utf8 = data.consumeBoolean();
        byte[] wire = data.consumeRemainingAsBytes();
        ImapReader in = new ImapReader(new ByteArrayInputStream(wire), SMALL, (size, sync) -> { });
        in.utf8MailboxNames(utf8);
        in.beginCommand();
        for (int op : ops) {
            try {
                step(in, op);
            } catch (ImapException e) {
                skipRest(in);
                in.beginCommand();
            } catch (ImapReader.ClosedException | ImapReader.LineTooLongException e) {
                return;
            }
        }
    }

    private static void step(ImapReader in, int op) throws IOException, ImapException {
        switch (op) {
            case 0 -> in.tag();
            case 1 -> in.atom();
            case 2 -> in.astring();
            case 3 -> in.nstring();
            case 4 -> in.string();
            case 5 -> in.mailbox();
            case 6 -> in.listMailbox();
            case 7 -> in.sequenceSet();
            case 8 -> in.number();
            case 9 -> in.nzNumber();
            case 10 -> in.number64();
            case 11 -> in.flagList();
            case 12 -> in.atomList();
            case 13 -> in.date();
            case 14 -> in.dateTime();
            case 15 -> in.sp();
            case 16 -> in.crlf();
            case 17 -> in.literal();
            case 18 -> {
                long size = in.literalHeader(1 << 20);
                in.literalBody(size).transferTo(OutputStream.nullOutputStream());
            }
            case 19 -> in.enterList();
            case 20 -> in.leaveList();
            default -> in.flag();
        }
    }

    private static void skipRest(ImapReader in) throws IOException {
        try {
            in.skipCommand();
        } catch (ImapReader.ClosedException e) {
            // the input ended inside the command
        }
    }
}
