package io.bundlebox.core.internal.server;

import io.bundlebox.imap.spi.FetchResponse;
import io.bundlebox.imap.wire.ResponseWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code * n FETCH (...)} response (RFC 9051 section 7.5.2) written item by item: the line
 * opens with its first item and closes with {@link #end}, so a response that ends up with no
 * item (a {@code .SILENT} STORE no reporter adds to) is never sent. Remembers the items it holds
 * so that no item appears twice.
 */
public final class FetchLine implements FetchResponse {

    private final ResponseWriter out;
    private final int seq;
    /** Item names written so far: a handful, so a list beats a hash set (one per message of 1:*). */
    private final List<String> names = new ArrayList<>(4);
    private boolean open;

    public FetchLine(ResponseWriter out, int seq) {
        this.out = out;
        this.seq = seq;
    }

    @Override
    public int sequence() {
        return seq;
    }

    @Override
    public boolean has(String name) {
        return names.contains(name);
    }

    /**
     * Writes the separator before an item whose name (and value) the caller writes itself.
     *
     * @param name the item name as it is recorded for {@link #has}, e.g. {@code BODY[1]}
     */
    public ResponseWriter next(String name) throws IOException {
        if (names.contains(name) || !names.add(name)) {
            throw new IllegalStateException("FETCH response already holds " + name);
        }
        if (open) {
            out.sp();
        } else {
            out.untagged().number(seq).raw(" FETCH (");
            open = true;
        }
        return out;
    }

    @Override
    public ResponseWriter item(String name) throws IOException {
        return next(name).raw(name).sp();
    }

    /** Closes the response if it was opened; returns whether anything was written. */
    public boolean end() throws IOException {
        if (open) {
            out.raw(")").crlf();
        }
        return open;
    }
}
