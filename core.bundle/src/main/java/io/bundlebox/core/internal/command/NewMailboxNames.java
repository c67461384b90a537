package io.bundlebox.core.internal.command;

import io.bundlebox.imap.api.ImapException;
import io.bundlebox.imap.api.MailboxName;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.mailstore.MailStoreException;
import io.bundlebox.mailstore.MailboxInfo;
import io.bundlebox.mailstore.UserMailboxes;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Set;

/**
 * The rules a name must follow to become a mailbox (CREATE and the target of RENAME, RFC 9051
 * sections 5.1, 6.3.4 and 6.3.6), checked in the core so that every store refuses the same names
 * the same way. Stores may refuse more (length, characters their layout cannot hold).
 */
final class NewMailboxNames {

    private NewMailboxNames() {
    }

    /**
     * Checks {@code name} as the name of a new mailbox.
     *
     * @throws ImapException {@code NO [ALREADYEXISTS]} for INBOX (which always exists),
     *     {@code NO [CANNOT]} for an empty name or hierarchy level, wildcards ({@code %} and
     *     {@code *} are kept for LIST patterns), control characters, or a name that is not
     *     Net-Unicode (NFC, section 5.1: the RFC lets us refuse instead of normalizing)
     */
    static void check(String name) throws ImapException {
        if (name.equals(MailboxName.INBOX)) {
            throw ImapException.no(ResponseCode.ALREADYEXISTS, "INBOX always exists");
        }
        if (name.isEmpty()) {
            throw cannot("Mailbox name is empty");
        }
        for (String level : name.split(String.valueOf(MailboxName.DELIMITER), -1)) {
            if (level.isEmpty()) {
                throw cannot("Mailbox name has an empty hierarchy level");
            }
        }
        if (name.indexOf('%') >= 0 || name.indexOf('*') >= 0) {
            throw cannot("Mailbox names cannot contain the wildcards % and *");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))) {
            throw cannot("Mailbox name contains control characters");
        }
        if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            throw cannot("Mailbox name is not in Unicode NFC form");
        }
    }

    /**
     * How many superior levels of {@code name} do not exist yet and would be created with it
     * (RFC 9051 section 6.3.4: {@code a/b/c} creates {@code a} and {@code a/b} when missing).
     * Lists the mailboxes only when the name has a superior level at all.
     */
    static int missingSuperiors(String name, UserMailboxes mailboxes) throws MailStoreException {
        if (name.indexOf(MailboxName.DELIMITER) < 0) {
            return 0;
        }
        Set<String> existing = new HashSet<>();
        for (MailboxInfo info : mailboxes.list()) {
            existing.add(info.name());
        }
        int missing = 0;
        for (int at = name.indexOf(MailboxName.DELIMITER); at > 0; at = name.indexOf(MailboxName.DELIMITER, at + 1)) {
            if (!existing.contains(name.substring(0, at))) {
                missing++;
            }
        }
        return missing;
    }

    private static ImapException cannot(String text) {
        return ImapException.no(ResponseCode.CANNOT, text);
    }
}
