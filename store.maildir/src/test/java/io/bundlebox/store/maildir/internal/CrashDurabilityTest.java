package io.bundlebox.store.maildir.internal;

import static io.bundlebox.store.maildir.internal.StoreFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bundlebox.imap.api.Flag;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.MessageRecord;
import io.bundlebox.mailstore.Usage;
import io.bundlebox.mailstore.UsageCounter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of a write storm: every acknowledged APPEND, COPY, MOVE, STORE and
 * EXPUNGE is there after reopening, exactly once, and nothing else is, except the effect of
 * the one operation that was in flight.
 */
class CrashDurabilityTest {

    private static final Pattern MESSAGE_ID = Pattern.compile("Message-ID: <(\\d+)@example.org>");

    @TempDir
    Path root;

    /** Expected state of one mailbox: UID to message number, and UIDs carrying \Flagged or \Deleted. */
    private static final class Model {
        final TreeMap<Long, Integer> messages = new TreeMap<>();
        final Set<Long> flagged = new HashSet<>();
    }

    @Test
    void acknowledgedChangesSurviveKillMinus9() throws Exception {
        long highestAcknowledgedUid = 0;
        // What the previous round left, as read back: the starting point of the next round's model.
        Model inbox = new Model();
        Model other = new Model();
        for (int round = 0; round < 2; round++) {
            List<String> lines = runAndKill(List.of(Integer.toString(round)), 60 + 40 * round);
            String inFlight = null;
            for (String line : lines) {
                String[] f = line.split(" ");
                if (f[0].equals("B")) {
                    inFlight = line.substring(2);
                    continue;
                }
                inFlight = null;
                long uid = Long.parseLong(f[2]);
                switch (f[1]) {
                    case "A" -> inbox.messages.put(Long.parseLong(f[3]), Integer.parseInt(f[2]));
                    case "F" -> inbox.flagged.add(uid);
                    case "C" -> copy(inbox, uid, other, Long.parseLong(f[3]));
                    case "M" -> {
                        copy(inbox, uid, other, Long.parseLong(f[3]));
                        remove(inbox, uid);
                    }
                    case "X" -> remove(inbox, uid);
                    default -> fail("unexpected line " + line);
                }
                highestAcknowledgedUid = Math.max(highestAcknowledgedUid,
                        f[1].equals("A") || f[1].equals("C") || f[1].equals("M") ? Long.parseLong(f[f.length - 1]) : 0);
            }
            try (MailStore store = StoreFixture.open(root)) {
                Model actualInbox = new Model();
                Model actualOther = new Model();
                try (Mailbox in = store.user("storm").open("INBOX"); Mailbox ot = store.user("storm").open("Other")) {
                    read(in, actualInbox);
                    read(ot, actualOther);
                    compare("INBOX", inbox, actualInbox, inFlight);
                    compare("Other", other, actualOther, inFlight);
                    // the usage counter, recounted from the indexes, agrees with the files that are there
                    Usage usage = store.user("storm").feature(UsageCounter.class).orElseThrow().usage();
                    assertEquals(new Usage(actualInbox.messages.size() + actualOther.messages.size(),
                            fileOctets(root.resolve("storm/cur")) + fileOctets(root.resolve("storm/.Other/cur")), 2), usage,
                            "usage after the crash (in flight: " + inFlight + ")");
                    inbox = actualInbox;
                    other = actualOther;
                    long next = StoreFixture.append(in, StoreFixture.message(999_999)).uid();
                    assertTrue(next > highestAcknowledgedUid, "UID " + next + " reused after the crash");
                    in.store(new long[] {next}, Mailbox.FlagMode.ADD, Set.of(Flag.DELETED), Long.MAX_VALUE);
                    in.expunge(new long[] {next});
                }
            }
        }
    }

    /**
     * kill -9 during a storm of MOVEs between two mailboxes of one user: after each restart every
     * message is in exactly one of them (MOVE was copy, then expunge: a kill in between left it in both).
     */
    @Test
    void moveStormLeavesEveryMessageInExactlyOneMailbox() throws Exception {
        int count = 40;
        for (int round = 0; round < 3; round++) {
            runAndKill(List.of(Integer.toString(round), "move", Integer.toString(count)), 150 + 50 * round);
            try (MailStore store = StoreFixture.open(root)) {
                Model inbox = new Model();
                Model other = new Model();
                try (Mailbox in = store.user("storm").open("INBOX"); Mailbox ot = store.user("storm").open("Other")) {
                    read(in, inbox);
                    read(ot, other);
                }
                List<Integer> all = new ArrayList<>(inbox.messages.values());
                all.addAll(other.messages.values());
                all.sort(null);
                List<Integer> expected = new ArrayList<>();
                for (int n = 0; n < count; n++) {
                    expected.add(n);
                }
                assertEquals(expected, all, "round " + round + ": every message in exactly one mailbox (INBOX "
                        + inbox.messages.values() + ", Other " + other.messages.values() + ")");
            }
        }
    }

    private static long fileOctets(Path cur) throws IOException {
        try (var files = java.nio.file.Files.list(cur)) {
            long sum = 0;
            for (Path f : (Iterable<Path>) files::iterator) {
                sum += java.nio.file.Files.size(f);
            }
            return sum;
        }
    }

