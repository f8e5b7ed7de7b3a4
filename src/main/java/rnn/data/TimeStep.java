package rnn.data;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The step between consecutive times of one series, inferred from the time column's values, and the times after
 * its last row (a forecast's future timestamps, issue 12 item 1).
 * <ul>
 * <li>Calendar dates ({@code 2024-01-31}, {@code 2024-01}, {@code 1959Q1}/{@code 1959-Q1}): a constant number of
 *     months — monthly (1), quarterly (3), yearly (12), or every k months — when every date is the same day of its
 *     month, or every date is its month's last day (month ends stay month ends: 2024-01-31, 2024-02-29,
 *     2024-03-31); else a constant number of days — daily (1), weekly (7), every d days.</li>
 * <li>Date-times ({@code 2024-01-31T12:00}, with seconds, fraction or offset): a constant number of seconds
 *     (hourly = 3,600); the text keeps the form of the last time (separator, seconds, offset as written).</li>
 * <li>Numbers: a constant difference (within 10⁻⁹ of the step); future values are exact decimals
 *     ({@code 1.9 + 0.1 = 2.0} is written {@code 2}, never {@code 2.0000000000000004}).</li>
 * </ul>
 * Anything else (fewer than two times, a changing step) is {@linkplain #IRREGULAR irregular}: no future
 * timestamps. The seasonal period a step implies (Darts' and statsmodels' usual choices): 7 daily, 52 weekly,
 * 12 monthly, 4 quarterly, 24 hourly, none otherwise.
 */
public final class TimeStep {

    /** The kinds of step, with the seasonal period each implies (0: none). */
    public enum Kind {
        DAYS, MONTHS, SECONDS, NUMERIC, IRREGULAR
    }

    /** No regular step: no future timestamps, no seasonal period. */
    public static final TimeStep IRREGULAR = new TimeStep(Kind.IRREGULAR, 0, null, false);

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})(-?)Q([1-4])");
    private static final long DAY_SECONDS = 86_400;
    private static final double NUMERIC_TOLERANCE = 1e-9;

    private final Kind kind;
    /** Days, months or seconds per step (DAYS, MONTHS, SECONDS). */
    private final long amount;
    /** The numeric step (NUMERIC). */
    private final BigDecimal numericStep;
    /** MONTHS: every date is its month's last day. */
    private final boolean monthEnds;

    private TimeStep(Kind kind, long amount, BigDecimal numericStep, boolean monthEnds) {
        this.kind = kind;
        this.amount = amount;
        this.numericStep = numericStep;
        this.monthEnds = monthEnds;
    }

    public Kind kind() {
        return kind;
    }

    public boolean regular() {
        return kind != Kind.IRREGULAR;
    }

    /**
     * The step of a series whose times are written as {@code texts} (ISO dates or date-times, in increasing order).
     */
    public static TimeStep ofTexts(List<String> texts) {
        if (texts.size() < 2) {
            return IRREGULAR;
        }
        LocalDateTime[] t = new LocalDateTime[texts.size()];
        boolean midnight = true;
        for (int i = 0; i < t.length; i++) {
            t[i] = localTime(texts.get(i));
            if (t[i] == null) {
                return IRREGULAR;
            }
            midnight &= t[i].toLocalTime().toSecondOfDay() == 0 && t[i].getNano() == 0;
        }
        if (midnight) {
            TimeStep months = monthly(t);
            if (months != null) {
                return months;
            }
            long days = ChronoUnit.DAYS.between(t[0], t[1]);
            for (int i = 2; i < t.length; i++) {
                if (ChronoUnit.DAYS.between(t[i - 1], t[i]) != days) {
                    return IRREGULAR;
                }
            }
            return days > 0 ? new TimeStep(Kind.DAYS, days, null, false) : IRREGULAR;
        }
        for (String s : texts) {
            if (s.strip().length() < 16) { // a date among date-times: no single form to continue
                return IRREGULAR;
            }
        }
        double[] keys = new double[t.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = TimeParser.parse(texts.get(i));
        }
        long seconds = Math.round(keys[1] - keys[0]);
        for (int i = 1; i < keys.length; i++) {
            if (keys[i] - keys[i - 1] != seconds) {
                return IRREGULAR;
            }
        }
        return seconds > 0 ? new TimeStep(Kind.SECONDS, seconds, null, false) : IRREGULAR;
    }

    /** The step of a numeric time column's values (in increasing order). */
    public static TimeStep ofNumbers(double[] values) {
        if (values.length < 2) {
            return IRREGULAR;
        }
        BigDecimal step = BigDecimal.valueOf(values[1]).subtract(BigDecimal.valueOf(values[0]));
        double d = step.doubleValue();
        if (!(d > 0)) {
            return IRREGULAR;
        }
        for (int i = 2; i < values.length; i++) {
            if (Math.abs(values[i] - values[i - 1] - d) > NUMERIC_TOLERANCE * Math.max(1, d)) {
                return IRREGULAR;
            }
        }
        return new TimeStep(Kind.NUMERIC, 0, step.stripTrailingZeros(), false);
    }

    /** A constant number of months between dates on the same day of the month, or on month ends; else null. */
    private static TimeStep monthly(LocalDateTime[] t) {
        boolean ends = true;
        boolean sameDay = true;
        int day = t[0].getDayOfMonth();
        for (LocalDateTime x : t) {
            LocalDate d = x.toLocalDate();
            ends &= d.getDayOfMonth() == d.lengthOfMonth();
            sameDay &= d.getDayOfMonth() == day;
        }
        if (!ends && !sameDay) {
            return null;
        }
        long months = monthIndex(t[1]) - monthIndex(t[0]);
        for (int i = 2; i < t.length; i++) {
            if (monthIndex(t[i]) - monthIndex(t[i - 1]) != months) {
                return null;
            }
        }
        if (months <= 0) {
            return null;
        }
        // Same day every month but also month ends (the 31st of 31-day months only): continue as month ends
        // only when some month in between is shorter (31 Jan → 28 Feb); dates one year apart keep their day.
        return new TimeStep(Kind.MONTHS, months, null, ends && !sameDay);
    }

    private static long monthIndex(LocalDateTime t) {
        return t.getYear() * 12L + t.getMonthValue() - 1;
    }

    /** A date or date-time text as a local date-time (offsets dropped: the step is read on the wall clock). */
    private static LocalDateTime localTime(String text) {
        String s = text.strip();
        try {
            Matcher q = QUARTER.matcher(s);
            if (q.matches()) {
                return LocalDate.of(Integer.parseInt(q.group(1)), 3 * Integer.parseInt(q.group(3)) - 2, 1)
                        .atStartOfDay();
            }
            if (s.length() == 7) {
                return YearMonth.parse(s).atDay(1).atStartOfDay();
            }
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay();
            }
            if (s.length() < 16) {
                return null;
            }
            String iso = s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
            return LocalDateTime.parse(iso.substring(0, localEnd(iso)), DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** Where the local part of an ISO date-time ends (before 'Z' or an offset). */
    private static int localEnd(String iso) {
        for (int i = 16; i < iso.length(); i++) {
            char c = iso.charAt(i);
            if (c == 'Z' || c == '+' || c == '-' || c == '[') {
                return i;
            }
        }
        return iso.length();
    }

    /**
     * The time {@code k} steps after {@code last} (≥ 1), written in the form of {@code last}; {@code null} for an
     * irregular step.
     */
    public String after(String last, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k = " + k);
        }
        String s = last.strip();
        switch (kind) {
            case NUMERIC:
                return new BigDecimal(s).add(numericStep.multiply(BigDecimal.valueOf(k))).stripTrailingZeros()
                        .toPlainString();
            case MONTHS:
                return formatDate(s, plusMonths(localTime(s).toLocalDate(), amount * k));
            case DAYS:
                return formatDate(s, localTime(s).toLocalDate().plusDays(amount * k));
            case SECONDS:
                return plusSeconds(s, amount * k);
            default:
                return null;
        }
    }

    private LocalDate plusMonths(LocalDate d, long months) {
        LocalDate moved = d.plusMonths(months);
        return monthEnds ? moved.withDayOfMonth(moved.lengthOfMonth()) : moved;
    }

    /** {@code d} in the form of {@code like}: a quarter, a month or a date. */
    private static String formatDate(String like, LocalDate d) {
        Matcher q = QUARTER.matcher(like);
        if (q.matches()) {
            return String.format(Locale.ROOT, "%04d%sQ%d", d.getYear(), q.group(2), (d.getMonthValue() - 1) / 3 + 1);
        }
        if (like.length() == 7) {
            return YearMonth.from(d).toString();
        }
        return d.toString();
    }

    /** A date-time text moved by whole seconds, keeping its separator, precision and offset text. */
    private static String plusSeconds(String like, long seconds) {
        char separator = like.charAt(10);
        String iso = separator == ' ' ? like.substring(0, 10) + 'T' + like.substring(11) : like;
        int end = localEnd(iso);
        String local = iso.substring(0, end);
        LocalDateTime moved = LocalDateTime.parse(local, DateTimeFormatter.ISO_LOCAL_DATE_TIME).plusSeconds(seconds);
        String pattern = "yyyy-MM-dd'T'HH:mm" + (local.length() > 16 ? ":ss" : "");
        int dot = local.indexOf('.');
        if (dot > 0) {
            pattern += "." + "S".repeat(local.length() - dot - 1);
        }
        String text = moved.format(DateTimeFormatter.ofPattern(pattern, Locale.ROOT)) + iso.substring(end);
        return separator == ' ' ? text.substring(0, 10) + ' ' + text.substring(11) : text;
    }

    /** The seasonal period the step implies: 7 daily, 52 weekly, 12 monthly, 4 quarterly, 24 hourly; else 0. */
    public int seasonalPeriod() {
        if (kind == Kind.DAYS) {
            return amount == 1 ? 7 : amount == 7 ? 52 : 0;
        }
        if (kind == Kind.MONTHS) {
            return amount == 1 ? 12 : amount == 3 ? 4 : 0;
        }
        if (kind == Kind.SECONDS) {
            return amount == 3600 ? 24 : 0;
        }
        return 0;
    }

    /** The step in words for the first lines: "monthly (month ends)", "every 5 days", "a step of 0.5", "irregular". */
    public String describe() {
        switch (kind) {
            case DAYS:
                return amount == 1 ? "daily" : amount == 7 ? "weekly" : "every " + amount + " days";
            case MONTHS:
                String base = amount == 1 ? "monthly" : amount == 3 ? "quarterly" : amount == 12 ? "yearly"
                        : "every " + amount + " months";
                return monthEnds ? base + " (month ends)" : base;
            case SECONDS:
                return amount == 3600 ? "hourly" : amount % DAY_SECONDS == 0 ? "every " + amount / DAY_SECONDS
                        + " days" : "every " + amount + " s";
            case NUMERIC:
                return "a step of " + numericStep.toPlainString();
            default:
                return "irregular";
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
