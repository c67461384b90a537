package io.bundlebox.core.internal.mime;

/**
 * The {@code <origin.length>} of a partial FETCH (RFC 9051 section 6.4.5), in octets.
 *
 * @param origin first octet wanted, 0-based
 * @param length maximum number of octets wanted
 */
public record Partial(long origin, long length) {
    public Partial {
        if (origin < 0 || length < 0) {
            throw new IllegalArgumentException("negative partial " + origin + "." + length);
        }
    }
}
