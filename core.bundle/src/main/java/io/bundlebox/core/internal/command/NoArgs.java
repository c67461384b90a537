package io.bundlebox.core.internal.command;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;

/** The arguments of a command that takes none: just CRLF. */
record NoArgs() {

    static final NoArgs INSTANCE = new NoArgs();

    static NoArgs parse(ImapReader in) throws IOException, ImapException {
        in.crlf();
        return INSTANCE;
    }
}
