package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A FETCH modifier (RFC 4466 section 2.4: {@code FETCH set items (modifier ...)}), such as
 * {@code CHANGEDSINCE} or {@code VANISHED} (RFC 7162 sections 3.1.4.1 and 3.2.6).
 */
@ConsumerType
public interface FetchModifier {

    /** The modifier name, upper case. */
    String name();

    /**
     * Reads the modifier's parameters (the reader stands right after its name) and records
     * what it asks for in {@code options}.
     *
     * @throws ImapException BAD on a syntax error
     */
    void parse(ImapReader in, SessionContext session, FetchOptions options) throws IOException, ImapException;

    /**
     * Checks the modifier against the whole command once all modifiers were parsed (e.g. VANISHED
     * needs CHANGEDSINCE and UID FETCH).
     *
     * @throws ImapException BAD when the combination is not allowed
     */
    default void validate(SessionContext session, FetchOptions options) throws ImapException {
    }
}
