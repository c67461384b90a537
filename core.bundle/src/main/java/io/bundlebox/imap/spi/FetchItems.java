package io.bundlebox.imap.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A parsed list of FETCH data items (RFC 9051 section 6.4.5: {@code fetch-att}, a parenthesised
 * list of them, or a macro), as {@link SessionContext#parseFetchItems} read it; written for a
 * message with {@link SessionContext#writeFetch}. Used by commands that ask for FETCH data of
 * messages to come (RFC 5465 section 5.2 {@code MessageNew (fetch-att...)}, RFC 5267 UPDATE).
 */
@ProviderType
public interface FetchItems {
}
