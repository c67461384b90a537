package io.bundlebox.imap.spi;

import io.bundlebox.mailstore.MailboxSnapshot;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A STATUS data item contributed by an extension (RFC 9051 section 6.3.11), such as
 * {@code HIGHESTMODSEQ} (RFC 7162 section 3.1.8). Computed from the index alone.
 */
@ConsumerType
public interface StatusItem {

    /** The item name, upper case. */
    String name();

    /** The item's numeric value for the mailbox. */
    long value(SessionContext session, MailboxSnapshot snapshot);
}
