package io.bundlebox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start keeps the mail safe from {@code mvn clean} (issue 9 item 10): the README's first
 * command starts the server with a home outside the build output, and the launcher recognises a
 * home inside a Maven {@code target/} folder (it warns at start) while an unpacked distribution
 * is left alone.
 */
class QuickStartHomeTest {

    @Test
    void theReadmesFirstCommandKeepsTheHomeOutsideTheBuildOutput() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher block = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "the README has a first sh block");
        String first = block.group(1);
        assertTrue(first.contains("bin/bundlebox"), "the first command starts the server: " + first);
        Matcher home = Pattern.compile("--home[ =](\\S+)").matcher(first);
        assertTrue(home.find(), "the first command names the home: " + first);
        Path dir = Path.of(home.group(1).replaceFirst("^~", System.getProperty("user.home")));
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Path resolved = repo.resolve(dir).normalize();
        assertEquals(Optional.empty(), new Home(resolved).buildOutput(), "home " + resolved + " outside every target/");
        assertTrue(!resolved.startsWith(repo.resolve("launcher/target")), resolved.toString());
        assertTrue(readme.contains("`mvn clean` deletes"), "the README says why");
    }

    @Test
    void aHomeInsideAMavenTargetFolderIsRecognised(@TempDir Path tree) throws Exception {
        Files.writeString(tree.resolve("pom.xml"), "<project/>");
        Path dist = Files.createDirectories(tree.resolve("launcher/target/bundlebox"));
        Files.writeString(tree.resolve("launcher/pom.xml"), "<project/>");
        assertEquals(Optional.of(tree.resolve("launcher/target").toAbsolutePath().normalize()), new Home(dist).buildOutput());
        assertEquals(Optional.of(tree.resolve("launcher/target").toAbsolutePath().normalize()),
                new Home(dist.resolve("var/..")).buildOutput());
    }

    @Test
    void anUnpackedDistributionKeepsItsFolder(@TempDir Path tree) throws Exception {
        Path unpacked = Files.createDirectories(tree.resolve("opt/target/bundlebox")); // a folder named target, no pom.xml
        assertEquals(Optional.empty(), new Home(unpacked).buildOutput());
        assertEquals(Optional.empty(), new Home(Files.createDirectories(tree.resolve("srv/bundlebox"))).buildOutput());
    }
}
