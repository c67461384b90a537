package io.bundlebox.ext.quota;

import java.util.EnumMap;
import java.util.Map;

/**
 * The limits of one quota root: per {@link Resource}, a positive limit (RFC 9208 section 3.1.2;
 * STORAGE in units of 1,024 octets), or none. Immutable.
 */
final class Limits {

    /** No limit at all. */
    static final Limits NONE = new Limits(new EnumMap<>(Resource.class));

    private final EnumMap<Resource, Long> limits;

    private Limits(EnumMap<Resource, Long> limits) {
        this.limits = limits;
    }

    /**
     * @param limits positive limits by resource; absent resources are unlimited
     * @throws IllegalArgumentException for a limit of 0 or less
     */
    static Limits of(Map<Resource, Long> limits) {
        EnumMap<Resource, Long> copy = new EnumMap<>(Resource.class);
        limits.forEach((r, l) -> {
            if (l <= 0) {
                throw new IllegalArgumentException(r + " limit must be positive, not " + l);
            }
            copy.put(r, l);
        });
        return new Limits(copy);
    }

    /** The limit of {@code resource}, or 0 when it is not limited. */
    long of(Resource resource) {
        return limits.getOrDefault(resource, 0L);
    }

    /** Whether no resource is limited. */
    boolean none() {
        return limits.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Limits l && l.limits.equals(limits);
    }

    @Override
    public int hashCode() {
        return limits.hashCode();
    }

    @Override
    public String toString() {
        return limits.toString();
    }
}
