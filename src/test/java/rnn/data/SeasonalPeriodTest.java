package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static rnn.data.TestData.csv;
import static rnn.data.TestData.options;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 3: the seasonal period comes from {@code --season M}, else from the time column's step (12 monthly,
 * 4 quarterly, 52 weekly, 7 daily, 24 hourly), else there is none; the contract records it, the report says how.
 */
class SeasonalPeriodTest {

    private static final int ROWS = 30;

    @TempDir
    Path dir;

    /** A series of {@link #ROWS} rows "time,value" with the time of row r given. */
    private Path series(String name, String timeHeader, IntFunction<String> time) {
        StringBuilder b = new StringBuilder(timeHeader == null ? "value\n" : timeHeader + ",value\n");
        for (int r = 0; r < ROWS; r++) {
            if (timeHeader != null) {
                b.append(time.apply(r)).append(',');
            }
            b.append(100 + (r * 7) % 11).append('\n');
        }
        return csv(dir, name, b.toString());
    }

    private static DataOptions opts(Integer season) {
        return options().withWindow(3, 1, 1).toBuilder().season(season).build();
    }

    private LoadedData load(IntFunction<String> time, Integer season) {
        return DataLoader.load(series("s.csv", "date", time), opts(season));
    }

    @Test
    void theTimeStepGivesThePeriod() {
        LocalDate start = LocalDate.of(2019, 1, 1);
        LoadedData monthly = load(r -> start.plusMonths(r).toString(), null);
        assertEquals(12, monthly.contract().shape().season());
        assertEquals("season: 12 rows (the step of \"date\": monthly; --season M to change it): the seasonal-naive "
                + "baseline is the value 12 rows before the target", monthly.report().season());
        assertEquals(4, load(r -> start.plusMonths(3L * r).toString(), null).contract().shape().season());
        assertEquals(52, load(r -> start.plusWeeks(r).toString(), null).contract().shape().season());
        assertEquals(7, load(r -> start.plusDays(r).toString(), null).contract().shape().season());
        LocalDateTime t0 = LocalDateTime.of(2020, 3, 1, 0, 0);
        assertEquals(24, load(r -> t0.plusHours(r).toString() + ":00", null).contract().shape().season());
        // month ends stay monthly
        assertEquals(12, load(r -> start.plusMonths(r + 1).minusDays(1).toString(), null).contract().shape()
                .season());
    }

    @Test
    void aYearlyOrNumericStepHasNone() {
        LoadedData yearly = load(r -> LocalDate.of(1900 + r, 1, 1).toString(), null);
        assertNull(yearly.contract().shape().season());
        assertEquals("season: none (the step of \"date\", yearly, implies none): no seasonal-naive baseline; give "
                + "--season M for one", yearly.report().season());
        LoadedData irregular = load(r -> LocalDate.of(2019, 1, 1).plusMonths(r < 2 ? r : r + 1).toString(), null);
        assertNull(irregular.contract().shape().season(), "a step that changes after two rows is irregular");
        assertEquals("season: none (the step of \"date\", irregular, implies none): no seasonal-naive baseline; give "
                + "--season M for one", irregular.report().season());
        LoadedData numeric = DataLoader.load(series("n.csv", "year", r -> Integer.toString(1871 + r)), opts(null));
        assertEquals("year", numeric.contract().time());
        assertNull(numeric.contract().shape().season());
        LoadedData none = DataLoader.load(series("v.csv", null, r -> ""), opts(null));
        assertNull(none.contract().shape().season());
        assertEquals("season: none (no time column to infer it from): no seasonal-naive baseline; give --season M "
                + "for one", none.report().season());
    }

    @Test
    void seasonOverridesTheTimeStep() {
        LocalDate start = LocalDate.of(2019, 1, 1);
        LoadedData d = load(r -> start.plusMonths(r).toString(), 5);
        assertEquals(5, d.contract().shape().season());
        assertEquals("season: 5 rows (--season): the seasonal-naive baseline is the value 5 rows before the target",
                d.report().season());
        LoadedData noTime = DataLoader.load(series("v.csv", null, r -> ""), opts(3));
        assertEquals(3, noTime.contract().shape().season());
        // recorded in the contract's JSON, read back
        assertEquals(3, InputContract.fromJson(noTime.contract().toJson()).shape().season());
    }

    @Test
    void aClassifierOrAnotherLayoutHasNoSeason() {
        LoadedData labels = DataLoader.load(csv(dir, "c.csv", "date,x,label\n" + String.join("", java.util.stream
                .IntStream.range(0, ROWS).mapToObj(r -> LocalDate.of(2019, 1, 1).plusMonths(r) + "," + r + ","
                        + (r % 2 == 0 ? "up" : "down") + "\n").toList())),
                opts(null).toBuilder().targets(List.of("label")).classification(true).build());
        assertNull(labels.contract().shape().season());
        assertNull(labels.report().season());
    }

    @Test
    void badSeasonsAreUsageErrorsNamingTheOption() {
        for (int m : new int[] {0, 1, -3}) {
            DataException e = org.junit.jupiter.api.Assertions.assertThrows(DataException.class, () -> opts(m));
            assertEquals(DataException.USAGE, e.exitCode());
            assertEquals("{{season}}: expected a whole number >= 2 (the rows in one seasonal cycle), got " + m,
                    e.getMessage());
        }
        DataException layout = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                () -> options().toBuilder().id("id").season(4).build());
        assertEquals("{{season}}: expected none outside the window layout (it sets the seasonal-naive baseline), got "
                + "4 with the long layout", layout.getMessage());
    }
}
