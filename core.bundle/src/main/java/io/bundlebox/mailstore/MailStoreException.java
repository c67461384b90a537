package io.bundlebox.mailstore;

import io.bundlebox.imap.api.ResponseCode;

/**
 * A store operation that failed and changed nothing. The core answers it as a tagged
 * {@code NO} with {@link #code()} (RFC 9051 section 7.1): NONEXISTENT, ALREADYEXISTS, TRYCREATE,
 * CANNOT, NOPERM, INUSE, LIMIT, OVERQUOTA, EXPUNGEISSUED, or SERVERBUG for I/O failures.
 */
public class MailStoreException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ResponseCode code;

    public MailStoreException(ResponseCode code, String text) {
        super(text);
        this.code = code;
    }

    public MailStoreException(ResponseCode code, String text, Throwable cause) {
        super(text, cause);
        this.code = code;
    }

    /** The response code the client is shown. */
    public ResponseCode code() {
        return code;
    }
}
