package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.auth.SaslExchange;
import io.bundlebox.core.internal.auth.SaslMechanism;
import io.bundlebox.core.internal.auth.SaslStep;
import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.Completion;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MailStoreException;
import java.io.IOException;
import java.util.Base64;
import java.util.Locale;

/**
 * AUTHENTICATE (RFC 9051 section 6.2.2): {@code AUTHENTICATE SP mechanism [SP (base64 / "=")]} with
 * an optional initial response (SASL-IR, RFC 4959), then challenges {@code + base64} answered by
 * base64 lines; a {@code *} line cancels with BAD. Mechanisms: SCRAM-SHA-256, PLAIN, LOGIN and,
 * with a token validator, OAUTHBEARER (see {@link io.bundlebox.core.internal.auth}). Those that
 * reveal a secret are refused with {@code NO [PRIVACYREQUIRED]} on untrusted cleartext connections.
 */
final class AuthenticateCommand extends CoreCommand<AuthenticateCommand.Args> {

    /** @param mechanism upper-case name @param initialResponse base64 text, "=" for empty, or null */
    record Args(String mechanism, String initialResponse) {
        @Override
        public String toString() {
            return "Args[mechanism=" + mechanism + "]"; // the initial response may hold a password
        }
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
        SaslMechanism mechanism = session.server().mechanisms().stream()
                .filter(m -> m.name().equals(args.mechanism())).findFirst().orElse(null);
        if (mechanism == null) {
            return Completion.no(ResponseCode.CANNOT, "Unsupported authentication mechanism " + args.mechanism());
        }
        if (mechanism.revealsSecret()) {
            Completion refused = Authenticator.privacyRequired(session);
            if (refused != null) {
                return refused;
            }
        }
        SaslExchange exchange = mechanism.start();
        String ir = args.initialResponse();
        SaslStep step = ir == null ? exchange.initial() : exchange.respond(ir.equals("=") ? new byte[0] : decode(ir));
        while (step instanceof SaslStep.Challenge challenge) {
            session.out().continuation(Base64.getEncoder().encodeToString(challenge.data()));
            String response = readLine(session.in());
            if (response.equals("*")) {
                throw ImapException.bad("Authentication cancelled");
            }
            step = exchange.respond(decode(response));
        }
        return switch (step) {
            case SaslStep.Success s -> Authenticator.succeeded(session, s.user());
            case SaslStep.Failure f -> Authenticator.failed(session, f.user(), f.code());
            case SaslStep.Challenge c -> throw new IllegalStateException("unreachable");
        };
    }

    private static byte[] decode(String base64) throws ImapException {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ImapException.bad("Invalid base64 in authentication response");
        }
    }

    /** One client response line, without CRLF (its length is bounded by {@code limit.line}). */
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
