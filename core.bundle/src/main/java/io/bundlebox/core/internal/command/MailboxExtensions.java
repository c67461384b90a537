package io.bundlebox.core.internal.command;

import io.bundlebox.core.internal.server.Extensions;
import io.bundlebox.core.internal.server.Session;
import io.bundlebox.imap.spi.ListReturnOption;
import io.bundlebox.imap.spi.StatusItem;

/**
 * How the STATUS and LIST parsers find extension STATUS items and LIST return options by name
 * (DESIGN.md section 4), so the parsers can be tested without a running server.
 */
interface MailboxExtensions {

    /** No extensions: only the RFC 9051 items and options are known. */
    MailboxExtensions NONE = new MailboxExtensions() {
        @Override
        public StatusItem statusItem(String name) {
            return null;
        }

        @Override
        public ListReturnOption listReturnOption(String name) {
            return null;
        }
    };

    /** The STATUS item called {@code name} (upper case), or null. */
    StatusItem statusItem(String name);

    /** The LIST return option called {@code name} (upper case), or null. */
    ListReturnOption listReturnOption(String name);

    /**
     * The extensions registered with the session's server; a lookup that finds one marks its
     * bundle as used by the session (so withdrawing the bundle ends the session cleanly).
     */
    static MailboxExtensions of(Session session) {
        Extensions.View ext = session.extensions();
        return new MailboxExtensions() {
            @Override
            public StatusItem statusItem(String name) {
                return used(ext.named(StatusItem.class, name, StatusItem::name));
            }

            @Override
            public ListReturnOption listReturnOption(String name) {
                return used(ext.named(ListReturnOption.class, name, ListReturnOption::name));
            }

            private <S> S used(Extensions.Tracked<S> tracked) {
                if (tracked == null) {
                    return null;
                }
                session.used(tracked.bundleId());
                return tracked.service();
            }
        };
    }
}
