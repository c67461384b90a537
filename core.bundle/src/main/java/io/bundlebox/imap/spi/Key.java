package io.bundlebox.imap.spi;

/**
 * A typed key for per-session state of an extension ({@link SessionContext#attribute(Key)}).
 * Keys compare by identity: keep one instance in a static field.
 *
 * @param <T> the type of the value
 */
public final class Key<T> {

    private final String name;

    private Key(String name) {
        this.name = name;
    }

    /** A new key; {@code name} is for diagnostics only. */
    public static <T> Key<T> of(String name) {
        return new Key<>(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
