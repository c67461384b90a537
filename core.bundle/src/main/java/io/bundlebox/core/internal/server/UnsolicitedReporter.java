package io.bundlebox.core.internal.server;

import io.bundlebox.imap.wire.ResponseWriter;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Writes what a resynchronisation of the selected mailbox found changed by others (RFC 9051
 * section 7.5): {@code n EXPUNGE}, {@code n EXISTS} and {@code n FETCH (FLAGS (...))}. One
 * {@link SelectedView.Reporter}, so another form of report can take its place.
 */
final class UnsolicitedReporter implements SelectedView.Reporter {

    private final Supplier<ResponseWriter> out;
    private final Predicate<String> enabled;

    /**
     * @param out the session's current writer (it changes with STARTTLS)
     * @param enabled whether a capability is enabled in the session
     */
    UnsolicitedReporter(Supplier<ResponseWriter> out, Predicate<String> enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    @Override
    public void expunge(int seq, long uid) throws IOException {
        out.get().untagged().number(seq).raw(" EXPUNGE").crlf();
    }

    @Override
    public void exists(int count) throws IOException {
        out.get().untagged().number(count).raw(" EXISTS").crlf();
    }

    @Override
    public void flags(int seq, MessageRecord r) throws IOException {
        ResponseWriter w = out.get();
        w.untagged().number(seq).raw(" FETCH (");
        if (enabled.test("CONDSTORE")) {
            w.raw("UID ").number(r.uid()).raw(" MODSEQ (").number(r.modSeq()).raw(") ");
        }
        Session.writeFlags(w, r.flags());
        w.raw(")").crlf();
    }
}
