package io.bundlebox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bundlebox.launcher.CommandLine.Command;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The command line grammar of {@code bin/bundlebox}, table-driven. */
class CommandLineTest {

    @Test
    void acceptedCommandLines() {
        record Case(String args, CommandLine expected) {
        }
        Path h = Path.of("/srv/mail");
        for (Case c : new Case[] {
                new Case("", new CommandLine(Command.SERVE, null, null, null, null)),
                new Case("--home /srv/mail --imap 0.0.0.0:143", new CommandLine(Command.SERVE, h, "0.0.0.0:143", null, null)),
                new Case("--imap=[::1]:1143 --home=/srv/mail", new CommandLine(Command.SERVE, h, "[::1]:1143", null, null)),
                new Case("--imap 127.0.0.1:143 --imaps=127.0.0.1:993",
                        new CommandLine(Command.SERVE, null, "127.0.0.1:143", "127.0.0.1:993", null)),
                new Case("--help", new CommandLine(Command.HELP, null, null, null, null)),
                new Case("user add bob --home /srv/mail", new CommandLine(Command.USER_ADD, h, null, null, "bob")),
                new Case("--home /srv/mail user remove bob", new CommandLine(Command.USER_REMOVE, h, null, null, "bob")),
                new Case("user list", new CommandLine(Command.USER_LIST, null, null, null, null)),
                new Case("tenant list --home /srv/mail", new CommandLine(Command.TENANT_LIST, h, null, null, null)),
        }) {
            String[] args = c.args().isEmpty() ? new String[0] : c.args().split(" ");
            assertEquals(c.expected(), CommandLine.parse(args), c.args());
        }
    }

    @Test
    void rejectedCommandLinesSayWhy() {
        for (String[] c : new String[][] {
                {"unknown option --homes", "--homes"},
                {"--imap needs a value", "--imap"},
                {"unknown command serve", "serve"},
                {"usage: bundlebox user add NAME [--home DIR]", "user", "add"},
                {"user needs add NAME, list or remove NAME", "user", "drop", "x"},
                {"--imap and --imaps apply to running the server, not to user commands", "user", "list", "--imap", "a:1"},
                {"--imap and --imaps apply to running the server, not to user commands", "user", "list", "--imaps", "a:1"},
                {"usage: bundlebox tenant list [--home DIR]", "tenant", "add", "x"},
        }) {
            String[] args = Arrays.copyOfRange(c, 1, c.length); // row: expected message, then the arguments
            assertEquals(c[0], assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(args)).getMessage());
        }
    }
}
