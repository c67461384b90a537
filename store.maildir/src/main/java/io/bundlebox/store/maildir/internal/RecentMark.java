package io.bundlebox.store.maildir.internal;

import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The \Recent boundary of one folder (RFC 3501 section 2.3.2): the first UID that no session has
 * taken as recent yet, kept in {@value #FILE} in the folder so that a message is recent in exactly
 * one session across sessions, handles and restarts. A folder without the file (new, or written
 * by another program) has every message unclaimed, as Dovecot treats a Maildir it first sees.
 * Thread-safe; every claim is durable before it returns (written atomically: a crash leaves the
 * old or the new boundary, never a torn one).
 */
final class RecentMark {

    static final String FILE = "bundlebox-recent";

    private final Path file;
    /** The first unclaimed UID, or 0 before it was read. */
    private long first;

    RecentMark(Path folder) {
        this.file = folder.resolve(FILE);
    }

    /**
     * Takes the messages below {@code upTo} that no one took yet.
     *
     * @param upTo the caller's UIDNEXT (exclusive bound)
     * @return the first UID that is now the caller's recent one; {@code >= upTo} when none is
     */
    synchronized long claim(long upTo) throws MailStoreException {
        long from = first();
        if (from >= upTo) {
            return upTo;
        }
        try {
            Durable.writeAtomically(file, (upTo + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new MailStoreException(ResponseCode.SERVERBUG, "Cannot record recent messages of " + file.getParent() + ": " + e.getMessage());
        }
        first = upTo;
        return from;
    }

    /** The first UID not yet taken as recent by anyone. */
    synchronized long first() throws MailStoreException {
        if (first == 0) {
            try {
                String s = Files.readString(file, StandardCharsets.US_ASCII).strip();
                first = Math.max(1, Long.parseLong(s));
            } catch (NoSuchFileException e) {
                first = 1;
            } catch (IOException | NumberFormatException e) {
                first = 1; // unreadable: better shown recent once more than lost
            }
        }
        return first;
    }
}
