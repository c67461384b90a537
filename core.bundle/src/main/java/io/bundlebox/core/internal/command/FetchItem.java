package io.bundlebox.core.internal.command;

import java.util.List;

/**
 * One FETCH data item as parsed (RFC 9051 section 6.4.5).
 */
sealed interface FetchItem {

    /** The item's name in the response, e.g. {@code UID} or {@code BODY[1.MIME]}, without partial. */
    String responseName();

    /** What tells two items of one response apart: the response name, with the partial origin if any. */
    default String key() {
        return responseName();
    }

    /** An item without section: FLAGS, UID, INTERNALDATE, RFC822.SIZE, ENVELOPE, BODY, BODYSTRUCTURE. */
    record Simple(String name) implements FetchItem {
        @Override
        public String responseName() {
            return name;
        }
    }

    /**
     * {@code BODY[section]<partial>}, {@code BODY.PEEK[...]}, {@code BINARY[...]}, {@code BINARY.PEEK[...]},
     * and the IMAP4rev1 forms RFC822, RFC822.HEADER, RFC822.TEXT (which answer under their own names).
     *
     * @param responseName how the item is named in the response, without partial, e.g. {@code BODY[1.MIME]}
     * @param binary BINARY rather than BODY
     * @param peek whether \Seen is left alone
     * @param part the part path, e.g. {1, 2}; empty for the whole message
     * @param text the section text: "", HEADER, HEADER.FIELDS, HEADER.FIELDS.NOT, TEXT or MIME
     * @param fields header field names for HEADER.FIELDS[.NOT], upper case
     * @param offset partial origin in octets, or -1
     * @param length partial length in octets, or -1
     */
    record Section(String responseName, boolean binary, boolean peek, int[] part, String text, List<String> fields,
            long offset, long length) implements FetchItem {
        @Override
        public String key() {
            return offset < 0 ? responseName : responseName + "<" + offset + ">";
        }
    }

    /** An item an extension contributes through {@link io.bundlebox.imap.spi.FetchAttribute}. */
    record Extension(String name, io.bundlebox.imap.spi.FetchAttribute attribute) implements FetchItem {
        @Override
        public String responseName() {
            return name;
        }
    }

    /** {@code BINARY.SIZE[part]} (RFC 9051 section 6.4.5). */
    record BinarySize(int[] part, String responseName) implements FetchItem {
    }
}
