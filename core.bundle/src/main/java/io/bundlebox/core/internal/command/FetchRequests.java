package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.FetchItems;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;
import java.util.List;

/**
 * FETCH data items for extensions ({@link io.bundlebox.imap.spi.SessionContext#parseFetchItems}):
 * parsed and written by FETCH's own parser and writer (RFC 9051 section 6.4.5).
 */
public final class FetchRequests {

    private record Parsed(List<FetchItem> items) implements FetchItems {
    }

    private FetchRequests() {
    }

    /** Reads a data item, a list of them or a macro. */
    public static FetchItems parse(ImapReader in, Session session) throws IOException, ImapException {
        return new Parsed(List.copyOf(FetchParser.items(in, session)));
    }

    /** Writes {@code * seq FETCH (...)} of {@code uid}, or nothing when it is not in the view. */
    public static void write(Session session, long uid, FetchItems items) throws IOException, MailStoreException {
        FetchCommand.writeOne(session, uid, ((Parsed) items).items());
    }
}
