package io.bundlebox.launcher;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * Entry point of {@code bin/bundlebox}: runs the server in the foreground or edits the users
 * file (see {@link CommandLine#help}). Exit status: 0 after a clean stop (including SIGTERM),
 * 1 when the server cannot run or a command fails, 2 on a usage error. Problems are reported as
 * one line {@code bundlebox: ...} on standard error; the server's log goes to standard output
 * and {@code var/log/bundlebox.log}.
 */
public final class Main {

    /** Set once main decides the exit status itself; the shutdown hook then leaves the exit alone. */
    private static volatile boolean exiting;

    static {
        // bin/bundlebox sets this too; here it also holds for `java -jar`, before JUL initializes
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", LogSetup.ShutdownSafeLogManager.class.getName());
        }
    }

    private Main() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        int status = run(args);
        exiting = true;
        System.out.flush();
        System.exit(status);
    }

    static int run(String[] args) {
        CommandLine cli;
        try {
            cli = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bundlebox: " + e.getMessage() + " (see bundlebox --help)");
            return 2;
        }
        try {
            Distribution dist = Distribution.locate();
            Home home = new Home(cli.home() == null ? dist.folder() : cli.home());
            return switch (cli.command()) {
                case HELP -> {
                    System.out.print(CommandLine.help(dist.brand()));
                    yield 0;
                }
                case SERVE -> serve(dist, home, cli.imap(), cli.imaps());
                case USER_ADD -> userAdd(home, cli.user());
                case TENANT_LIST -> {
                    System.out.print(new TenantFiles(home).list());
                    yield 0;
                }
                case USER_LIST -> {
                    new UsersFile(home.usersFile()).names().forEach(System.out::println);
                    yield 0;
                }
                case USER_REMOVE -> {
                    Path file = new TenantFiles(home).usersFileFor(cli.user());
                    if (!new UsersFile(file).remove(cli.user())) {
                        throw new LauncherException("no user " + cli.user() + " in " + file);
                    }
                    System.out.println("removed user " + cli.user());
                    yield 0;
                }
            };
        } catch (LauncherException e) {
            System.err.println("bundlebox: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("bundlebox: " + Home.describe(e));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int serve(Distribution dist, Home home, String imap, String imaps) throws LauncherException, IOException,
            InterruptedException {
        SocketPolling.chooseDirectWakeUp();
        boolean fresh = home.prepare(dist);
        home.lock();
        LogSetup.configure(home.loggingProperties(), home.logFile());
        Logger log = Logger.getLogger(Main.class.getName());
        log.info(dist.brand() + " " + dist.version() + " starting; home " + home.dir() + ", Java "
                + Runtime.version());
        home.buildOutput().ifPresent(target -> log.warning("the home " + home.dir() + " lies in the build output "
                + target + ": `mvn clean` deletes it and every user's mail; start with --home DIR outside it"));

        UsersFile users = new UsersFile(home.usersFile());
        char[] demoPassword = fresh && users.names().isEmpty() ? UsersFile.randomPassword() : null;
        // Argon2 with 64 MiB takes a while: hash while the framework starts, not before
        Thread demoUser = Thread.ofPlatform().name("bundlebox-demo-user").start(() -> {
            if (demoPassword != null) {
                try {
                    users.put("demo", demoPassword);
                } catch (IOException e) {
                    log.warning("cannot create the demo user in " + home.usersFile() + ": " + Home.describe(e));
                }
            }
        });

        Server server = new Server(home, dist, imap, imaps);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!exiting) {
                // SIGTERM or Ctrl-C: sessions get BYE, then exit 0 rather than the JVM's 143
                log.info("stopping on signal");
                server.stopQuietly();
                LogSetup.flush();
                System.out.flush();
                Runtime.getRuntime().halt(0);
            }
        }, "bundlebox-shutdown"));
        server.start();
        demoUser.join();
        if (demoPassword != null && System.getProperty(Server.FATAL_PROPERTY) == null) {
            // printed, never logged: the log must not hold a password
            printFirstStart(dist, home, home.configuredImap().orElse(server.imap()), demoPassword);
            Arrays.fill(demoPassword, ' ');
        }
        String fatal = server.awaitStop();
        if (fatal != null) {
            System.err.println("bundlebox: " + fatal);
            return 1;
        }
        return 0;
    }

    private static void printFirstStart(Distribution dist, Home home, String imap, char[] password) {
        String first = imap.split(",")[0].strip();
        int colon = Math.max(0, first.lastIndexOf(':')); // the server has accepted the address: HOST:PORT
        String host = first.substring(0, colon).replaceAll("^(0\\.0\\.0\\.0|\\[::])$", "(this machine's address)");
        String port = first.substring(Math.min(first.length(), colon + 1));
        // the core accepts passwords without TLS only from trusted networks, loopback by default
        boolean loopback = host.startsWith("127.") || host.equals("localhost") || host.equals("[::1]");
        String security = loopback ? "security none, or STARTTLS" : "security STARTTLS";
        System.out.println("""

                First start of %s: created mail user 'demo'.
                  Connect a mail client (IMAP; %s, accepting the self-signed certificate):
                    server %s, port %s, user demo, password %s
                  Add users: bundlebox user add NAME%s
                """.formatted(home.dir(), security, host, port, new String(password),
                home.dir().equals(dist.folder()) ? "" : " --home " + home.dir()));
    }

    private static int userAdd(Home home, String user) throws IOException, LauncherException {
        try {
            UsersFile.checkName(user);
            char[] password = readPassword(user);
            // NAME@DOMAIN of a tenant goes to that tenant's users file, as the server routes its logins
            Path file = new TenantFiles(home).usersFileFor(user);
            boolean isNew = new UsersFile(file).put(user, password);
            Arrays.fill(password, ' ');
            System.out.println((isNew ? "added user " : "changed the password of user ") + user
                    + (file.equals(home.usersFile()) ? "" : " in " + file));
            return 0;
        } catch (IllegalArgumentException e) {
            throw new LauncherException(e.getMessage());
        }
    }

    /** On a terminal: prompt twice without echo. Otherwise the first line of standard input. */
    private static char[] readPassword(String user) throws IOException, LauncherException {
        Console console = System.console();
        if (console != null && isTerminal(console)) {
            char[] first = console.readPassword("Password for %s: ", user);
            char[] again = console.readPassword("Again: ");
            if (first == null || !Arrays.equals(first, again)) {
                throw new LauncherException("the passwords differ; nothing changed");
            }
            return first;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())).readLine();
        if (line == null || line.isEmpty()) {
            throw new LauncherException("no password on standard input; nothing changed");
        }
        return line.toCharArray();
    }

    /** {@code Console.isTerminal()} exists from JDK 22; before, a console is always a terminal. */
    private static boolean isTerminal(Console console) {
        try {
            return (boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
