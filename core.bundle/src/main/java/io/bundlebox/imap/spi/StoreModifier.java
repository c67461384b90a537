package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A STORE modifier (RFC 4466 section 2.5: {@code STORE set (modifier ...) flags}), such as
 * {@code UNCHANGEDSINCE} (RFC 7162 section 3.1.3).
 */
@ConsumerType
public interface StoreModifier {

    /** The modifier name, upper case. */
    String name();

    /** Reads the modifier's parameters (after its name) into {@code options}; BAD on syntax errors. */
    void parse(ImapReader in, SessionContext session, StoreOptions options) throws IOException, ImapException;
}
