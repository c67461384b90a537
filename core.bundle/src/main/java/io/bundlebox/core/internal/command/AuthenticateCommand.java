package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * AUTHENTICATE (RFC 9051 section 6.2.2) with the PLAIN mechanism (RFC 4616) and an initial
 * response (SASL-IR, RFC 4959). {@code *} cancels with BAD.
 */
final class AuthenticateCommand extends CoreCommand<AuthenticateCommand.Args> {

    /** @param mechanism upper-case name @param initialResponse base64 text, "=" for empty, or null */
    record Args(String mechanism, String initialResponse) {
    }

    @Override
    public Args parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.sp();
        String mech = in.atom().toUpperCase(Locale.ROOT);
        String ir = null;
        if (in.skipIf(' ')) {
            ir = in.skipIf('=') ? "=" : in.atom();
        }
        in.crlf();
        return new Args(mech, ir);
    }

    @Override
    Completion run(Args args, Session session) throws IOException, ImapException, MailStoreException {
        if (!args.mechanism().equals("PLAIN")) {
            return Completion.no(ResponseCode.CANNOT, "Unsupported authentication mechanism " + args.mechanism());
        }
        String response = args.initialResponse();
        if (response == null) {
            session.out().continuation("");
            response = readLine(session.in());
            if (response.equals("*")) {
                throw ImapException.bad("Authentication cancelled");
            }
        }
        byte[] decoded;
        try {
            decoded = response.equals("=") ? new byte[0] : Base64.getDecoder().decode(response);
        } catch (IllegalArgumentException e) {
            throw ImapException.bad("Invalid base64 in authentication response");
        }
        // message = [authzid] NUL authcid NUL passwd (RFC 4616 section 2)
        String[] parts = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
        if (parts.length != 3) {
            return Completion.no(ResponseCode.AUTHENTICATIONFAILED, "Authentication failed");
        }
        if (!parts[0].isEmpty() && !parts[0].equals(parts[1])) {
            return Completion.no(ResponseCode.AUTHORIZATIONFAILED, "Authorization identity not permitted");
        }
        return Authenticator.login(session, parts[1], parts[2]);
    }

    private static String readLine(ImapReader in) throws IOException, ImapException {
        in.beginCommand();
        StringBuilder sb = new StringBuilder();
        while (!in.atEol()) {
            sb.append((char) in.peek());
            in.expect((char) in.peek());
        }
        in.crlf();
        return sb.toString().strip();
    }
}
