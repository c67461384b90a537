package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;

/**
 * NAMESPACE (RFC 9051 section 6.3.10, RFC 2342): one personal namespace with the empty prefix
 * and delimiter {@code /}, no other users' or shared namespaces:
 * {@code * NAMESPACE (("" "/")) NIL NIL}.
 */
final class NamespaceCommand extends CoreCommand<NoArgs> {

    @Override
    public NoArgs parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        return NoArgs.parse(in);
    }

    @Override
    Completion run(NoArgs args, Session session) throws IOException {
        session.out().untagged().raw("NAMESPACE ((\"\" \"/\")) NIL NIL").crlf();
        return Completion.ok("NAMESPACE completed");
    }
}
