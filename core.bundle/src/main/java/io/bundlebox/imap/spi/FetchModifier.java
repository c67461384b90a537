package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A FETCH modifier (RFC 4466 section 2.4: {@code FETCH set items (modifier ...)}), such as
 * {@code CHANGEDSINCE} or {@code VANISHED} (RFC 7162).
 */
@ConsumerType
public interface FetchModifier {

    /** The modifier name, upper case. */
    String name();

    /**
     * Reads the modifier's parameters (the reader stands right after its name) and records
     * them in {@code options}.
     *
     * @throws ImapException BAD on a syntax error
     */
    void parse(ImapReader in, SessionContext session, FetchOptions options) throws IOException, ImapException;
}
