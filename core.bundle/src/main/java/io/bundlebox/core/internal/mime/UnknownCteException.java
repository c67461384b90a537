package io.bundlebox.core.internal.mime;

/**
 * BINARY of a part whose Content-Transfer-Encoding this server cannot decode; the FETCH
 * handler answers {@code NO [UNKNOWN-CTE]} (RFC 9051 section 7.1, RFC 3516 section 4.3).
 */
public final class UnknownCteException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String encoding;

    public UnknownCteException(String encoding) {
        super("unknown Content-Transfer-Encoding: " + encoding);
        this.encoding = encoding;
    }

    /** @return the encoding as sent */
    public String encoding() {
        return encoding;
    }
}
