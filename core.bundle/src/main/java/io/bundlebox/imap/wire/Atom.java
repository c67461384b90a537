package io.bundlebox.imap.wire;

/**
 * A value that {@link ResponseWriter#value(Object)} writes unquoted, e.g. a flag or a keyword
 * inside a value tree.
 *
 * @param text the atom's characters
 */
public record Atom(String text) {
}
