package io.bundlebox.mailstore;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the changes of a {@link MailStore}; see {@link MailStore#addListener}. */
@ConsumerType
@FunctionalInterface
public interface MailboxListener {

    /** Called once per durable change; must not block. */
    void changed(MailboxChange change);
}
