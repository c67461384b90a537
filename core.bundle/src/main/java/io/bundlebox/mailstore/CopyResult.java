package io.bundlebox.mailstore;

/**
 * The outcome of a copy or move, for {@code [COPYUID ...]} (RFC 4315, RFC 9051 section 7.1).
 *
 * @param targetUidValidity UIDVALIDITY of the destination
 * @param sourceUids the source UIDs that were copied, ascending
 * @param targetUids their new UIDs, position by position
 */
public record CopyResult(long targetUidValidity, long[] sourceUids, long[] targetUids) {
}
