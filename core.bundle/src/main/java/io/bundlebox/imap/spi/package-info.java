/**
 * The extension points of Bundlebox (DESIGN.md section 4). Extension bundles register
 * implementations of these interfaces as Declarative Services components; the core tracks
 * them dynamically, so an extension installed into a running server is offered to every new
 * session, and one uninstalled is withdrawn (sessions that used it are closed with
 * {@code BYE [UNAVAILABLE]}).
 */
@Export
@Version("2.3.0")
package io.bundlebox.imap.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
