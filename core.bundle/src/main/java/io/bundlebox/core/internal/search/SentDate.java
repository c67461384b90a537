package io.bundlebox.core.internal.search;

import io.bundlebox.mime.DateTimes;
import java.time.LocalDate;

/**
 * The date part of an RFC 5322 {@code Date:} field (section 3.3), as written: time and zone are
 * disregarded, as SENTBEFORE/SENTON/SENTSINCE require (RFC 9051 section 6.4.4). Lenient about
 * the obsolete forms real mail uses ({@link DateTimes}).
 */
final class SentDate {

    private SentDate() {
    }

    /** The date of {@code value}, or null when it has none we can read. */
    static LocalDate parse(String value) {
        DateTimes.DateTime dt = DateTimes.parse(value);
        return dt == null ? null : dt.date();
    }
}
