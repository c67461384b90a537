package io.bundlebox.core.internal.command;

import io.bundlebox.imap.api.Flag;
import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.ResponseCode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Checks flags a client wants stored (RFC 9051 section 2.3.2). */
final class Flags {

    private Flags() {
    }

    /**
     * The flags to store: system flags in canonical spelling plus keywords; {@code \Recent} is
     * dropped (it cannot be stored).
     *
     * @throws ImapException BAD for an unknown system flag such as {@code \Foo}
     */
    static Set<String> storable(List<String> flags) throws ImapException {
        Set<String> out = new LinkedHashSet<>();
        for (String f : flags) {
            if (Flag.isSystem(f)) {
                if (f.equals(Flag.RECENT)) {
                    continue;
                }
                if (!Flag.SYSTEM.contains(f)) {
                    throw ImapException.bad(ResponseCode.CLIENTBUG, "Unknown system flag " + f);
                }
            }
            out.add(f);
        }
        return out;
    }
}
