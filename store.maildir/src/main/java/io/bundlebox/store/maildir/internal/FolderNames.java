package io.bundlebox.store.maildir.internal;

import io.bundlebox.imap.api.MailboxName;
import io.bundlebox.imap.api.ResponseCode;
import io.bundlebox.mailstore.MailStoreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Mailbox and user names, checked and mapped to Maildir++ directory names.
 *
 * <p>On disk a mailbox {@code a/b} is the directory {@code .a.b} under the user's Maildir; INBOX
 * is the Maildir itself. Each component is first written in modified UTF-7 (RFC 3501 section
 * 5.1.3), as Dovecot does by default, then {@code %} and {@code .} are escaped as {@code %25} and
 * {@code %2E} (the only characters that would break the Maildir++ layout). Names that could
 * leave the user's Maildir or confuse other tools are refused with CANNOT: empty components,
 * {@code .}/{@code ..}, a component starting with {@code .}, NUL and other control characters,
 * components over {@value #MAX_COMPONENT_BYTES} UTF-8 bytes, or a directory name over 255 bytes.
 */
final class FolderNames {

    /** The longest component, in UTF-8 bytes. */
    static final int MAX_COMPONENT_BYTES = 255;
    /** Linux NAME_MAX: the Maildir++ directory holds the whole name. */
    private static final int MAX_DIR_NAME_BYTES = 255;

    private FolderNames() {
    }

    /**
     * Checks a login name used as a directory under the mail root.
     *
     * @throws MailStoreException NOPERM for a name that could leave the root or hide a file
     */
    static String checkUser(String user) throws MailStoreException {
        if (user == null || user.isEmpty() || user.equals(".") || user.equals("..") || user.startsWith(".")
                || user.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES
                || user.chars().anyMatch(c -> c == '/' || c == '\\' || c < 0x20 || c == 0x7f)) {
            throw new MailStoreException(ResponseCode.NOPERM, "Invalid user name");
        }
        return user;
    }

    /**
     * Checks a mailbox name and returns it normalised ({@code INBOX} in upper case).
     *
     * @throws MailStoreException CANNOT, saying what is wrong
     */
    static String check(String name) throws MailStoreException {
        if (name == null || name.isEmpty()) {
            throw cannot("Mailbox name is empty");
        }
        String normal = MailboxName.normalize(name);
        for (String component : normal.split("/", -1)) {
            if (component.isEmpty()) {
                throw cannot("Mailbox name has an empty hierarchy level");
            }
            if (component.startsWith(".")) {
                throw cannot("Mailbox name components may not start with '.'");
            }
            if (component.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw cannot("Mailbox name contains control characters");
            }
            if (component.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
                throw cannot("Mailbox name component longer than " + MAX_COMPONENT_BYTES + " bytes");
            }
        }
        if (!normal.equals(MailboxName.INBOX) && dirNameUnchecked(normal).getBytes(StandardCharsets.UTF_8).length
                > MAX_DIR_NAME_BYTES) {
            throw cannot("Mailbox name too long");
        }
        return normal;
    }

    /** The directory name of a checked mailbox name; the empty string for INBOX. */
    static String dirName(String checkedName) {
        return checkedName.equals(MailboxName.INBOX) ? "" : dirNameUnchecked(checkedName);
    }

    private static String dirNameUnchecked(String name) {
        StringBuilder out = new StringBuilder();
        for (String component : name.split("/", -1)) {
            out.append('.');
            String utf7 = MailboxName.encodeUtf7(component);
            for (int i = 0; i < utf7.length(); i++) {
                char c = utf7.charAt(i);
                switch (c) {
                    case '%' -> out.append("%25");
                    case '.' -> out.append("%2E");
                    default -> out.append(c);
                }
            }
        }
        return out.toString();
    }

    /**
     * The mailbox name of a Maildir++ directory name such as {@code .a.b}, or null when the
     * directory is no mailbox of ours (not starting with a single {@code .}, or undecodable).
     */
    static String fromDirName(String dir) {
        if (dir.length() < 2 || dir.charAt(0) != '.' || dir.charAt(1) == '.') {
            return null;
        }
        List<String> components = new ArrayList<>();
        for (String part : dir.substring(1).split("\\.", -1)) {
            if (part.isEmpty()) {
                return null;
            }
            try {
                components.add(MailboxName.decodeUtf7(unescape(part)));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        String name = String.join("/", components);
        try {
            String checked = check(name);
            return checked.equals(MailboxName.INBOX) ? null : checked;
        } catch (MailStoreException e) {
            return null;
        }
    }

    private static String unescape(String part) {
        if (part.indexOf('%') < 0) {
            return part;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '%' && i + 2 < part.length()) {
                out.append((char) Integer.parseInt(part.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static MailStoreException cannot(String text) {
        return new MailStoreException(ResponseCode.CANNOT, text);
    }
}
