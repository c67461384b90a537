/**
 * Protocol vocabulary of IMAP4rev2 (RFC 9051) shared by the core, extensions and stores:
 * session states, response codes, flags, sequence sets, mailbox names and the exception that
 * carries a {@code NO}, {@code BAD} or {@code BYE} answer.
 */
@Export
@Version("1.0.0")
package io.bundlebox.imap.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
