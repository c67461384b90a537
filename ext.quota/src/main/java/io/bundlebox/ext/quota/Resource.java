package io.bundlebox.ext.quota;

import io.bundlebox.imap.spi.Addition;
import io.bundlebox.mailstore.Usage;
import java.util.Locale;

/**
 * The resources this bundle limits (RFC 9208 section 5), each with its configuration key suffix
 * (issue 12: {@code storage.kib}, {@code messages}, {@code mailboxes}).
 */
enum Resource {

    /** Section 5.1: units of 1,024 octets; usage is the sum of RFC822.SIZE, rounded up. */
    STORAGE("storage.kib"),
    /** Section 5.2: messages, exact. */
    MESSAGE("messages"),
    /** Section 5.3: mailboxes, INBOX included, exact. */
    MAILBOX("mailboxes");

    private final String key;

    Resource(String key) {
        this.key = key;
    }

    /** The configuration key of the default limit, also the suffix of {@code user.NAME.} overrides. */
    String key() {
        return key;
    }

    /** The capability advertising this resource (section 3.1.1), e.g. {@code QUOTA=RES-STORAGE}. */
    String capability() {
        return "QUOTA=RES-" + name();
    }

    /** This resource's usage as the QUOTA response gives it (section 4.2.1). */
    long used(Usage usage) {
        return switch (this) {
            case STORAGE -> usage.kibibytes();
            case MESSAGE -> usage.messages();
            case MAILBOX -> usage.mailboxes();
        };
    }

    /** The resource named {@code name} (case-insensitive, section 7), or null. */
    static Resource named(String name) {
        for (Resource r : values()) {
            if (r.name().equals(name.toUpperCase(Locale.ROOT))) {
                return r;
            }
        }
        return null;
    }

    /** The precise amount of this resource in {@code usage} (octets, not units, for STORAGE). */
    long amount(Usage usage) {
        return this == STORAGE ? usage.octets() : used(usage);
    }

    /** The precise amount of this resource an addition adds (octets for STORAGE). */
    long amount(Addition addition) {
        return switch (this) {
            case STORAGE -> addition.octets();
            case MESSAGE -> addition.messages();
            case MAILBOX -> addition.mailboxes();
        };
    }

    /** A limit in precise amounts (octets for STORAGE, whose limits are in units of 1,024 octets). */
    long precise(long limit) {
        if (this != STORAGE) {
            return limit;
        }
        return limit > Long.MAX_VALUE / 1024 ? Long.MAX_VALUE : limit * 1024;
    }
}
