/**
 * SEARCH criteria (RFC 9051 section 6.4.4): the search-key tree, its parser, its evaluation
 * over a mailbox snapshot and the per-session saved result of SEARCHRES (section 6.4.4.1,
 * RFC 5182). Not exported; the SEARCH command itself lives in
 * {@code io.bundlebox.core.internal.command}.
 */
package io.bundlebox.core.internal.search;
