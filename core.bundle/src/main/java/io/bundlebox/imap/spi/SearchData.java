package io.bundlebox.imap.spi;

/**
 * A data item a {@link CommandObserver} adds to a search result, e.g. {@code MODSEQ 917162500}
 * (RFC 7162 sections 3.1.6 and 3.1.10; RFC 4466 {@code search-return-data}).
 *
 * @param name the item name, upper case
 * @param value its value as written on the wire (an atom or number)
 */
public record SearchData(String name, String value) {
}
