package io.bundlebox.imap.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Room an {@link AppendGuard} set aside for one {@link Addition}. The core calls exactly one of
 * {@link #commit()} and {@link #release()}, once, from the session's thread: {@code commit} after
 * the store has made the addition durable (its usage figures include it by then), {@code release}
 * when it did not happen (another guard refused, the store failed, the client dropped the
 * connection in the middle of an APPEND literal). Both must be cheap and must not throw.
 */
@ConsumerType
public interface Reservation {

    /** A reservation that holds nothing, for guards that need no room (e.g. a MOVE within one quota root). */
    Reservation NONE = new Reservation() {
        @Override
        public void commit() {
        }

        @Override
        public void release() {
        }
    };

    /** The addition happened: the reserved room is now the store's usage. */
    void commit();

    /** The addition did not happen: the reserved room is free again. */
    void release();
}
