package io.bundlebox.mime;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 5322 section 3.3 {@code date-time} values as written in a {@code Date:} field, read
 * leniently (the obsolete forms of section 4.3: two- and three-digit years, named zones, no
 * day of week, missing seconds, extra white space, full month names).
 */
public final class DateTimes {

    /**
     * The parts of a date-time that could be read.
     *
     * @param date the calendar date as written (never null)
     * @param time the time of day as written, or null when it is missing or invalid
     * @param zone the zone offset, or null when it is missing or not understood
     */
    public record DateTime(LocalDate date, LocalTime time, ZoneOffset zone) {

        /**
         * The instant in epoch milliseconds, normalised to UTC as RFC 5256 section 2.2 asks: an
         * invalid zone counts as UTC, an invalid time as 00:00:00.
         */
        public long epochMillis() {
            LocalTime t = time == null ? LocalTime.MIDNIGHT : time;
            ZoneOffset z = zone == null ? ZoneOffset.UTC : zone;
            return date.atTime(t).toInstant(z).toEpochMilli();
        }
    }

    private static final Pattern DATE = Pattern.compile(
            "(\\d{1,2})\\s*-?\\s*([A-Za-z]{3})[A-Za-z]*\\.?\\s*-?\\s*(\\d{2,4})\\b");
    private static final Pattern TIME = Pattern.compile(
            "\\G\\s*,?\\s*(\\d{1,2})\\s*:\\s*(\\d{2})(?:\\s*:\\s*(\\d{2}))?(?:\\.\\d+)?\\s*(?:([+-])(\\d{2})(\\d{2})\\b|([A-Za-z]{1,5})\\b)?");
    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    private DateTimes() {
    }

    /** The date-time of {@code value}, or null when no date can be read from it. */
    public static DateTime parse(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = DATE.matcher(value);
        while (m.find()) {
            int month = MONTHS.indexOf(m.group(2).toLowerCase(Locale.ROOT));
            if (month < 0 || month % 3 != 0) {
                continue;
            }
            int year = Integer.parseInt(m.group(3));
            if (m.group(3).length() == 2) {
                year += year < 50 ? 2000 : 1900; // section 4.3
            } else if (m.group(3).length() == 3) {
                year += 1900;
            }
            LocalDate date;
            try {
                date = LocalDate.of(year, month / 3 + 1, Integer.parseInt(m.group(1)));
            } catch (DateTimeException e) {
                return null;
            }
            Matcher t = TIME.matcher(value);
            t.region(m.end(), value.length());
            LocalTime time = null;
            ZoneOffset zone = null;
            if (t.lookingAt()) {
                try {
                    time = LocalTime.of(Integer.parseInt(t.group(1)), Integer.parseInt(t.group(2)),
                            t.group(3) == null ? 0 : Integer.parseInt(t.group(3)));
                } catch (DateTimeException e) {
                    time = null;
                }
                zone = zone(t);
            }
            return new DateTime(date, time, zone);
        }
        return null;
    }

    private static ZoneOffset zone(Matcher t) {
        if (t.group(4) != null) {
            int hours = Integer.parseInt(t.group(5));
            int minutes = Integer.parseInt(t.group(6));
            if (hours > 18 || minutes > 59) {
                return null;
            }
            try {
                int seconds = (hours * 3600 + minutes * 60) * (t.group(4).equals("-") ? -1 : 1);
                return ZoneOffset.ofTotalSeconds(seconds);
            } catch (DateTimeException e) {
                return null;
            }
        }
        if (t.group(7) == null) {
            return null;
        }
        return switch (t.group(7).toUpperCase(Locale.ROOT)) {
            case "UT", "GMT", "Z" -> ZoneOffset.UTC;
            case "EDT" -> ZoneOffset.ofHours(-4);
            case "EST", "CDT" -> ZoneOffset.ofHours(-5);
            case "CST", "MDT" -> ZoneOffset.ofHours(-6);
            case "MST", "PDT" -> ZoneOffset.ofHours(-7);
            case "PST" -> ZoneOffset.ofHours(-8);
            default -> null; // military and unknown zones: "-0000", section 4.3
        };
    }
}
