package io.bundlebox.imap.spi;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.SequenceSet;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What the FETCH modifiers of one command (RFC 4466 section 2.4) asked for, filled by
 * {@link FetchModifier}s while the core parses the command: items they imply, a narrowing of the
 * messages to answer for, and steps to run before the first FETCH response. Modifiers of one
 * extension share parsed values through {@link #get}/{@link #put}.
 */
public final class FetchOptions {

    /** Narrows the messages a FETCH answers for, e.g. to those changed since a point. */
    @ConsumerType
    public interface Narrowing {
        /**
         * @param uids the UIDs the command's set names in the client's view, ascending
         * @return those of them to answer for, ascending (a subset)
         */
        long[] narrow(SessionContext session, long[] uids) throws MailStoreException;
    }

    /** Runs before the first FETCH response of the command, e.g. to write {@code * VANISHED (EARLIER)}. */
    @ConsumerType
    public interface Step {
        /** @param set the command's set as given (UIDs for UID FETCH), {@code *} unresolved */
        void run(SessionContext session, SequenceSet set) throws IOException, ImapException, MailStoreException;
    }

    private final boolean uidForm;
    private final Set<String> impliedItems = new LinkedHashSet<>();
    private final List<Narrowing> narrowings = new ArrayList<>();
    private final List<Step> before = new ArrayList<>();
    private final Map<Key<?>, Object> values = new HashMap<>();

    /** @param uidForm true for UID FETCH */
    public FetchOptions(boolean uidForm) {
        this.uidForm = uidForm;
    }

    /** Whether the command is UID FETCH (some modifiers are valid there only). */
    public boolean uidForm() {
        return uidForm;
    }

    /** Extension items (upper case) the modifiers imply, added to the command's items when absent. */
    public Set<String> impliedItems() {
        return impliedItems;
    }

    /** Adds a narrowing; all apply, in order. */
    public void narrow(Narrowing narrowing) {
        narrowings.add(narrowing);
    }

    /** The narrowings, in order. */
    public List<Narrowing> narrowings() {
        return List.copyOf(narrowings);
    }

    /** Adds a step to run before the first FETCH response. */
    public void before(Step step) {
        before.add(step);
    }

    /** The steps to run before the first FETCH response, in order. */
    public List<Step> beforeSteps() {
        return List.copyOf(before);
    }

    /** A value a modifier recorded, or null. */
    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key) {
        return (T) values.get(key);
    }

    /** Records a value for other modifiers (and the same modifier's validation). */
    public <T> void put(Key<T> key, T value) {
        values.put(key, value);
    }
}
