package io.bundlebox.store.maildir.internal;

import io.bundlebox.imap.api.Flag;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Maildir file names: {@code base:2,LETTERS} (https://cr.yp.to/proto/maildir.html). The base is
 * unique and never changes; the letters after {@code :2,} carry the flags in ASCII order:
 * {@code D} \Draft, {@code F} \Flagged, {@code P} passed (no IMAP flag, kept untouched),
 * {@code R} \Answered, {@code S} \Seen, {@code T} \Deleted, and {@code a}-{@code z} keywords
 * through {@code dovecot-keywords}.
 */
final class MaildirFileName {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();
    private static final String HOST = hostName();

    private MaildirFileName() {
    }

    private static final String TMP_PREFIX = "bundlebox-";

    /**
     * The name in tmp/ of something this process is writing: {@code bundlebox-<pid>-<what>}, so
     * that a later run can tell its leftovers from other programs' files.
     */
    static String tmpName(String what) {
        return TMP_PREFIX + PID + "-" + what;
    }

    /** Whether a tmp/ entry was left by a Bundlebox process other than this one (a crashed earlier run). */
    static boolean leftByEarlierRun(String tmpName) {
        if (!tmpName.startsWith(TMP_PREFIX)) {
            return false;
        }
        int dash = tmpName.indexOf('-', TMP_PREFIX.length());
        try {
            return dash < 0 || Long.parseLong(tmpName.substring(TMP_PREFIX.length(), dash)) != PID;
        } catch (NumberFormatException e) {
            return true; // older names without a PID (bundlebox-create-..., bundlebox-deleted-...)
        }
    }

    /** The base: everything before the first {@code :}. */
    static String base(String fileName) {
        int colon = fileName.indexOf(':');
        return colon < 0 ? fileName : fileName.substring(0, colon);
    }

    /** The flag letters after {@code :2,}, or "" when there is no such info part. */
    static String letters(String fileName) {
        int info = fileName.indexOf(":2,");
        return info < 0 ? "" : fileName.substring(info + 3);
    }

    /**
     * A new unique base in Dovecot's style, {@code secs.MusecsPpidQn.host,S=size}: the
     * {@code ,S=} part lets Maildir++ quota tools and Dovecot read the size without a stat.
     */
    static String newBase(long size) {
        long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        return micros / 1_000_000 + ".M" + micros % 1_000_000 + "P" + PID + "Q" + SEQUENCE.incrementAndGet()
                + "." + HOST + ",S=" + size;
    }

    /**
     * The base with Bundlebox's UID field {@code ,B=<uidvalidity>-<uid>} appended. The field lets
     * the index be rebuilt with the same UIDs from the names alone; it names the UIDVALIDITY so
     * that a file moved in from another folder is not mistaken for one of this folder's.
     * Dovecot ignores fields it does not know ({@code ,S=} and {@code ,W=} are its own).
     */
    static String withUid(String base, long uidValidity, long uid) {
        return base + ",B=" + uidValidity + "-" + uid;
    }

    /**
     * The UID in a {@code ,B=} field of {@code fileName} for {@code uidValidity} (ASCII digits; leading
     * zeros are read as the number they write), or 0 when there is none or it is not a UID: above
     * {@link FolderIndex#MAX_UID} (RFC 9051 section 2.3.1.1: a UID is a 32-bit unsigned number), as a
     * hand-made or damaged name can say.
     */
    static long uid(String fileName, long uidValidity) {
        String base = base(fileName);
        String prefix = ",B=" + uidValidity + "-";
        int at = base.lastIndexOf(prefix);
        if (at < 0) {
            return 0;
        }
        int start = at + prefix.length();
        int end = start;
        // ASCII digits only: Character.isDigit and Long.parseLong take other scripts' digits too
        while (end < base.length() && base.charAt(end) >= '0' && base.charAt(end) <= '9') {
            end++;
        }
        try {
            long uid = end > start ? Long.parseLong(base.substring(start, end)) : 0;
            return uid <= FolderIndex.MAX_UID ? uid : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The IMAP flags a file name carries (system flags from letters, keywords via {@code keywords}). */
    static Set<String> flags(String letters, DovecotKeywords keywords) {
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < letters.length(); i++) {
            char c = letters.charAt(i);
            String flag = switch (c) {
                case 'D' -> Flag.DRAFT;
                case 'F' -> Flag.FLAGGED;
                case 'R' -> Flag.ANSWERED;
                case 'S' -> Flag.SEEN;
                case 'T' -> Flag.DELETED;
                default -> c >= 'a' && c <= 'z' ? keywords.keyword(c) : null;
            };
            if (flag != null) {
                flags.add(flag);
            }
        }
        return flags;
    }

    /**
     * The file name for {@code base} carrying {@code flags}. Letters of {@code oldLetters} this
     * store does not manage (P, unknown upper-case letters, keyword letters with no keyword) are
     * kept as found, so other tools' information survives.
     */
    static String withFlags(String base, String oldLetters, Set<String> flags, DovecotKeywords keywords) {
        TreeSet<Character> letters = new TreeSet<>();
        for (int i = 0; i < oldLetters.length(); i++) {
            char c = oldLetters.charAt(i);
            boolean managed = "DFRST".indexOf(c) >= 0 || (c >= 'a' && c <= 'z' && keywords.keyword(c) != null);
            if (!managed) {
                letters.add(c);
            }
        }
        for (String flag : flags) {
            char c = switch (flag) {
                case Flag.DRAFT -> 'D';
                case Flag.FLAGGED -> 'F';
                case Flag.ANSWERED -> 'R';
                case Flag.SEEN -> 'S';
                case Flag.DELETED -> 'T';
                default -> keywords.letter(flag);
            };
            if (c != 0) {
                letters.add(c);
            }
        }
        StringBuilder name = new StringBuilder(base.length() + 10).append(base).append(":2,");
        letters.forEach(name::append);
        return name.toString();
    }

    private static String hostName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isEmpty()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
        }
        // Maildir's rule: '/' and ':' in the host part are written as octal escapes.
        return host.replace("/", "\\057").replace(":", "\\072");
    }
}
