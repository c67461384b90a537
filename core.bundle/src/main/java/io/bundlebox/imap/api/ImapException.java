package io.bundlebox.imap.api;

/**
 * A command's failure as the client will see it: a tagged {@code NO} or {@code BAD}, or an
 * untagged {@code BYE} that ends the connection (RFC 9051 section 7.1). The dispatcher maps it
 * in one place; handlers and parsers just throw it.
 */
public class ImapException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Which status response the failure becomes. */
    public enum Kind {
        /** Tagged NO: the command was understood but failed (section 7.1.2). */
        NO,
        /** Tagged BAD: protocol or syntax error (section 7.1.3). */
        BAD,
        /** Untagged BYE: the server cannot go on with this connection (section 7.1.5). */
        BYE
    }

    private final Kind kind;
    private final ResponseCode code;

    public ImapException(Kind kind, ResponseCode code, String text) {
        super(text);
        this.kind = kind;
        this.code = code;
    }

    public ImapException(Kind kind, ResponseCode code, String text, Throwable cause) {
        super(text, cause);
        this.kind = kind;
        this.code = code;
    }

    /** A tagged NO with an optional response code. */
    public static ImapException no(ResponseCode code, String text) {
        return new ImapException(Kind.NO, code, text);
    }

    /** A tagged NO without response code. */
    public static ImapException no(String text) {
        return new ImapException(Kind.NO, null, text);
    }

    /** A tagged BAD, e.g. for a syntax error; {@code code} is usually null or CLIENTBUG. */
    public static ImapException bad(ResponseCode code, String text) {
        return new ImapException(Kind.BAD, code, text);
    }

    /** A tagged BAD without response code. */
    public static ImapException bad(String text) {
        return new ImapException(Kind.BAD, null, text);
    }

    /** An untagged BYE that closes the connection. */
    public static ImapException bye(ResponseCode code, String text) {
        return new ImapException(Kind.BYE, code, text);
    }

    public Kind kind() {
        return kind;
    }

    /** The response code, or null. */
    public ResponseCode code() {
        return code;
    }
}
