package io.bundlebox.core.internal.command;

import io.bundlebox.imap.wire.ImapReader;
import io.bundlebox.imap.wire.WireLimits;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** Test helper: readers over command text, as a parser sees it (after the command name). */
final class Wire {

    private Wire() {
    }

    /** A reader over {@code text} (UTF-8), modified UTF-7 names unless {@code utf8}. */
    static ImapReader reader(String text, boolean utf8) {
        ImapReader in = new ImapReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                WireLimits.DEFAULT, (size, sync) -> { });
        in.utf8MailboxNames(utf8);
        in.beginCommand();
        return in;
    }

    static ImapReader reader(String text) {
        return reader(text, false);
    }
}
