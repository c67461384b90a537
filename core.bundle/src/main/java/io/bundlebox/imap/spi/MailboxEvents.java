package io.bundlebox.imap.spi;

import io.bundlebox.mailstore.MailboxChange;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The core's mailbox event service (DESIGN.md section 4): subscribe to the changes of one
 * mailbox or of all of a user's, whoever made them (another session or a delivery agent).
 * Events are delivered on a core thread through a bounded queue per subscription, so a slow
 * subscriber never blocks a writer.
 */
@ProviderType
public interface MailboxEvents {

    /** A live subscription; close it to stop receiving. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Subscribes to changes in the stores of {@code tenant}.
     *
     * @param tenant the tenant whose stores to watch (events never cross tenants)
     * @param user the mailbox owner
     * @param mailbox a mailbox name, or null for all of the user's mailboxes; a subscription to
     *     one mailbox follows it through a RENAME (of it or of a superior): it gets the RENAMED
     *     change, then the mailbox's changes under its new name
     * @param listener called with each change, in order; must not block for long
     * @param overflow called once, in place of the events it dropped, when the subscriber fell more
     *     than the queue's capacity behind: it must resynchronise from the store; later events are
     *     delivered again as usual
     */
    Subscription subscribe(String tenant, String user, String mailbox, Consumer<MailboxChange> listener,
            Runnable overflow);
}
