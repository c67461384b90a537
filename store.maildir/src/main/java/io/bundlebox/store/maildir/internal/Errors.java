package io.bundlebox.store.maildir.internal;

import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Maps file-system failures to the response codes a client sees, logging them once. */
final class Errors {

    private static final Logger LOG = Logger.getLogger(Errors.class.getName());

    private Errors() {
    }

    /**
     * NOPERM for a permission or read-only failure, {@code OVERQUOTA Not enough disk space} for a
     * full disk or file-system quota, SERVERBUG otherwise.
     *
     * @param what what was being done, for the log and the client, e.g. "append to Sent"
     */
    static MailStoreException io(String what, IOException e) {
        // FileSystemException carries the errno text as its reason; a failed write(2) on a channel
        // is a plain IOException whose message is that text
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : e.getMessage() != null ? e.getMessage() : "";
        boolean denied = e instanceof AccessDeniedException || reason.contains("Read-only file system")
                || reason.contains("Operation not permitted");
        if (reason.contains("No space left") || reason.contains("Disk quota exceeded")) {
            // the operator's problem, not a bug: one line without a stack trace, and the client is
            // told as Dovecot tells it (RFC 9051 section 7.1: OVERQUOTA covers a full disk too)
            LOG.warning("cannot " + what + ": " + e.getMessage());
            return new MailStoreException(ResponseCode.OVERQUOTA, "Not enough disk space", e);
        }
        LOG.log(Level.WARNING, "cannot " + what, e);
        if (denied) {
            return new MailStoreException(ResponseCode.NOPERM, "Permission denied: cannot " + what, e);
        }
        return new MailStoreException(ResponseCode.SERVERBUG, "I/O error: cannot " + what, e);
    }

}
