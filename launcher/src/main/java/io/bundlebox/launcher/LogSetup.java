package io.bundlebox.launcher;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Sets up java.util.logging for a running server: levels from {@code conf/logging.properties},
 * one line per record on the console (standard output) and in {@code var/log/bundlebox.log},
 * which rotates by size ({@code bundlebox.log.file.limit} bytes, {@code bundlebox.log.file.count} files).
 * Every bundle logs through JUL, so this is the whole server's log.
 */
public final class LogSetup {

    private static final long DEFAULT_LIMIT = 10L << 20;
    private static final int DEFAULT_COUNT = 5;

    private LogSetup() {
    }

    /**
     * Reads the levels and installs the console and file handlers on the root logger.
     *
     * @param loggingProperties {@code conf/logging.properties}; defaults (INFO) when absent
     * @param logFile the current log file, e.g. {@code HOME/var/log/bundlebox.log}
     */
    public static void configure(Path loggingProperties, Path logFile) throws IOException {
        LogManager manager = LogManager.getLogManager();
        if (Files.isReadable(loggingProperties)) {
            try (InputStream in = Files.newInputStream(loggingProperties)) {
                manager.readConfiguration(in);
            }
        } else {
            manager.reset();
        }
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Handler console = new ConsoleLineHandler();
        console.setFormatter(new OneLineFormatter(false));
        root.addHandler(console);
        long limit = property(manager, "bundlebox.log.file.limit", DEFAULT_LIMIT);
        int count = (int) Math.max(1, property(manager, "bundlebox.log.file.count", DEFAULT_COUNT));
        Handler file = new RotatingFileHandler(logFile, limit, count);
        file.setFormatter(new OneLineFormatter(true));
        root.addHandler(file);
    }

    /** Flushes every handler of the root logger (before the JVM halts). */
    public static void flush() {
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.flush();
        }
    }

    private static long property(LogManager manager, String key, long dflt) {
        String v = manager.getProperty(key);
        try {
            return v == null ? dflt : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /**
     * Keeps logging alive while the server stops on SIGTERM: the JDK's own shutdown hook resets
     * the LogManager (closing every handler) concurrently with ours, which would swallow the
     * lines the server writes while it says BYE and stops. Selected by the bin script with
     * {@code -Djava.util.logging.manager}; handlers are flushed after every record anyway.
     */
    public static final class ShutdownSafeLogManager extends LogManager {

        /** Created by the JDK when it reads {@code java.util.logging.manager}. */
        public ShutdownSafeLogManager() {
        }

        @Override
        public void reset() {
            if (!shuttingDown()) {
                super.reset();
            }
        }

        private static boolean shuttingDown() {
            Thread probe = new Thread(() -> { });
            try {
                Runtime.getRuntime().addShutdownHook(probe);
                Runtime.getRuntime().removeShutdownHook(probe);
                return false;
            } catch (IllegalStateException e) {
                return true;
            }
        }
    }

    /**
     * {@code 2026-11-21 09:40:01.123 INFO ImapServer: message}; a throwable is appended as one
     * line on the console and as a stack trace in the file.
     */
    public static final class OneLineFormatter extends Formatter {

        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
        private final boolean stackTraces;

        /** @param stackTraces whether to print a record's throwable in full (file) or as one line (console) */
        public OneLineFormatter(boolean stackTraces) {
            this.stackTraces = stackTraces;
        }

        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(128)
                    .append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ')
                    .append(r.getLevel().getName()).append(' ')
                    .append(shortName(r.getLoggerName())).append(": ")
                    .append(formatMessage(r));
            Throwable t = r.getThrown();
            if (t != null && stackTraces) {
                StringWriter w = new StringWriter();
                t.printStackTrace(new PrintWriter(w));
                sb.append(System.lineSeparator()).append(w.toString().stripTrailing());
            } else {
                for (; t != null; t = t.getCause()) {
                    sb.append(" [").append(t).append(']');
                }
            }
            return sb.append(System.lineSeparator()).toString();
        }

        private static String shortName(String logger) {
            if (logger == null || logger.isEmpty()) {
                return "root";
            }
            return logger.substring(logger.lastIndexOf('.') + 1);
        }
    }

    /** Standard output, flushed after every record and never closed. */
    static final class ConsoleLineHandler extends StreamHandler {

        ConsoleLineHandler() {
            super(System.out, new OneLineFormatter(false));
            setLevel(Level.ALL);
        }

        @Override
        public synchronized void publish(LogRecord r) {
            super.publish(r);
            flush();
        }

        @Override
        public synchronized void close() {
            flush();
        }
    }

    /**
     * Appends to one file and rotates it by size: {@code bundlebox.log} is current,
     * {@code bundlebox.log.1} the one before, up to {@code count - 1}. A failure to write is
     * reported once on standard error by {@link StreamHandler}'s error manager; the server keeps running.
     */
    static final class RotatingFileHandler extends StreamHandler {

        private final Path file;
        private final long limit;
        private final int count;
        private long written;

        RotatingFileHandler(Path file, long limit, int count) throws IOException {
            this.file = file;
            this.limit = limit;
            this.count = count;
            setLevel(Level.ALL);
            open();
        }

        private void open() throws IOException {
            Files.createDirectories(file.getParent());
            written = Files.exists(file) ? Files.size(file) : 0;
            OutputStream raw = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            setOutputStream(new FilterOutputStream(raw) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    written += len;
                }
            });
        }

        @Override
        public synchronized void publish(LogRecord r) {
            super.publish(r);
            flush();
            if (written >= limit) {
                try {
                    rotate();
                } catch (IOException e) {
                    reportError("cannot rotate " + file + ": " + e.getMessage(), e, java.util.logging.ErrorManager.OPEN_FAILURE);
                }
            }
        }

        private void rotate() throws IOException {
            super.close();
            for (int i = count - 1; i >= 1; i--) {
                Path older = Path.of(file + "." + i);
                Path newer = i == 1 ? file : Path.of(file + "." + (i - 1));
                if (Files.exists(newer)) {
                    Files.move(newer, older, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (count == 1) {
                Files.deleteIfExists(file);
            }
            open();
        }
    }
}
