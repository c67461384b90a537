package io.bundlebox.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed command line:
 * {@code bundlebox [--home DIR] [--imap HOST:PORT[,HOST:PORT]] [--imaps HOST:PORT[,HOST:PORT]]},
 * {@code bundlebox user add|remove NAME [--home DIR]}, {@code bundlebox user list [--home DIR]},
 * {@code bundlebox tenant list [--home DIR]},
 * {@code bundlebox --help}.
 *
 * @param command what to do
 * @param home the {@code --home} folder, or null for the distribution folder
 * @param imap the {@code --imap} listen addresses, or null for the configured default
 * @param imaps the {@code --imaps} implicit-TLS listen addresses (RFC 8314), or null for the configured default
 * @param user the NAME of {@code user add/remove}, else null
 */
record CommandLine(Command command, Path home, String imap, String imaps, String user) {

    /** The launcher's commands. */
    enum Command { SERVE, HELP, USER_ADD, USER_LIST, USER_REMOVE, TENANT_LIST }

    /**
     * @throws IllegalArgumentException with a one-line explanation of what is wrong
     */
    static CommandLine parse(String... args) {
        Path home = null;
        String imap = null;
        String imaps = null;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help", "help" -> {
                    return new CommandLine(Command.HELP, null, null, null, null);
                }
                case "--home" -> home = Path.of(value(args, ++i, a));
                case "--imap" -> imap = value(args, ++i, a);
                case "--imaps" -> imaps = value(args, ++i, a);
                default -> {
                    if (a.startsWith("--home=")) {
                        home = Path.of(a.substring(7));
                    } else if (a.startsWith("--imap=")) {
                        imap = a.substring(7);
                    } else if (a.startsWith("--imaps=")) {
                        imaps = a.substring(8);
                    } else if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    } else {
                        words.add(a);
                    }
                }
            }
        }
        if (words.isEmpty()) {
            return new CommandLine(Command.SERVE, home, imap, imaps, null);
        }
        if (!words.get(0).equals("user") && !words.get(0).equals("tenant")) {
            throw new IllegalArgumentException("unknown command " + words.get(0));
        }
        if (imap != null || imaps != null) {
            throw new IllegalArgumentException("--imap and --imaps apply to running the server, not to " + words.get(0) + " commands");
        }
        if (words.get(0).equals("tenant")) {
            if (words.size() != 2 || !words.get(1).equals("list")) {
                throw new IllegalArgumentException("usage: bundlebox tenant list [--home DIR]");
            }
            return new CommandLine(Command.TENANT_LIST, home, null, null, null);
        }
        String sub = words.size() > 1 ? words.get(1) : "";
        return switch (sub) {
            case "list" -> {
                expectWords(words, 2, "user list");
                yield new CommandLine(Command.USER_LIST, home, null, null, null);
            }
            case "add", "remove" -> {
                expectWords(words, 3, "user " + sub + " NAME");
                yield new CommandLine(sub.equals("add") ? Command.USER_ADD : Command.USER_REMOVE, home, null, null, words.get(2));
            }
            default -> throw new IllegalArgumentException("user needs add NAME, list or remove NAME");
        };
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].isBlank()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void expectWords(List<String> words, int n, String usage) {
        if (words.size() != n) {
            throw new IllegalArgumentException("usage: bundlebox " + usage + " [--home DIR]");
        }
    }

    /** The text of {@code bundlebox --help}. */
    static String help(String brand) {
        return """
                %1$s, an IMAP4rev2 server (RFC 9051) built from OSGi bundles.

                Usage:
                  bundlebox [--home DIR] [--imap HOST:PORT[,HOST:PORT]] [--imaps HOST:PORT[,...]]
                      Run the server in the foreground until Ctrl-C or SIGTERM (exit status 0;
                      1 when it cannot start, with one line saying why).
                      --home DIR   installation home (default: the distribution folder)
                      --imap ADDR  listen addresses (default 127.0.0.1:1143); the imap key of
                                   conf/io.bundlebox.server.cfg takes precedence
                      --imaps ADDR implicit-TLS listen addresses (RFC 8314, e.g. 0.0.0.0:993;
                                   default none); the imaps key of the same file takes precedence
                  bundlebox user add NAME [--home DIR]
                      Add user NAME, or set a new password; the password is read from standard
                      input (prompted for without echo on a terminal) and stored as an Argon2id
                      hash in HOME/conf/users, or, for NAME@DOMAIN of a tenant (a conf/tenant-ID.cfg
                      whose domains list DOMAIN), in that tenant's users file. A running server
                      sees the change at once.
                  bundlebox user list [--home DIR]
                  bundlebox user remove NAME [--home DIR]
                  bundlebox tenant list [--home DIR]
                      The tenants (conf/tenant-ID.cfg) with their domains, extensions, user
                      counts and the storage their mail takes.
                  bundlebox --help

                The home holds:
                  conf/        configuration, watched: io.bundlebox.server.cfg (listeners, names,
                               limits), logging.properties (levels, read at start), users
                  extensions/  hot folder: drop a bundle jar to install it, replace it to update,
                               delete it to uninstall; no restart needed
                  var/mail/    mail, one Maildir per user (var/mail/USER/)
                  var/log/     bundlebox.log (rotated)
                A new or empty home is set up on its first start, with a user 'demo' whose random
                password is printed once.

                Environment: JAVA_HOME (a JDK 21 or newer), BUNDLEBOX_JAVA_OPTS (extra JVM options).
                """.formatted(brand);
    }
}
