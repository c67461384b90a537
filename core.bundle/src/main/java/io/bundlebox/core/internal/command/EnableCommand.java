package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Extensions;
import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.Enableable;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * ENABLE (RFC 9051 section 6.3.1, RFC 5161): switches on IMAP4rev2, UTF8=ACCEPT and any
 * capability an {@link Enableable} extension offers; answers {@code * ENABLED} with those newly
 * enabled. Unknown names are ignored, as the RFC requires.
 */
final class EnableCommand extends CoreCommand<List<String>> {

    /** Capabilities the core enables itself. */
    static final Set<String> CORE = Set.of("IMAP4REV2", "UTF8=ACCEPT");

    @Override
    public List<String> parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        List<String> caps = new ArrayList<>();
        do {
            in.sp();
            caps.add(in.atom().toUpperCase(Locale.ROOT));
        } while (!in.atEol());
        in.crlf();
        return caps;
    }

    @Override
    Completion run(List<String> caps, Session session) throws IOException, ImapException {
        // upper-case name -> the spelling we advertise, which ENABLED repeats
        java.util.Map<String, String> advertised = new java.util.HashMap<>();
        for (String c : session.server().capabilities(session)) {
            advertised.put(c.toUpperCase(Locale.ROOT), c);
        }
        List<String> done = new ArrayList<>();
        for (String cap : caps) {
            if (session.isEnabled(cap) || !advertised.containsKey(cap)) {
                continue;
            }
            if (CORE.contains(cap)) {
                session.enable(cap);
                done.add(advertised.get(cap));
                continue;
            }
            Extensions.Tracked<Enableable> ext = session.server().extensions().enableable(cap);
            if (ext != null) {
                ext.service().enable(session);
                session.used(ext.bundleId());
                session.enable(cap);
                done.add(advertised.get(cap));
            }
        }
        session.out().untagged().raw("ENABLED");
        for (String c : done) {
            session.out().sp().atom(c);
        }
        session.out().crlf();
        return Completion.ok("ENABLE completed");
    }
}
