package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rnn.data.TestData.FLOAT_TOL;
import static rnn.data.TestData.csv;
import static rnn.data.TestData.options;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, item 5: a time-like column is the time column, not a feature, and the first lines say so. */
class TimeColumnsTest {

    @TempDir
    Path dir;

    private static DataOptions raw() {
        return options().withNormalize(Normalization.NONE).withWindow(3, 1, 1).withTarget(null, TargetForm.LEVEL);
    }

    /** Rows "first column, value" with the first column given per row. */
    private Path file(String name, String header, String[] first, double[] value) {
        StringBuilder b = new StringBuilder(header).append('\n');
        for (int r = 0; r < first.length; r++) {
            b.append(first[r]).append(',').append(value[r]).append('\n');
        }
        return csv(dir, name, b.toString());
    }

    private static double[] values(int n) {
        double[] v = new double[n];
        for (int r = 0; r < n; r++) {
            v[r] = 1000 + 7 * r % 13;
        }
        return v;
    }

    /** The Nile case: "year,value" trains on value's own past, year orders the rows. */
    @Test
    void aYearColumnIsTimeAndTheSeriesIsItsOwnInput() {
        String[] years = new String[12];
        for (int r = 0; r < years.length; r++) {
            years[r] = Integer.toString(1871 + r);
        }
        double[] v = values(12);
        LoadedData d = DataLoader.load(file("nile.csv", "year,value", years, v), raw());
        assertEquals("year", d.contract().time());
        assertEquals(List.of("value"), d.contract().features());
        List<String> lines = d.schema().describe();
        assertEquals("layout: window, 1 series, ordered by \"year\"; window 3, horizon 1, stride 1: 9 windows",
                lines.get(1));
        assertEquals("time: \"year\" (its name says time and it increases by 1 on every row: taken as the time"
                + " column, not a feature; name another with --time, or list it in --features to use it as a"
                + " feature)", lines.get(2));
        assertEquals("features (1): value (the target series' own past)", lines.get(3));
        Dataset ds = d.train();
        assertEquals(v[1], ds.input(1, 0, 0), FLOAT_TOL, "the input is the value, not the year");
        assertEquals(v[1 + 3], ds.target(1, 0, 0), FLOAT_TOL);
        assertTrue(d.schema().report().warnings().isEmpty(), d.schema().report().warnings().toString());
    }

    @Test
    void aDateColumnInOrderIsTime() {
        String[] dates = new String[8];
        for (int r = 0; r < dates.length; r++) {
            dates[r] = "2024-03-0" + (r + 1);
        }
        LoadedData d = DataLoader.load(file("dates.csv", "Day of sale,y", dates, values(8)), raw());
        assertEquals("Day of sale", d.contract().time());
        assertEquals("time: \"Day of sale\" (dates in increasing order: taken as the time column; name another"
                + " with --time)", d.schema().describe().get(2));
        assertEquals("2024-03-03", d.train().time(1, 0), "the row H = 1 after step 0 of window 1");
    }

    /** A cumulative count increases, but neither its name nor its step says time: a feature, without a note. */
    @Test
    void anIncreasingFeatureThatIsNotTimeStaysAFeature() {
        String[] total = new String[8];
        long sum = 0;
        for (int r = 0; r < total.length; r++) {
            sum += r + 1; // 1, 3, 6, 10, ...
            total[r] = Long.toString(sum);
        }
        LoadedData d = DataLoader.load(file("count.csv", "total,y", total, values(8)), raw());
        assertNull(d.contract().time());
        assertEquals(List.of("total"), d.contract().features());
        assertFalse(d.schema().describe().stream().anyMatch(l -> l.startsWith("time:")));
        assertFalse(d.schema().report().warnings().stream().anyMatch(w -> w.contains("like a clock")));
        assertEquals(6, d.train().input(1, 1, 0), FLOAT_TOL, "window 1, step 1: the third row's total");
    }

