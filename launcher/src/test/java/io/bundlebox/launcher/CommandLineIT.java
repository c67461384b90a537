package io.bundlebox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/bundlebox} commands that end by themselves, run from the built distribution. */
class CommandLineIT {

    @TempDir
    Path home;

    @Test
    void helpExplainsEveryCommandAndOption() throws Exception {
        Bundlebox.Result r = Bundlebox.run("", "--help");
        assertEquals(0, r.status());
        for (String s : List.of("--home DIR", "--imap", "user add NAME", "user list", "user remove NAME",
                "extensions/", "conf/", "var/mail/", "JAVA_HOME")) {
            assertTrue(r.stdout().contains(s), "help mentions " + s + ":\n" + r.stdout());
        }
    }

    @Test
    void everyProfileIsASelfContainedDistributionAndArchive() throws Exception {
        Path full = Bundlebox.dist();
        Path minimal = full.resolveSibling("bundlebox-minimal");
        for (Path dist : List.of(full, minimal)) {
            assertTrue(Files.isExecutable(dist.resolve("bin/bundlebox")), dist + " bin/bundlebox");
            assertTrue(Files.exists(dist.resolve("lib/bundlebox-launcher.jar")));
            assertTrue(Files.exists(dist.resolve("conf/io.bundlebox.server.cfg")));
            assertTrue(Files.exists(dist.resolveSibling(dist.getFileName() + ".tar.gz")));
            List<String> bundles = names(dist.resolve("bundles"));
            for (String expected : List.of("io.bundlebox.core-", "io.bundlebox.store.maildir-", "org.apache.felix.scr-",
                    "org.apache.felix.configadmin-", "org.apache.felix.fileinstall-", "bcprov-jdk18on-")) {
                assertTrue(bundles.stream().anyMatch(b -> b.startsWith(expected)), dist + " bundles/ has " + expected);
            }
        }
        assertTrue(names(full.resolve("extensions")).stream().anyMatch(n -> n.startsWith("io.bundlebox.ext.idle-")));
        assertTrue(names(full.resolve("extensions")).stream().anyMatch(n -> n.startsWith("io.bundlebox.ext.condstore-")));
        assertEquals(List.of(), names(minimal.resolve("extensions")), "the minimal profile has no extension");
    }

