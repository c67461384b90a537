package io.bundlebox.store.maildir.internal;

import io.bundlebox.mailstore.MailStore;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.MailStoreProvider;
import io.bundlebox.mailstore.StoreConfig;
import org.osgi.service.component.annotations.Component;

/**
 * The Maildir storage service ({@code store.type=maildir}). Each {@link #open} gives an
 * independent store (one per tenant's mail root) with its own index cache; all of them share one
 * watch service ({@link MaildirWatcher});
 * the mail of user {@code u} is the Maildir++ {@code root/u/}.
 */
@Component(service = MailStoreProvider.class, property = MailStoreProvider.TYPE_PROPERTY + "=" + MaildirStoreProvider.TYPE)
public final class MaildirStoreProvider implements MailStoreProvider {

    /** The value of {@code store.type}. */
    public static final String TYPE = "maildir";
    /**
     * Option: how many superseded records (old flag states, expunged messages' records) a
     * folder's index may gather before it is rewritten while running; default
     * {@value #DEFAULT_COMPACT_AFTER}. Indexes are also compacted at open and clean close.
     */
    public static final String COMPACT_AFTER = "index.compactAfter";
    /** Default of {@link #COMPACT_AFTER}. */
    public static final long DEFAULT_COMPACT_AFTER = 100_000;

    /** One watch service for every store this provider opens (one per tenant). */
    private final MaildirWatcher watcher = new MaildirWatcher();

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * Opens the Maildir root {@code config.root()}, creating it when missing. Options: {@link #COMPACT_AFTER}.
     *
     * @throws MailStoreException SERVERBUG or NOPERM when the root cannot be created or watched,
     *     CANNOT for a malformed option
     */
    @Override
    public MailStore open(StoreConfig config) throws MailStoreException {
        Object compactAfter = config.options().get(COMPACT_AFTER);
        try {
            return new MaildirStore(config.root(), watcher,
                    compactAfter == null ? DEFAULT_COMPACT_AFTER : Long.parseLong(compactAfter.toString()));
        } catch (NumberFormatException e) {
            throw new MailStoreException(io.bundlebox.imap.api.ResponseCode.CANNOT,
                    "Option " + COMPACT_AFTER + " is not a number: " + compactAfter);
        }
    }
}
