package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ID (RFC 2971): {@code ID ("name" "value" ...)} or {@code ID NIL}; answers with the server's
 * name and version. The client's fields are logged at fine level only (they identify software,
 * not people).
 */
final class IdCommand extends CoreCommand<Map<String, String>> {

    @Override
    public Map<String, String> parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.sp();
        Map<String, String> fields = new LinkedHashMap<>();
        if (in.peekIs('(')) {
            in.expect('(');
            while (!in.skipIf(')')) {
                if (!fields.isEmpty()) {
                    in.sp();
                }
                String key = in.string();
                in.sp();
                String value = in.nstring();
                if (fields.size() >= 30) {
                    throw ImapException.bad("ID allows at most 30 field-value pairs");
                }
                fields.put(key, value);
            }
        } else {
            in.expectWord("NIL");
        }
        in.crlf();
        return fields;
    }

    @Override
    Completion run(Map<String, String> fields, Session session) throws IOException {
        session.out().untagged().raw("ID (\"name\" ").string(session.serverName())
                .raw(" \"version\" ").string(version()).raw(" \"vendor\" \"Bundlebox\")").crlf();
        return Completion.ok("ID completed");
    }

    private static String version() {
        Package p = IdCommand.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "0.1" : v;
    }
}
