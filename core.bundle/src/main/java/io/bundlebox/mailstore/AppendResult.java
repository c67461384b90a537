package io.bundlebox.mailstore;

/**
 * The outcome of an append, for {@code [APPENDUID uidvalidity uid]} (RFC 4315, RFC 9051 section 7.1).
 *
 * @param uidValidity the mailbox's UIDVALIDITY
 * @param uid the new message's UID
 * @param modSeq the MODSEQ given to it
 */
public record AppendResult(long uidValidity, long uid, long modSeq) {
}
