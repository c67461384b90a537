package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ResponseCode;
import java.io.IOException;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Observes commands as they complete, to decorate their results (DESIGN.md section 4.1): a
 * response code on the tagged OK (e.g. {@code [HIGHESTMODSEQ n]} after EXPUNGE, RFC 7162
 * section 3.2.7) and data added to search results (e.g. {@code (MODSEQ n)}, RFC 7162 sections
 * 3.1.5 and 3.1.10). Called on the session's thread for every session; an observer decides for
 * itself whether the session concerns it.
 */
@ConsumerType
public interface CommandObserver {

    /**
     * A command completed with OK; called after the core reported the mailbox changes it may
     * report (RFC 9051 section 7.5) and before the tagged OK. An observer may write untagged
     * responses here.
     *
     * @param command the command name, upper case, e.g. {@code EXPUNGE} or {@code UID EXPUNGE}
     * @param outcome what the command did, as the store told it: an
     *     {@link io.bundlebox.mailstore.ExpungeResult} for EXPUNGE and UID EXPUNGE, a
     *     {@link io.bundlebox.mailstore.StoreResult} for STORE, a
     *     {@link io.bundlebox.mailstore.CopyResult} for COPY and MOVE, an
     *     {@link io.bundlebox.mailstore.AppendResult} for APPEND; null for other commands
     * @return a response code for the tagged OK, or null; used only when the command gave none, and
     *     then the first observer's code wins
     */
    default ResponseCode completed(SessionContext session, String command, Object outcome) throws IOException {
        return null;
    }

    /**
     * A search produced its result (SEARCH, UID SEARCH, and extension commands answering with
     * search results, such as SORT); returns data to add to the answer.
     *
     * @return data items, possibly none: written as {@code (NAME value)} at the end of a
     *     {@code * SEARCH} / {@code * SORT} response and as {@code NAME value} in ESEARCH
     */
    default List<SearchData> searched(SessionContext session, SearchOutcome outcome) {
        return List.of();
    }
}
