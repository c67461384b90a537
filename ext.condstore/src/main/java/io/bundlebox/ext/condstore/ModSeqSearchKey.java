package io.bundlebox.ext.condstore;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.imap.spi.SearchKeyParser;
import io.bundlebox.imap.spi.ImapExtension;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import java.util.Locale;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code MODSEQ} search key (RFC 7162 section 3.1.5):
 * {@code MODSEQ [SP entry-name SP entry-type-req] SP mod-sequence-valzer}, matching messages whose
 * MODSEQ is at least the value. The store keeps one mod-sequence per message, so the entry name
 * ({@code "/flags/\\draft"}) and type ({@code priv}, {@code shared}, {@code all}) are checked and
 * then ignored, as the RFC asks of such a server. A CONDSTORE enabling command; the result gets
 * the highest MODSEQ of the matches ({@link ModSeqObserver}).
 */
@Component(service = SearchKeyParser.class)
@ImapExtension(ModSeqs.CONDSTORE)
public final class ModSeqSearchKey implements SearchKeyParser {

    static final String KEY = "MODSEQ";

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Predicate<MessageRecord> parse(ImapReader in, SessionContext session) throws IOException, ImapException {
        in.sp();
        if (in.peekIs('"')) {
            String entry = in.quoted();
            if (!entry.toLowerCase(Locale.ROOT).startsWith("/flags/") || entry.length() == "/flags/".length()) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected an entry name \"/flags/<flag>\", found \"" + entry + "\"");
            }
            in.sp();
            String type = in.atom().toLowerCase(Locale.ROOT);
            if (!type.equals("priv") && !type.equals("shared") && !type.equals("all")) {
                throw ImapException.bad(ResponseCode.CLIENTBUG, "Expected priv, shared or all, found " + type);
            }
            in.sp();
        }
        long min = in.number64();
        ModSeqs.enablingCommand(session);
        return r -> r.modSeq() >= min;
    }
}
