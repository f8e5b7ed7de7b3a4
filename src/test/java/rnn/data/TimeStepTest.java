package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The step of a time column and the future timestamps after its last value, for each kind of step. */
class TimeStepTest {

    private static List<String> path(TimeStep step, String last, int n) {
        String[] out = new String[n];
        for (int k = 1; k <= n; k++) {
            out[k - 1] = step.after(last, k);
        }
        return List.of(out);
    }

    @Test
    void monthlyFirstDaysAndMonthTexts() {
        TimeStep s = TimeStep.ofTexts(List.of("1960-10-01", "1960-11-01", "1960-12-01"));
        assertEquals("monthly", s.describe());
        assertEquals(12, s.seasonalPeriod());
        assertEquals(List.of("1961-01-01", "1961-02-01", "1961-03-01"), path(s, "1960-12-01", 3));
        TimeStep m = TimeStep.ofTexts(List.of("1949-01", "1949-02", "1949-03"));
        assertEquals(List.of("1949-04", "1950-03"), List.of(m.after("1949-03", 1), m.after("1949-03", 12)));
    }

    @Test
    void monthEndsStayMonthEndsThroughLeapYears() {
        TimeStep s = TimeStep.ofTexts(List.of("2023-10-31", "2023-11-30", "2023-12-31"));
        assertEquals("monthly (month ends)", s.describe());
        assertEquals(List.of("2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"), path(s, "2023-12-31", 4));
        assertEquals("2025-02-28", s.after("2023-12-31", 14));
    }

    @Test
    void quarterlyInEveryForm() {
        TimeStep q = TimeStep.ofTexts(List.of("1959Q3", "1959Q4", "1960Q1"));
        assertEquals("quarterly", q.describe());
        assertEquals(4, q.seasonalPeriod());
        assertEquals(List.of("1960Q2", "1960Q3", "1960Q4", "1961Q1"), path(q, "1960Q1", 4));
        TimeStep dashed = TimeStep.ofTexts(List.of("1959-Q4", "1960-Q1"));
        assertEquals("1960-Q2", dashed.after("1960-Q1", 1));
        TimeStep ends = TimeStep.ofTexts(List.of("2023-06-30", "2023-09-30", "2023-12-31"));
        assertEquals("quarterly (month ends)", ends.describe());
        assertEquals(List.of("2024-03-31", "2024-06-30"), path(ends, "2023-12-31", 2));
    }

    @Test
    void yearlyDatesAndLeapDays() {
        TimeStep y = TimeStep.ofTexts(List.of("2006-07-01", "2007-07-01", "2008-07-01"));
        assertEquals("yearly", y.describe());
        assertEquals(0, y.seasonalPeriod());
        assertEquals("2010-07-01", y.after("2008-07-01", 2));
        TimeStep leap = TimeStep.ofTexts(List.of("2019-02-28", "2020-02-29", "2021-02-28"));
        assertEquals(List.of("2022-02-28", "2023-02-28", "2024-02-29"), path(leap, "2021-02-28", 3));
    }

    @Test
    void dailyWeeklyAndOtherDaySteps() {
        TimeStep d = TimeStep.ofTexts(List.of("2024-02-27", "2024-02-28", "2024-02-29"));
        assertEquals("daily", d.describe());
        assertEquals(7, d.seasonalPeriod());
        assertEquals(List.of("2024-03-01", "2024-03-02"), path(d, "2024-02-29", 2));
        TimeStep w = TimeStep.ofTexts(List.of("2024-12-16", "2024-12-23", "2024-12-30"));
        assertEquals("weekly", w.describe());
        assertEquals(52, w.seasonalPeriod());
        assertEquals("2025-01-06", w.after("2024-12-30", 1));
        assertEquals("every 3 days", TimeStep.ofTexts(List.of("2024-01-01", "2024-01-04", "2024-01-07")).describe());
    }

    @Test
    void dateTimesKeepTheirForm() {
        TimeStep h = TimeStep.ofTexts(List.of("2024-02-28 22:00", "2024-02-28 23:00"));
        assertEquals("hourly", h.describe());
        assertEquals(24, h.seasonalPeriod());
        assertEquals(List.of("2024-02-29 00:00", "2024-02-29 01:00"), path(h, "2024-02-28 23:00", 2));
        TimeStep z = TimeStep.ofTexts(List.of("2024-01-01T00:00:00Z", "2024-01-01T00:15:00Z"));
        assertEquals("every 900 s", z.describe());
        assertEquals("2024-01-01T00:30:00Z", z.after("2024-01-01T00:15:00Z", 1));
        TimeStep off = TimeStep.ofTexts(List.of("2024-01-01T10:00:00.500+01:00", "2024-01-01T11:00:00.500+01:00"));
        assertEquals("2024-01-01T12:00:00.500+01:00", off.after("2024-01-01T11:00:00.500+01:00", 1));
    }

    @Test
    void numericStepsAreExactDecimals() {
        TimeStep y = TimeStep.ofNumbers(new double[] {1871, 1872, 1873});
        assertEquals("a step of 1", y.describe());
        assertEquals(0, y.seasonalPeriod());
        assertEquals(List.of("1874", "1875"), path(y, "1873", 2));
        TimeStep tenth = TimeStep.ofNumbers(new double[] {1.7, 1.8, 1.9});
        assertEquals(List.of("2", "2.1", "2.2"), path(tenth, "1.9", 3));
        TimeStep neg = TimeStep.ofNumbers(new double[] {-1.5, -1, -0.5});
        assertEquals("0.5", neg.after("-0.5", 2));
    }

    @Test
    void irregularTimesHaveNoFuture() {
        for (TimeStep s : List.of(TimeStep.ofTexts(List.of("2024-01-01", "2024-01-02", "2024-01-04")),
                TimeStep.ofTexts(List.of("2024-01-01")), TimeStep.ofNumbers(new double[] {1, 2, 4}),
                TimeStep.ofNumbers(new double[] {3}), TimeStep.ofTexts(List.of("2023-01-30", "2023-02-28",
                        "2023-03-30")), TimeStep.ofTexts(List.of("2024-01-01", "2024-01-01T12:00")))) {
            assertFalse(s.regular(), s.describe());
            assertEquals("irregular", s.describe());
            assertEquals(0, s.seasonalPeriod());
            assertNull(s.after("2024-01-01", 1));
        }
    }
}
