/**
 * The IMAP wire codec (RFC 9051 sections 4 and 9): {@link io.bundlebox.imap.wire.ImapReader}
 * reads commands with methods named after the formal syntax, literals included;
 * {@link io.bundlebox.imap.wire.ResponseWriter} writes responses, streaming literal bodies.
 */
@Export
@Version("1.1.0")
package io.bundlebox.imap.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
