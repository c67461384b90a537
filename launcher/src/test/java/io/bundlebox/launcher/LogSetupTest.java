package io.bundlebox.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log's line format and its rotation by size. */
class LogSetupTest {

    @TempDir
    Path dir;

    @Test
    void aRecordIsOneLineOnTheConsoleWithTimeLevelShortLoggerAndCauses() {
        LogRecord r = new LogRecord(Level.SEVERE, "cannot open {0}");
        r.setParameters(new Object[] {"x"});
        r.setLoggerName("io.bundlebox.core.internal.server.ImapServer");
        r.setThrown(new IllegalStateException("outer", new java.io.IOException("inner")));
        String line = new LogSetup.OneLineFormatter(false).format(r);
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} SEVERE ImapServer: cannot open x "
                + "\\[java.lang.IllegalStateException: outer] \\[java.io.IOException: inner]\\R"), line);
        String file = new LogSetup.OneLineFormatter(true).format(r);
        assertTrue(file.contains("\tat "), "the file keeps the stack trace");
    }

    @Test
    void theFileRotatesAtItsLimitKeepingCountFiles() throws Exception {
        Path log = dir.resolve("var/log/bundlebox.log");
        LogSetup.RotatingFileHandler handler = new LogSetup.RotatingFileHandler(log, 1000, 3);
        handler.setFormatter(new LogSetup.OneLineFormatter(true));
        for (int i = 0; i < 100; i++) {
            handler.publish(new LogRecord(Level.INFO, "record " + i + " " + "x".repeat(80)));
        }
        handler.close();
        assertTrue(Files.size(log) < 1000 + 200, "current file near its limit");
        assertTrue(Files.exists(Path.of(log + ".1")));
        assertTrue(Files.exists(Path.of(log + ".2")));
        assertFalse(Files.exists(Path.of(log + ".3")), "no more than count files");
        assertTrue(Files.readString(log).contains("record 99"));
        try (var files = Files.list(log.getParent())) {
            assertEquals(3, files.count());
        }
    }
}
