package io.bundlebox.imap.spi;

import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Changes how the core reports changes of the selected mailbox (DESIGN.md section 4.1, the
 * <em>change reporter</em>). The core works out what changed in the client's view (RFC 9051
 * section 7.5: messages expunged, flags changed, by this session or elsewhere) and writes it
 * through the reporters: one may write its own form of an expunge in place of {@code n EXPUNGE}
 * (e.g. {@code * VANISHED uid-set}, RFC 7162 section 3.2.10.2), and each may add data items to
 * every FETCH response the core sends without the client having asked for them in that form
 * (RFC 7162 sections 3.1 and 3.2.4: {@code UID} and {@code MODSEQ}).
 *
 * <p>Called on the session's thread, only when the RFC lets the core send the response at all
 * (expunges are held back during commands that use sequence numbers, section 7.5.1).
 * Reporters are asked in service order; a session-specific decision (e.g. only once a
 * capability is enabled) is the reporter's own.
 */
@ConsumerType
public interface ChangeReporter {

    /**
     * Reports that messages left the client's view (expunged, here or elsewhere), in place of the
     * core's {@code * n EXPUNGE} per message; the core updates its sequence map either way.
     *
     * @param uids the UIDs, ascending, never empty, each one the client's view holds now
     * @return true when this reporter wrote the report (no other reporter and no EXPUNGE follow),
     *     false to leave it to the next reporter or the core
     */
    default boolean expunged(SessionContext session, long[] uids) throws IOException {
        return false;
    }

    /**
     * Adds items to a FETCH response the core sends unasked: flag changes made elsewhere, the
     * answers to STORE (also {@code .SILENT}, where the core writes no FLAGS and the line is only
     * sent when a reporter adds an item), and a FETCH that set {@code \Seen} implicitly.
     *
     * @param record the message's state the response describes
     * @param response the response being written; {@link FetchResponse#has} tells which items it holds
     */
    default void unsolicited(SessionContext session, MessageRecord record, FetchResponse response) throws IOException {
    }
}
