package io.bundlebox.core.internal.search;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date part of an RFC 5322 {@code Date:} field (section 3.3), as written: time and zone are
 * disregarded, as SENTBEFORE/SENTON/SENTSINCE require (RFC 9051 section 6.4.4). Lenient about
 * the obsolete forms real mail uses (two-digit years, missing day of week, extra white space,
 * full month names).
 */
final class SentDate {

    private static final Pattern DATE = Pattern.compile("(\\d{1,2})\\s*-?\\s*([A-Za-z]{3})[A-Za-z]*\\.?\\s*-?\\s*(\\d{2,4})\\b");
    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    private SentDate() {
    }

    /** The date of {@code value}, or null when it has none we can read. */
    static LocalDate parse(String value) {
        Matcher m = DATE.matcher(value);
        while (m.find()) {
            int month = MONTHS.indexOf(m.group(2).toLowerCase(java.util.Locale.ROOT));
            if (month < 0 || month % 3 != 0) {
                continue;
            }
            int year = Integer.parseInt(m.group(3));
            if (m.group(3).length() == 2) {
                year += year < 50 ? 2000 : 1900; // RFC 5322 section 4.3
            } else if (m.group(3).length() == 3) {
                year += 1900;
            }
            try {
                return LocalDate.of(year, month / 3 + 1, Integer.parseInt(m.group(1)));
            } catch (DateTimeException e) {
                return null;
            }
        }
        return null;
    }
}
