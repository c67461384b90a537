package io.bundlebox.imap.spi;

/**
 * Properties of a command the dispatcher needs to keep RFC 9051 rules (sections 5.5 and 7.5).
 */
public enum CommandFlag {
    /**
     * The command uses message sequence numbers (FETCH, STORE, SEARCH, COPY, MOVE without UID):
     * no untagged EXPUNGE may be sent while or right after it runs (section 7.5.1), so
     * pending expunges wait for the next command that allows them.
     */
    USES_SEQS,
    /** The command may run in the SELECTED state only on a read-write mailbox (STORE, EXPUNGE, MOVE). */
    NEEDS_WRITE,
    /**
     * The command does its own untagged reporting of mailbox changes and reads further input from
     * the client while it runs (IDLE): the dispatcher does not report changes before its completion.
     */
    LONG_RUNNING
}