    /** A constant step under a feature's name: kept as a feature (a ramp input is legitimate), with a warning. */
    @Test
    void aConstantStepColumnNamedLikeAFeatureStaysAFeatureWithAWarning() {
        String[] dose = {"0.5", "1", "1.5", "2", "2.5", "3", "3.5", "4"};
        LoadedData d = DataLoader.load(file("dose.csv", "dose,y", dose, values(8)), raw());
        assertNull(d.contract().time());
        assertEquals(List.of("dose"), d.contract().features());
        assertTrue(d.schema().report().warnings().contains("column \"dose\" increases by 0.5 on every row like a"
                + " clock, but its name is no time word: kept as a feature; name it with --time if it only orders"
                + " the rows"), d.schema().report().warnings().toString());
    }

    /** A time word whose values do not increase (months of several years) is no time column. */
    @Test
    void aTimeWordThatDoesNotIncreaseStaysAFeature() {
        String[] month = new String[14];
        for (int r = 0; r < month.length; r++) {
            month[r] = Integer.toString(r % 12 + 1);
        }
        LoadedData d = DataLoader.load(file("months.csv", "Month,y", month, values(14)), raw());
        assertNull(d.contract().time());
        assertEquals(List.of("Month"), d.contract().features());
    }

    /** A time word with irregular steps, per series of a long file: time, "within each series". */
    @Test
    void anIrregularTimeWithinEachSeries() {
        Path f = csv(dir, "ids.csv", "id,TIME_STEP,x,y\nA,0,1,1\nB,5,2,2\nA,1,3,3\nB,6,4,4\nA,3,5,5\nB,9,6,6\n"
                + "A,7,7,7\nB,10,8,8\n");
        LoadedData d = DataLoader.load(f, raw().withId("id").withLayout(TestData.layout("window"), null)
                .withWindow(2, 1, 1));
        assertEquals("TIME_STEP", d.contract().time());
        assertEquals(List.of("x"), d.contract().features());
        assertEquals("time: \"TIME_STEP\" (its name says time and it increases on every row within each series:"
                + " taken as the time column, not a feature; name another with --time, or list it in --features"
                + " to use it as a feature)", d.schema().describe().get(2));
    }

    /** --features and --time override detection. */
    @Test
    void explicitOptionsOverrideDetection() {
        String[] years = {"2001", "2002", "2003", "2004", "2005", "2006"};
        Path f = file("years.csv", "year,value", years, values(6));
        LoadedData asFeature = DataLoader.load(f, raw().withFeatures("year", "value"));
        assertNull(asFeature.contract().time());
        assertEquals(List.of("year", "value"), asFeature.contract().features());
        assertEquals(2001, asFeature.train().input(0, 0, 0), FLOAT_TOL);
        LoadedData named = DataLoader.load(f, raw().withTime("year"));
        assertEquals("year", named.contract().time());
        assertFalse(named.schema().describe().stream().anyMatch(l -> l.startsWith("time:")), "nothing detected");
    }

    /** The window layout with inputs that leave out the target: a warning saying how to include it. */
    @Test
    void featuresWithoutTheTargetsPastAreAWarning() {
        Path f = csv(dir, "xy.csv", "x,y\n3,1\n1,2\n4,3\n1,4\n5,5\n9,6\n");
        LoadedData d = DataLoader.load(f, raw().withFeatures("x"));
        assertEquals(List.of("the inputs (x) leave out the target \"y\": the model never sees the target's own"
                + " past; to include it, use --features x,y (in the window layout the target's past is an input,"
                + " not leakage)"), d.schema().report().warnings());
        LoadedData both = DataLoader.load(f, raw().withFeatures("x", "y"));
        assertTrue(both.schema().report().warnings().stream().noneMatch(w -> w.contains("own past")),
                both.schema().report().warnings().toString());
    }

    @Test
    void timeWords() {
        for (String w : List.of("year", "Date", "TIME", "t", "step", "period", "month", "week", "day", "quarter",
                "timestamp", "time_step", "Time Step", "ds", "hour", "", "Unnamed: 0", "index")) {
            assertTrue(TimeColumns.isTimeWord(w), w);
        }
        for (String w : List.of("x", "value", "dose", "count", "years_of_service", "tt", "datum")) {
            assertFalse(TimeColumns.isTimeWord(w), w);
        }
    }
}
