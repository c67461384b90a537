package io.bundlebox.core.internal.command;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.wire.ImapReader;
import java.io.IOException;

/**
 * The arguments of a command that takes one mailbox name, {@code SP mailbox CRLF}
 * (DELETE, SUBSCRIBE, UNSUBSCRIBE: RFC 9051 sections 6.3.5, 6.3.7, 6.3.8).
 *
 * @param name the decoded mailbox name, INBOX normalized
 */
record MailboxArg(String name) {

    static MailboxArg parse(ImapReader in) throws IOException, ImapException {
        String name = in.sp().mailbox();
        in.crlf();
        return new MailboxArg(name);
    }
}
