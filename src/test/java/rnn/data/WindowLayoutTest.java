package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static rnn.data.TestData.FLOAT_TOL;
import static rnn.data.TestData.csv;
import static rnn.data.TestData.options;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §3, window layout: M = N − W − H + 1 windows, window i = rows i..i+W−1, target on row i+W−1+H; the
 * split keeps the last windows in time; z-score statistics from the first n_train + W + H − 1 rows only.
 */
class WindowLayoutTest {

    @TempDir
    Path dir;

    /** Rows r = 0..n−1 with x = r and y = 100 + r. */
    private Path series(int n) {
        StringBuilder b = new StringBuilder("x,y\n");
        for (int r = 0; r < n; r++) {
            b.append(r).append(',').append(100 + r).append('\n');
        }
        return csv(dir, "series.csv", b.toString());
    }

    private static DataOptions raw() {
        return options().withNormalize(Normalization.NONE).withTarget(null, TargetForm.LEVEL);
    }

    @Test
    void windowsAreRowRangesWithTheTargetHRowsAfterTheLast() {
        int n = 12;
        int w = 4;
        int h = 2;
        Dataset d = DataLoader.load(series(n), raw().withWindow(w, h, 1)).train();
        assertEquals(n - w - h + 1, d.size());
        for (int i = 0; i < d.size(); i++) {
            assertEquals(w, d.steps(i));
            for (int t = 0; t < w; t++) {
                assertEquals(i + t, d.input(i, t, 0), FLOAT_TOL);
            }
            assertEquals(100 + i + w - 1 + h, d.target(i, 0, 0), FLOAT_TOL);
            assertEquals(2 + i + w - 1 + h, d.line(i, w - 1), "line of the target row (header is line 1)");
        }
    }

    @Test
    void strideAndHorizonZero() {
        Dataset strided = DataLoader.load(series(12), raw().withWindow(3, 1, 4)).train();
        assertEquals((12 - 3 - 1) / 4 + 1, strided.size());
        assertEquals(8, strided.input(2, 0, 0), FLOAT_TOL);
        Dataset nowcast = DataLoader.load(series(5), raw().withWindow(2, 0, 1)).train();
        assertEquals(4, nowcast.size());
        assertEquals(101, nowcast.target(0, 0, 0), FLOAT_TOL);
    }

    @Test
    void sequenceOutputHasATargetHRowsAfterEveryStep() {
        Dataset d = DataLoader.load(series(10), raw().withWindow(3, 2, 1).withOutput(TargetMode.SEQUENCE)).train();
        assertEquals(6, d.size());
        for (int t = 0; t < 3; t++) {
            assertEquals(100 + 4 + t + 2, d.target(4, t, 0), FLOAT_TOL);
            assertEquals(2 + 4 + t + 2, d.line(4, t));
        }
    }

    @Test
    void severalSeriesByIdNeverShareAWindow() {
        Path f = csv(dir, "ids.csv", "id,x,y\nA,0,0\nB,10,0\nA,1,0\nA,2,0\nB,11,0\nB,12,0\nA,3,0\nB,13,0\nB,14,0\n");
        LoadedData d = DataLoader.load(f, raw().withId("id").withLayout(TestData.layout("window"), null).withWindow(2, 1, 1)
                .withFeatures("x"));
        Dataset ds = d.train();
        assertEquals(2 + 3, ds.size());
        assertEquals(2, d.schema().report().counts().series());
        double[][] expected = {{0, 1}, {1, 2}, {10, 11}, {11, 12}, {12, 13}};
        String[] ids = {"A", "A", "B", "B", "B"};
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k][0], ds.input(k, 0, 0), FLOAT_TOL);
            assertEquals(expected[k][1], ds.input(k, 1, 0), FLOAT_TOL);
            assertEquals(ids[k], ds.sequenceId(k));
        }
    }

    @Test
    void validationIsTheLastWindowsOfEachSeries() {
        Path f = csv(dir, "two.csv", "id,x,y\n" + "A,0,0\n".repeat(10) + "B,0,0\n".repeat(7));
        LoadedData d = DataLoader.load(f, DataOptions.defaults(1).withNormalize(Normalization.NONE).withId("id")
                .withLayout(TestData.layout("window"), null).withWindow(3, 1, 1).withValSplit(0.3));
        // A: M = 7, floor(0.7·7) = 4 train; B: M = 4, floor(0.7·4) = 2 train
        assertEquals(6, d.train().size());
        assertEquals(3 + 2, d.validation().size());
        assertEquals(2 + 4 + 3, d.validation().line(0, 2), "A's first validation window starts at its row 4");
        assertEquals(12 + 2 + 3, d.validation().line(3, 2), "B's first validation window starts at its row 2");
    }

    @Test
    void zscoreComesFromTheRowsTrainingWindowsTouchAndTheTargetSharesIt() {
        // N = 10, W = 3, H = 1: M = 7, n_train = floor(0.8·7) = 5, statistics from the first 5 + 3 + 1 − 1 = 8 rows
        StringBuilder b = new StringBuilder("y\n");
        double[] v = {1, 2, 4, 8, 16, 32, 64, 128, 1000, -1000};
        for (double x : v) {
            b.append(x).append('\n');
        }
        LoadedData d = DataLoader.load(csv(dir, "z.csv", b.toString()),
                DataOptions.defaults(42).withWindow(3, 1, 1).withValSplit(0.2).withTarget(null, TargetForm.LEVEL));
        double mean = (1 + 2 + 4 + 8 + 16 + 32 + 64 + 128) / 8.0; // 31.875
        double sq = 0;
        for (int r = 0; r < 8; r++) {
            sq += (v[r] - mean) * (v[r] - mean);
        }
        double std = Math.sqrt(sq / 8); // population σ
        ColumnStats s = d.schema().contract().scaling().featureStats().get(0);
        assertEquals(8, d.schema().report().statsRows());
        assertEquals(mean, s.mean(), 1e-9);
        assertEquals(std, s.std(), 1e-9);
        assertEquals(s, d.schema().contract().scaling().targetStats().get(0), "the target is also the input: the same transform");
        assertEquals((4 - mean) / std, d.train().input(0, 2, 0), FLOAT_TOL);
        assertEquals((8 - mean) / std, d.train().target(0, 0, 0), FLOAT_TOL);
        assertEquals((-1000 - mean) / std, d.validation().target(1, 0, 0), FLOAT_TOL);
        assertEquals(-1000, s.denormalize(d.validation().target(1, 0, 0)), 1e-3);
    }

    @Test
    void isoTimesAreCarriedForPredictions() {
        Path f = csv(dir, "dates.csv", "day,y\n2024-01-30,1\n2024-01-31,2\n2024-02-01,3\n2024-02-02T06:00,4\n");
        Dataset d = DataLoader.load(f, raw().withTime("day").withWindow(2, 1, 1)).train();
        assertEquals(2, d.size());
        assertEquals("2024-02-01", d.time(0, 1));
        assertEquals("2024-02-02T06:00", d.time(1, 1));
    }
}