    private static void copy(Model from, long uid, Model to, long newUid) {
        to.messages.put(newUid, from.messages.get(uid));
        if (from.flagged.contains(uid)) {
            to.flagged.add(newUid);
        }
    }

    private static void remove(Model model, long uid) {
        model.messages.remove(uid);
        model.flagged.remove(uid);
    }

    private static void read(Mailbox box, Model into) throws Exception {
        MailboxSnapshot s = box.snapshot();
        for (int i = 0; i < s.size(); i++) {
            MessageRecord r = s.get(i);
            String text = new String(StoreFixture.read(box, r.uid()), StandardCharsets.UTF_8);
            Matcher m = MESSAGE_ID.matcher(text);
            assertTrue(m.find(), "message " + r.uid() + " is intact");
            into.messages.put(r.uid(), Integer.parseInt(m.group(1)));
            if (r.has(Flag.FLAGGED)) {
                into.flagged.add(r.uid());
            }
        }
    }

    /** Equal, or different only by the effect of the operation in flight at the kill. */
    private static void compare(String name, Model expected, Model actual, String inFlight) {
        Map<Long, Integer> extra = new HashMap<>(actual.messages);
        expected.messages.keySet().forEach(extra::remove);
        Map<Long, Integer> missing = new HashMap<>(expected.messages);
        actual.messages.keySet().forEach(missing::remove);
        String op = inFlight == null ? "" : inFlight.split(" ")[0];
        long target = inFlight == null ? -1 : Long.parseLong(inFlight.split(" ")[1]);
        boolean intoInbox = name.equals("INBOX");

        for (Map.Entry<Long, Integer> e : expected.messages.entrySet()) {
            Integer there = actual.messages.get(e.getKey());
            if (there == null) {
                assertTrue(intoInbox && (op.equals("X") || op.equals("M")) && e.getKey() == target,
                        name + ": acknowledged message UID " + e.getKey() + " lost (in flight: " + inFlight + ")");
            } else {
                assertEquals(e.getValue(), there, name + ": UID " + e.getKey() + " holds another message");
            }
        }
        assertTrue(extra.size() <= 1, name + ": unexpected messages " + extra);
        if (!extra.isEmpty()) {
            boolean explained = intoInbox ? op.equals("A") : op.equals("C") || op.equals("M");
            assertTrue(explained, name + ": message " + extra + " was never acknowledged (in flight: " + inFlight + ")");
        }
        Set<Integer> numbers = new HashSet<>();
        for (Integer n : actual.messages.values()) {
            assertTrue(numbers.add(n) || !intoInbox, name + ": message " + n + " is there twice");
        }
        for (Long uid : actual.flagged) {
            if (!expected.flagged.contains(uid) && !extra.containsKey(uid)) {
                assertTrue(intoInbox && op.equals("F") && uid == target, name + ": UID " + uid + " flagged unasked");
            }
        }
        for (Long uid : expected.flagged) {
            if (actual.messages.containsKey(uid)) {
                assertTrue(actual.flagged.contains(uid), name + ": acknowledged \\Flagged on " + uid + " lost");
            }
        }
        assertTrue(missing.size() <= 1, name + ": lost " + missing);
    }

    /** Runs the storm in a child JVM and kills it forcibly after {@code acknowledged} operations. */
    private List<String> runAndKill(List<String> stormArgs, int acknowledged) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", classpath, CrashStorm.class.getName(),
                root.toString()));
        command.addAll(stormArgs);
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        IOException[] readFailure = new IOException[1];
        Thread reader = Thread.ofPlatform().start(() -> readFailure[0] = copy(child.getInputStream(), output));
        try {
            await(Duration.ofSeconds(60), acknowledged + " acknowledged operations",
                    () -> countAcks(output) >= acknowledged || !child.isAlive());
            assertTrue(child.isAlive(), "the storm ended by itself: " + output);
        } finally {
            // SIGKILL through the ProcessHandle: Process.destroyForcibly() would also close our end
            // of the pipe at once, dropping what the child wrote after the reader's last read (the
            // last acknowledgements) and leaving the model behind the store.
            child.toHandle().destroyForcibly();
            child.waitFor();
            reader.join();
            child.getInputStream().close();
        }
        if (readFailure[0] != null) {
            throw new AssertionError("the child's output was not read to its end", readFailure[0]);
        }
        String text;
        synchronized (output) {
            text = output.toString(StandardCharsets.UTF_8);
        }
        // A line counts only when complete: the kill may cut the last one.
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        lines.removeLast();
        lines.removeIf(l -> l.equals("READY") || l.isBlank());
        return lines.stream().map(l -> l.startsWith("OK ") ? "O " + l.substring(3) : l).toList();
    }

    private static int countAcks(ByteArrayOutputStream output) {
        synchronized (output) {
            return (int) output.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("OK ")).count();
        }
    }

    /** Copies until end of stream (the killed child's last bytes included); returns the failure, if any. */
    private static IOException copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
            return null;
        } catch (IOException e) {
            return e;
        }
    }
}
