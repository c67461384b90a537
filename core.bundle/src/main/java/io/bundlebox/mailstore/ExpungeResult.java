package io.bundlebox.mailstore;

/**
 * The outcome of an expunge.
 *
 * @param uids the UIDs removed, ascending (possibly none)
 * @param highestModSeq the mailbox's HIGHESTMODSEQ afterwards
 */
public record ExpungeResult(long[] uids, long highestModSeq) {
}
