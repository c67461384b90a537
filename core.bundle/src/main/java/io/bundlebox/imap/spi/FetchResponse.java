package io.bundlebox.imap.spi;

import io.bundlebox.imap.wire.ResponseWriter;
import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One {@code * n FETCH (...)} response being written by the core (RFC 9051 section 7.5.2), as a
 * {@link ChangeReporter} sees it: it may add data items after the core's.
 */
@ProviderType
public interface FetchResponse {

    /** The message sequence number the response is for. */
    int sequence();

    /** Whether the response already holds the item {@code name} (upper case, e.g. {@code UID}). */
    boolean has(String name);

    /**
     * Starts the item {@code name}: writes the separator and {@code NAME SP} (opening the response
     * if it is not open yet) and returns the writer, on which the caller writes the value, e.g.
     * {@code response.item("MODSEQ").raw("(").number(m).raw(")")}.
     *
     * @throws IllegalStateException when the response already holds {@code name}
     */
    ResponseWriter item(String name) throws IOException;
}
