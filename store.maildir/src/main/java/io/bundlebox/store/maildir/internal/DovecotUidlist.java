package io.bundlebox.store.maildir.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.logging.Logger;

/**
 * UID lists of other IMAP servers in a folder: Dovecot's {@code dovecot-uidlist} (version 3:
 * header {@code 3 V<uidvalidity> N<nextuid> G<guid>}, lines {@code <uid> [ext ...] :<base>})
 * and Courier's {@code courierimapuiddb} (version 1: header {@code 1 <uidvalidity> <nextuid>},
 * lines {@code <uid> <name>}). Bundlebox reads them to keep the UIDs those servers gave, and
 * keeps {@code dovecot-uidlist} up to date (new lines appended as messages arrive, the file
 * rewritten when the index is compacted) so that Dovecot, opening the same Maildir later,
 * serves the same UIDVALIDITY and UIDs.
 */
final class DovecotUidlist {

    static final String FILE = "dovecot-uidlist";
    static final String COURIER_FILE = "courierimapuiddb";
    private static final Logger LOG = Logger.getLogger(DovecotUidlist.class.getName());

    private DovecotUidlist() {
    }

    /**
     * A parsed list.
     *
     * @param uids base file name to UID
     */
    record Content(long uidValidity, long nextUid, Map<String, Long> uids, String guid) {

        long maxUid() {
            return uids.values().stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    /** Reads the Dovecot list of {@code folder}, else Courier's, else returns null. */
    static Content read(Path folder) {
        Content dovecot = readFile(folder.resolve(FILE));
        return dovecot != null ? dovecot : readFile(folder.resolve(COURIER_FILE));
    }

    private static Content readFile(Path file) {
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(
                Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), StandardCharsets.UTF_8))) {
            String header = in.readLine();
            if (header == null) {
                return null;
            }
            String[] fields = header.trim().split(" +");
            long uidValidity = 0;
            long nextUid = 1;
            String guid = null;
            if (fields[0].equals("3")) {
                for (int i = 1; i < fields.length; i++) {
                    String f = fields[i];
                    switch (f.isEmpty() ? ' ' : f.charAt(0)) {
                        case 'V' -> uidValidity = Long.parseLong(f.substring(1));
                        case 'N' -> nextUid = Long.parseLong(f.substring(1));
                        case 'G' -> guid = f.substring(1);
                        default -> { }
                    }
                }
            } else if (fields[0].equals("1") && fields.length >= 3) {
                uidValidity = Long.parseLong(fields[1]);
                nextUid = Long.parseLong(fields[2]);
            } else {
                LOG.warning(() -> "unknown format of " + file + "; ignoring it");
                return null;
            }
            Map<String, Long> uids = new HashMap<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int space = line.indexOf(' ');
                if (space <= 0) {
                    continue;
                }
                try {
                    long uid = Long.parseLong(line.substring(0, space));
                    if (uid < 1 || uid > FolderIndex.MAX_UID) {
                        continue;
                    }
                    // Version 3 puts the name after " :", possibly after extension fields.
                    int colon = line.indexOf(" :");
                    String name = colon >= 0 ? line.substring(colon + 2) : line.substring(space + 1).trim();
                    uids.put(MaildirFileName.base(name), uid);
                } catch (NumberFormatException e) {
                    LOG.fine(() -> "skipping a malformed line in " + file);
                }
            }
            if (uidValidity <= 0 || uidValidity > FolderIndex.MAX_UID) {
                return null;
            }
            // RFC 9051 section 2.3.1.1: UIDs are 32-bit; a larger next UID would overflow the index.
            nextUid = Math.min(Math.max(nextUid, 1), FolderIndex.MAX_UID + 1);
            return new Content(uidValidity, nextUid, uids, guid);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | NumberFormatException e) {
            LOG.warning(() -> "cannot read " + file + ": " + e);
            return null;
        }
    }

    /** Rewrites {@code dovecot-uidlist} of {@code folder} atomically with {@code uids} (UID to base, ascending). */
    static void write(Path folder, long uidValidity, long nextUid, Iterable<Map.Entry<Long, String>> uids)
            throws IOException {
        Content old = readFile(folder.resolve(FILE));
        String guid = old != null && old.guid() != null ? old.guid() : newGuid();
        StringBuilder text = new StringBuilder();
        text.append("3 V").append(uidValidity).append(" N").append(nextUid).append(" G").append(guid).append('\n');
        for (Map.Entry<Long, String> e : uids) {
            text.append(e.getKey()).append(" :").append(e.getValue()).append('\n');
        }
        Durable.writeAtomically(folder.resolve(FILE), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends lines for new messages, as Dovecot does between rewrites (it reads lines beyond
     * the header's N and continues above them).
     *
     * @param durable fsync the file: for messages whose file name carries no UID, the line is
     *     the only record of it besides the Bundlebox index
     */
    static void append(Path folder, Iterable<Map.Entry<Long, String>> uids, boolean durable) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<Long, String> e : uids) {
            text.append(e.getKey()).append(" :").append(e.getValue()).append('\n');
        }
        try (FileChannel out = FileChannel.open(folder.resolve(FILE), StandardOpenOption.WRITE,
                StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            if (durable) {
                out.force(false);
            }
        }
    }

    private static String newGuid() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
