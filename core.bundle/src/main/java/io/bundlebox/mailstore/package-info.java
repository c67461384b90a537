/**
 * The storage SPI (DESIGN.md section 5): what the core needs from a mail store, implemented by
 * store bundles such as store.maildir and registered as a {@link io.bundlebox.mailstore.MailStoreProvider}
 * service.
 *
 * <p>Invariants every store keeps: UIDs strictly ascending and never reused within a
 * UIDVALIDITY (RFC 9051 section 2.3.1.1); every change gets a MODSEQ greater than any before it
 * in that mailbox (RFC 7162 section 3); a write that returned normally survives {@code kill -9}.
 * Mailbox names are Java strings with {@code /} as hierarchy delimiter and {@code INBOX}
 * spelled in upper case.
 */
@Export
@Version("2.7.0")
package io.bundlebox.mailstore;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
