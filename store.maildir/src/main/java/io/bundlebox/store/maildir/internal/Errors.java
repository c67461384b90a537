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
     * NOPERM for a permission or read-only failure, SERVERBUG otherwise (disk full included).
     *
     * @param what what was being done, for the log and the client, e.g. "append to Sent"
     */
    static MailStoreException io(String what, IOException e) {
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : "";
        boolean denied = e instanceof AccessDeniedException || reason.contains("Read-only file system")
                || reason.contains("Operation not permitted");
        LOG.log(Level.WARNING, "cannot " + what, e);
        if (denied) {
            return new MailStoreException(ResponseCode.NOPERM, "Permission denied: cannot " + what, e);
        }
        if (reason.contains("No space left") || reason.contains("Disk quota exceeded")) {
            return new MailStoreException(ResponseCode.SERVERBUG, "Out of disk space: cannot " + what, e);
        }
        return new MailStoreException(ResponseCode.SERVERBUG, "I/O error: cannot " + what, e);
    }

}
