package io.bundlebox.core.internal.server;

import io.bundlebox.imap.spi.ChangeReporter;
import io.bundlebox.imap.spi.SessionContext;
import io.bundlebox.mailstore.MessageRecord;
import java.io.IOException;
import java.util.Arrays;

/**
 * Writes what changed in a session's selected mailbox (RFC 9051 section 7.5) through the
 * {@link ChangeReporter}s (DESIGN.md section 4.1): expunges (the core's {@code * n EXPUNGE}
 * unless a reporter writes its own form), {@code n EXISTS}, and the FETCH responses the core
 * sends unasked (flag changes made elsewhere, STORE answers, an implicit {@code \Seen}), to which
 * reporters add items. Every path that reports a change goes through here, so an extension sees
 * all of them: the resynchronisation after a command (as the session's {@link SelectedView.Reporter})
 * and this session's own EXPUNGE, MOVE, STORE and FETCH.
 */
public final class UnsolicitedReporter implements SelectedView.Reporter {

    private final Session session;

    UnsolicitedReporter(Session session) {
        this.session = session;
    }

    /**
     * Reports that {@code uids} left the mailbox and removes them from the client's view; UIDs the
     * view does not hold are skipped, and nothing is written when none is left (RFC 7162 section
     * 3.2.10.2: no empty VANISHED, none for messages the client never saw).
     *
     * @param uids ascending UIDs
     */
    @Override
    public void expunged(long[] uids) throws IOException {
        SelectedView view = session.view();
        long[] known = Arrays.stream(uids).filter(u -> view.seqOf(u) > 0).toArray();
        if (known.length == 0) {
            return;
        }
        boolean written = false;
        for (var r : session.extensions().all(ChangeReporter.class)) {
            if (r.service().expunged(session, known)) {
                written = true;
                break;
            }
        }
        for (long uid : known) {
            int seq = view.seqOf(uid);
            if (!written) {
                session.out().untagged().number(seq).raw(" EXPUNGE").crlf();
            }
            view.removeSeq(seq);
        }
    }

    @Override
    public void exists(int count) throws IOException {
        session.out().untagged().number(count).raw(" EXISTS").crlf();
    }

    @Override
    public void recent(int count) throws IOException {
        session.out().untagged().number(count).raw(" RECENT").crlf();
    }

    /**
     * Writes {@code * seq FETCH (FLAGS (...) ...)} for a change made elsewhere, with the items the
     * reporters add; nothing when the session turned these reports off
     * ({@link SessionContext#SELECTED_FLAG_CHANGES_WANTED} false).
     */
    @Override
    public void flags(int seq, MessageRecord record) throws IOException {
        if (Boolean.FALSE.equals(session.attribute(SessionContext.SELECTED_FLAG_CHANGES_WANTED))) {
            return;
        }
        session.announceKeywords(record.flags()); // FLAGS first when a keyword is new to the client
        FetchLine line = new FetchLine(session.out(), seq);
        session.writeFlags(line.next("FLAGS"), record);
        unsolicited(line, record);
        line.end();
    }

    /**
     * Lets the reporters add their items to a FETCH response the core sends unasked (the caller
     * has written its own items and ends the line).
     */
    public void unsolicited(FetchLine line, MessageRecord record) throws IOException {
        for (var r : session.extensions().all(ChangeReporter.class)) {
            r.service().unsolicited(session, record, line);
        }
    }
}
