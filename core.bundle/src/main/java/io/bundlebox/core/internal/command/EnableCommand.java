package io.bundlebox.core.internal.command;

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

/**
 * ENABLE (RFC 9051 section 6.3.1, RFC 5161): switches on IMAP4rev2, UTF8=ACCEPT and any
 * advertised capability an {@link Enableable} extension offers, with what it implies
 * ({@link Enableable#implies}); answers {@code * ENABLED} with the capabilities the command named
 * and switched on. Unknown names are ignored, as the RFC requires.
 */
final class EnableCommand extends CoreCommand<List<String>> {

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
        java.util.Set<String> switchedOn = new java.util.HashSet<>();
        for (String cap : caps) {
            if (advertised.containsKey(cap)) { // others are ignored (RFC 5161 section 3.1)
                switchedOn.addAll(session.enable(cap));
            }
        }
        // the ENABLED response names what the client asked for and this command switched on, also
        // when it came on as implied by another name (ENABLE QRESYNC CONDSTORE, RFC 7162 section 3.2.3)
        List<String> done = new ArrayList<>();
        for (String cap : caps) {
            if (switchedOn.contains(cap) && !done.contains(advertised.get(cap))) {
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
