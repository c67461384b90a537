package io.bundlebox.imap.api;

/**
 * The four states of an IMAP connection (RFC 9051 section 3).
 */
public enum SessionState {
    /** Before LOGIN or AUTHENTICATE succeeded (section 3.1). */
    NOT_AUTHENTICATED,
    /** Logged in, no mailbox selected (section 3.2). */
    AUTHENTICATED,
    /** A mailbox is selected (section 3.3). */
    SELECTED,
    /** The connection is being closed (section 3.4). */
    LOGOUT
}
