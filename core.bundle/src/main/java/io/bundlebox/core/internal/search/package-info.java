/**
 * SEARCH criteria (RFC 9051 section 6.4.4): the search-key tree ({@link
 * io.bundlebox.core.internal.search.SearchKey}), its parser, its evaluation over the session's
 * view and a mailbox snapshot, and the decoded message text that text keys compare with (on the
 * core's MIME layer, with per-message caches). Not exported. The SEARCH command, its result
 * options and the SEARCHRES saved result ({@code MessageSets.SAVED_RESULT}) live in
 * {@code io.bundlebox.core.internal.command}.
 */
package io.bundlebox.core.internal.search;
