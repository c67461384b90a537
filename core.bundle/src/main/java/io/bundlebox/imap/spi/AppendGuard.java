package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reserves room for what APPEND, COPY, MOVE, CREATE and RENAME add to a user's mail, or refuses it,
 * e.g. for QUOTA (RFC 9208 section 4.3.1: {@code NO [OVERQUOTA]}). Asked before anything is
 * written: for APPEND before the continuation request, so a refused literal is never sent
 * (RFC 9051 section 7.5).
 *
 * <p>Reserve, then commit or release: the room a reservation holds counts against later
 * reservations until the core commits it (the store's usage has grown by then) or releases it, so
 * two concurrent APPENDs cannot both pass a check that only one of them fits. When a guard refuses,
 * the core releases what the guards before it reserved and answers with the guard's exception;
 * nothing is written.
 */
@ConsumerType
public interface AppendGuard {

    /**
     * Reserves room for {@code addition}.
     *
     * @param session the session adding, authenticated
     * @param addition what is about to be added, and where
     * @return the reservation, on which the core calls {@link Reservation#commit()} or
     *     {@link Reservation#release()} exactly once; {@link Reservation#NONE} when no room is needed
     * @throws ImapException NO with a response code (e.g. OVERQUOTA, RFC 9208 section 4.3.1) to refuse;
     *     nothing is reserved then
     */
    Reservation reserve(SessionContext session, Addition addition) throws ImapException;
}
