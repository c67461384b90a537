package io.bundlebox.store.maildir.internal;

import io.bundlebox.imap.api.Flag;
import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.Mailbox;
import io.bundlebox.mailstore.MailboxSnapshot;
import io.bundlebox.mailstore.UserMailboxes;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;

/**
 * The victim of {@link CrashDurabilityTest}: runs in its own JVM, performs a storm of APPEND,
 * STORE, COPY, MOVE and EXPUNGE on user {@code storm}, printing {@code B <op>} before and
 * {@code OK <op> <result>} after each operation returns, until it is killed.
 *
 * <p>Usage: {@code java -cp <test classpath> io.bundlebox.store.maildir.internal.CrashStorm <root> <seed>}
 */
public final class CrashStorm {

    private CrashStorm() {
    }

    /**
     * Usage with {@code move COUNT}: makes sure INBOX and Other hold messages 0..COUNT-1 between
     * them, then moves random messages back and forth, printing {@code OK M <from> <uid>} after each.
     */
    private static void moveStorm(Mailbox inbox, Mailbox other, int count, Random random, PrintStream out)
            throws Exception {
        if (inbox.snapshot().size() + other.snapshot().size() == 0) {
            for (int n = 0; n < count; n++) {
                StoreFixture.append(inbox, StoreFixture.message(n));
            }
        }
        out.println("READY");
        out.flush();
        while (true) {
            boolean fromInbox = random.nextBoolean();
            Mailbox from = fromInbox ? inbox : other;
            MailboxSnapshot s = from.snapshot();
            if (s.size() == 0) {
                continue;
            }
            long uid = s.get(random.nextInt(s.size())).uid();
            from.move(new long[] {uid}, fromInbox ? other : inbox);
            out.println("OK M " + (fromInbox ? "INBOX" : "Other") + " " + uid);
            out.flush();
        }
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        long seed = Long.parseLong(args[1]);
        Random random = new Random(seed);
        try (MailStore store = StoreFixture.open(Path.of(args[0]))) {
            UserMailboxes user = store.user("storm");
            if (user.list().stream().noneMatch(i -> i.name().equals("Other"))) {
                user.create("Other", Set.of());
            }
            Mailbox inbox = user.open("INBOX");
            Mailbox other = user.open("Other");
            if (args.length > 2 && args[2].equals("move")) {
                moveStorm(inbox, other, Integer.parseInt(args[3]), random, out);
                return;
            }
            out.println("READY");
            out.flush();
            // Message numbers are unique across runs: each run starts at seed * 100000.
            for (int n = (int) seed * 100_000; ; n++) {
                MailboxSnapshot s = inbox.snapshot();
                int choice = s.size() < 5 ? 0 : random.nextInt(10);
                long uid = s.size() == 0 ? 0 : s.get(random.nextInt(s.size())).uid();
                switch (choice) {
                    case 0, 1, 2, 3 -> {
                        out.println("B A " + n);
                        out.flush();
                        long added = StoreFixture.append(inbox, StoreFixture.message(n)).uid();
                        out.println("OK A " + n + " " + added);
                    }
                    case 4, 5 -> {
                        out.println("B F " + uid);
                        out.flush();
                        inbox.store(new long[] {uid}, Mailbox.FlagMode.ADD, Set.of(Flag.FLAGGED), Long.MAX_VALUE);
                        out.println("OK F " + uid);
                    }
                    case 6 -> {
                        out.println("B C " + uid);
                        out.flush();
                        long copied = inbox.copy(new long[] {uid}, other).targetUids()[0];
                        out.println("OK C " + uid + " " + copied);
                    }
                    case 7 -> {
                        out.println("B M " + uid);
                        out.flush();
                        long moved = inbox.move(new long[] {uid}, other).targetUids()[0];
                        out.println("OK M " + uid + " " + moved);
                    }
                    default -> {
                        out.println("B X " + uid);
                        out.flush();
                        inbox.store(new long[] {uid}, Mailbox.FlagMode.ADD, Set.of(Flag.DELETED), Long.MAX_VALUE);
                        inbox.expunge(new long[] {uid});
                        out.println("OK X " + uid);
                    }
                }
                out.flush();
            }
        }
    }
}
