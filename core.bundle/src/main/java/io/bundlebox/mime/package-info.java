/**
 * Message header helpers for extensions and stores (DESIGN.md section 4.1): reading a header
 * block and its fields (RFC 5322 section 2.2), RFC 2047 encoded-word decoding through Mime4j,
 * address-list parsing into ENVELOPE-shaped addresses (RFC 9051 section 7.5.2) and lenient
 * RFC 5322 section 3.3 date-time parsing. None of them throws on malformed input.
 */
@Export
@Version("1.0.0")
package io.bundlebox.mime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
