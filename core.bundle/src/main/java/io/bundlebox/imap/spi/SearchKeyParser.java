package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import java.util.function.Predicate;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A SEARCH key contributed by an extension (RFC 9051 section 6.4.4 is extensible through
 * {@code search-key}), such as {@code MODSEQ} (RFC 7162 section 3.1.5). Extension keys decide on
 * the message's index record alone.
 */
@ConsumerType
public interface SearchKeyParser {

    /** The key, upper case. */
    String key();

    /** Reads the key's arguments (after the key word) and returns the test it stands for. */
    Predicate<MessageRecord> parse(ImapReader in, SessionContext session) throws IOException, ImapException;
}