    private static List<String> names(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void userAddListRemoveEditTheUsersFile() throws Exception {
        Bundlebox.Result added = Bundlebox.run("s3cret pass\n", "user", "add", "alice", "--home", home.toString());
        assertEquals(0, added.status(), added.stderr()::toString);
        assertTrue(added.stdout().contains("added user alice"));
        assertEquals(0, Bundlebox.run("other\n", "user", "add", "bob", "--home", home.toString()).status());

        Path users = home.resolve("conf/users");
        List<String> lines = Files.readAllLines(users);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).matches("alice:\\{ARGON2ID}\\$argon2id\\$v=19\\$m=65536,t=3,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"),
                lines.get(0));
        assertFalse(Files.readString(users).contains("s3cret"), "no cleartext password in the users file");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));

        Bundlebox.Result changed = Bundlebox.run("new pass\n", "user", "add", "alice", "--home", home.toString());
        assertTrue(changed.stdout().contains("changed the password of user alice"));
        assertEquals("alice\nbob\n", Bundlebox.run("", "user", "list", "--home", home.toString()).stdout());

        assertEquals(0, Bundlebox.run("", "user", "remove", "alice", "--home", home.toString()).status());
        assertEquals("bob\n", Bundlebox.run("", "user", "list", "--home", home.toString()).stdout());
        Bundlebox.Result missing = Bundlebox.run("", "user", "remove", "alice", "--home", home.toString());
        assertEquals(1, missing.status());
        assertEquals(1, missing.stderr().size(), missing.stderr()::toString);
    }

    @Test
    void userAddOfATenantsDomainWritesTheTenantsUsersFileAndTenantListShowsIt() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/tenant-a.cfg"), "domains = a, a.example\nextensions = IDLE, CONDSTORE\nname = Mail of A\n");
        Files.writeString(home.resolve("conf/tenant-b.cfg"), "domains = b\nusers.file = conf/b.users\nmail.root = var/b\n");
        Bundlebox.Result added = Bundlebox.run("pa\n", "user", "add", "alice@a", "--home", home.toString());
        assertEquals(0, added.status(), added.stderr()::toString);
        assertTrue(added.stdout().contains("added user alice@a in " + home.resolve("conf/users-a")), added.stdout());
        assertEquals(0, Bundlebox.run("pb\n", "user", "add", "alice@b", "--home", home.toString()).status());
        assertEquals(0, Bundlebox.run("pd\n", "user", "add", "bob", "--home", home.toString()).status());
        assertTrue(Files.readString(home.resolve("conf/users-a")).startsWith("alice@a:{ARGON2ID}"));
        assertTrue(Files.readString(home.resolve("conf/b.users")).startsWith("alice@b:{ARGON2ID}"));
        assertTrue(Files.readString(home.resolve("conf/users")).startsWith("bob:{ARGON2ID}"));
        Files.createDirectories(home.resolve("var/b/alice@b/cur"));
        Files.write(home.resolve("var/b/alice@b/cur/1.msg:2,"), new byte[3000]);

        Bundlebox.Result list = Bundlebox.run("", "tenant", "list", "--home", home.toString());
        assertEquals(0, list.status(), list.stderr()::toString);
        List<String> rows = list.stdout().lines().toList();
        assertEquals(4, rows.size(), list.stdout());
        assertTrue(rows.get(1).matches("default +\\(bare names\\) +\\* +1 +0 B .*"), rows.get(1));
        assertTrue(rows.get(2).matches("a +a,a\\.example +IDLE, CONDSTORE +1 +0 B +" + java.util.regex.Pattern.quote(home.resolve("var/mail-a").toString())), rows.get(2));
        assertTrue(rows.get(3).matches("b +b +\\* +1 +2\\.9 KiB +" + java.util.regex.Pattern.quote(home.resolve("var/b").toString())), rows.get(3));
        assertEquals(0, Bundlebox.run("", "user", "remove", "alice@b", "--home", home.toString()).status());
        assertFalse(Files.readString(home.resolve("conf/b.users")).contains("alice@b"));
    }

    @Test
    void userAddRefusesAnEmptyPasswordAndABadName() throws Exception {
        Bundlebox.Result empty = Bundlebox.run("\n", "user", "add", "carol", "--home", home.toString());
        assertEquals(1, empty.status());
        assertTrue(empty.stderr().get(0).contains("no password"), empty.stderr()::toString);
        Bundlebox.Result bad = Bundlebox.run("x\n", "user", "add", "a:b", "--home", home.toString());
        assertEquals(1, bad.status());
        assertEquals(List.of(), Bundlebox.run("", "user", "list", "--home", home.toString()).stdout().lines().toList());
    }

    @Test
    void theScriptPassesOverAJavaOlderThan21() throws Exception {
        // JAVA_HOME names a "Java 17"; the next candidate, java on PATH, is the JDK running the tests
        Path old = Files.createDirectories(home.resolve("jdk17/bin"));
        Path fake = Files.writeString(old.resolve("java"), "#!/bin/sh\necho 'openjdk version \"17.0.9\" 2023-10-17' >&2\n");
        fake.toFile().setExecutable(true);
        Path path = Files.createDirectories(home.resolve("path"));
        Path java = Files.writeString(path.resolve("java"),
                "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        java.toFile().setExecutable(true);
        ProcessBuilder pb = new ProcessBuilder(Bundlebox.dist().resolve("bin/bundlebox").toString(), "--help");
        pb.environment().put("JAVA_HOME", home.resolve("jdk17").toString());
        pb.environment().put("PATH", path + ":/usr/bin:/bin");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("Usage:"), out);
    }

    @Test
    void anUnknownOptionIsAUsageError() throws Exception {
        Bundlebox.Result r = Bundlebox.run("", "--hme", "x");
        assertEquals(2, r.status());
        assertEquals(List.of("bundlebox: unknown option --hme (see bundlebox --help)"), r.stderr());
    }

    @Test
    void aPortInUseIsOneLineAndStatusOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            try (Bundlebox b = Bundlebox.launch(home, taken.getLocalPort())) {
                assertEquals(1, b.awaitExit());
                assertEquals(1, b.stderr().size(), b.stderr()::toString);
                String line = b.stderr().get(0);
                assertTrue(line.startsWith("bundlebox: cannot listen on 127.0.0.1:" + taken.getLocalPort()), line);
                assertTrue(line.toLowerCase().contains("in use"), line);
                assertFalse(String.join("\n", b.stdout()).contains("\tat "), "no stack trace");
            }
        }
    }

    @Test
    void aHomeThatIsNotADirectoryIsOneLineAndStatusOne() throws Exception {
        Path file = Files.writeString(home.resolve("plain-file"), "x");
        try (Bundlebox b = Bundlebox.launch(file, Bundlebox.freePort())) {
            assertEquals(1, b.awaitExit());
            assertEquals(List.of("bundlebox: home " + file + " is not a directory"), b.stderr());
        }
    }
}
