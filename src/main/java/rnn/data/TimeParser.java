package rnn.data;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text values of a {@code --time} column as sortable keys (seconds since 1970-01-01T00:00Z, as a double).
 * Accepted, all ISO-8601: a date {@code 2024-01-31}, a month {@code 2024-01}, a local date-time
 * {@code 2024-01-31T12:00[:00[.000]]} (a space may stand for the T; taken as UTC), a date-time with an offset
 * or zone {@code 2024-01-31T12:00:00Z} / {@code +01:00}. One extension for quarterly data: {@code 1959Q1} or
 * {@code 1959-Q1} (the quarter's first day).
 */
final class TimeParser {

    /** The "expected" part of a message about a value that is not a time. */
    static final String EXPECTED = "a number or an ISO-8601 date/time such as 2024-01-31 or 2024-01-31T12:00";

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-?Q([1-4])");
    private static final double NANOS = 1e-9;

    private TimeParser() {
    }

    /** The key of {@code text}, or NaN when it is not a date/time of the accepted forms. */
    static double parse(String text) {
        String s = text.strip();
        try {
            switch (s.length()) {
                case 7:
                    if (s.charAt(4) == '-' && s.charAt(5) != 'Q') {
                        return seconds(YearMonth.parse(s).atDay(1).atStartOfDay());
                    }
                    return quarter(s);
                case 6:
                    return quarter(s);
                case 10:
                    return seconds(LocalDate.parse(s).atStartOfDay());
                default:
                    break;
            }
            if (s.length() < 16) {
                return Double.NaN;
            }
            String iso = s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
            char last = iso.charAt(iso.length() - 1);
            if (last == 'Z' || iso.lastIndexOf('+') > 10 || iso.lastIndexOf('-') > 10) {
                OffsetDateTime t = OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                return t.toEpochSecond() + t.getNano() * NANOS;
            }
            return seconds(LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        } catch (DateTimeException e) {
            return Double.NaN;
        }
    }

    private static double quarter(String s) {
        Matcher m = QUARTER.matcher(s);
        if (!m.matches()) {
            return Double.NaN;
        }
        int month = 3 * (Integer.parseInt(m.group(2)) - 1) + 1;
        return seconds(LocalDate.of(Integer.parseInt(m.group(1)), month, 1).atStartOfDay());
    }

    private static double seconds(LocalDateTime t) {
        return t.toEpochSecond(ZoneOffset.UTC) + t.getNano() * NANOS;
    }
}
