package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The windows of a path 1..H (issue 12 item 1), worked by hand on a tiny series: which rows are each window's H
 * targets, which windows exist (all H targets in the series), the split, the rows normalisation is fitted on, and
 * a file read for prediction.
 */
class MultiStepWindowsTest {

    @TempDir
    Path dir;

    /** t = 0..9; a = 10·t, b = −t: rows 0..9 of one series. */
    private Path tiny() throws IOException {
        StringBuilder s = new StringBuilder("t,a,b\n");
        for (int r = 0; r < 10; r++) {
            s.append(r).append(',').append(10 * r).append(',').append(-r).append('\n');
        }
        return Files.writeString(dir.resolve("tiny.csv"), s);
    }

    private static DataOptions path(String horizon, double valSplit, String... targets) {
        return DataOptions.builder(1).time("t").features(List.of("a")).targets(List.of(targets)).window(3)
                .horizon(Horizon.parse(horizon)).stride(1).normalize(Normalization.NONE).valSplit(valSplit)
                .targetMode(TargetForm.LEVEL).build(); // the targets as written (delta: TargetTransformLoadTest)
    }

    /** The target rows of every example, as the batch holds them (step-major: O per step). */
    private static List<List<Double>> targets(Dataset d) {
        Batch batch = d.newBatch(64);
        BatchIterator it = d.batches(64, null);
        List<List<Double>> all = new ArrayList<>();
        while (it.next(batch)) {
            int width = batch.targets().length / batch.size();
            for (int b = 0; b < batch.size(); b++) {
                List<Double> y = new ArrayList<>();
                for (int j = 0; j < d.outputs(); j++) {
                    y.add(batch.targets()[b * d.outputs() + j]);
                }
                all.add(y);
                assertTrue(width >= d.outputs());
            }
        }
        return all;
    }

    /**
     * W = 3, 1..3, 10 rows: 10 − 3 − 3 + 1 = 5 windows; window k reads rows k..k+2 and its targets are rows k+3,
     * k+4, k+5 (a = 10·row). The window at 5 (targets 8, 9 and the missing 10) is no example.
     */
    @Test
    void eachWindowsTargetsAreTheHRowsAfterIt() throws IOException {
        LoadedData d = DataLoader.load(tiny(), path("1..3", 0, "a"));
        assertEquals(List.of(List.of(30.0, 40.0, 50.0), List.of(40.0, 50.0, 60.0), List.of(50.0, 60.0, 70.0),
                List.of(60.0, 70.0, 80.0), List.of(70.0, 80.0, 90.0)), targets(d.train()));
        assertEquals(3, d.contract().outputs());
        assertEquals(new LayoutShape(3, 3, 1, null, null, 1, null), d.contract().shape());
        // the same windows as the one step 3, whose one target is the path's last
        assertEquals(5, DataLoader.load(tiny(), path("3", 0, "a")).train().size());
        assertEquals(7, DataLoader.load(tiny(), path("1", 0, "a")).train().size());
    }

    /** Two targets: outputs step-major, (a, b) of row k+3, then of k+4, then of k+5. */
    @Test
    void twoTargetsAreStepMajor() throws IOException {
        LoadedData d = DataLoader.load(tiny(), path("1..2", 0, "a", "b"));
        assertEquals(4, d.contract().outputs());
        List<List<Double>> y = targets(d.train());
        assertEquals(6, y.size());
        assertEquals(List.of(30.0, -3.0, 40.0, -4.0), y.get(0));
        assertEquals(List.of(80.0, -8.0, 90.0, -9.0), y.get(5));
        assertEquals("b", d.contract().targets().get(d.contract().targetOfOutput(3)));
        assertEquals(2, d.contract().stepOfOutput(3));
        assertEquals(1, d.contract().stepOfOutput(1));
    }

    /**
     * The last windows in time validate (3 of 5 train with 0.4), and the statistics come from the rows the training
     * windows touch, their targets included: rows 0..7 (n_train + W + H − 1 = 3 + 3 + 3 − 1 = 8), never row 8 or 9.
     */
    @Test
    void theSplitAndTheFittedRowsCoverEveryTrainingTarget() throws IOException {
        DataOptions o = path("1..3", 0.4, "a").toBuilder().normalize(Normalization.ZSCORE).build();
        LoadedData d = DataLoader.load(tiny(), o);
        assertEquals(3, d.train().size());
        assertEquals(2, d.validation().size());
        assertEquals(8, d.schema().report().statsRows());
        assertEquals(35.0, d.contract().targetStats(0).mean(), 1e-12, "mean of 0, 10, …, 70");
    }

    /** A series of id "short" with W + H − 1 rows has no window (skipped); one of W + H rows has exactly one. */
    @Test
    void aSeriesWithoutRoomForAllHTargetsGivesNoWindow() throws IOException {
        StringBuilder s = new StringBuilder("id,t,a\n");
        for (int r = 0; r < 5; r++) {
            s.append("short,").append(r).append(',').append(r).append('\n');
        }
        for (int r = 0; r < 6; r++) {
            s.append("ok,").append(r).append(',').append(100 + r).append('\n');
        }
        Path f = Files.writeString(dir.resolve("two.csv"), s);
        DataOptions o = path("1..3", 0, "a").toBuilder().id("id").layout(Layouts.named("window").orElseThrow())
                .build();
        LoadedData d = DataLoader.load(f, o);
        assertEquals(List.of(List.of(103.0, 104.0, 105.0)), targets(d.train()));
        assertEquals(List.of("1 series of 2 skipped, shorter than one window of --window 3 + --horizon 3 = 6 rows:"
                + " \"short\"; lower --window or --horizon, or add rows, to use them"), d.schema().report().warnings());
        Path alone = Files.writeString(dir.resolve("alone.csv"), "t,a\n0,0\n1,1\n2,2\n3,3\n4,4\n");
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(alone, path("1..3", 0, "a")));
        assertEquals(alone + ": expected at least {{window}} + {{horizon}} = 6 rows, got 5; lower {{window}} or "
                + "{{horizon}}, or add rows", e.getMessage());
    }

    /**
     * Read for prediction: every window of W rows (8); the last one ends the series and its three steps lie 1, 2
     * and 3 rows past the end; the others' first step is in the file. Read for evaluation: the 5 windows.
     */
    @Test
    void forPredictionTheLastWindowEndsTheSeries() throws IOException {
        InputContract c = DataLoader.load(tiny(), path("1..3", 0, "a")).contract();
        Dataset p = DataLoader.loadForModel(tiny(), c, ',', DataLoader.Purpose.PREDICT);
        assertEquals(8, p.size());
        for (int k = 0; k < 7; k++) {
            assertFalse(p.endsSeries(k));
            assertEquals(k + 3 + 2, p.line(k, 2), "step 1 of window " + k + " is row k + 3");
            assertEquals(10.0 * (k + 3), p.actual(k, 2, 0, 0));
            assertEquals(Integer.toString(k + 3), p.time(k, 2));
        }
        assertTrue(p.endsSeries(7));
        assertEquals(-1, p.line(7, 2));
        for (int j = 0; j < 3; j++) {
            assertEquals(j + 1, p.stepsPastEnd(7, 2, j));
            assertEquals(Integer.toString(10 + j), p.stepTime(7, 2, j));
            assertTrue(Double.isNaN(p.actual(7, 2, j, 0)));
        }
        assertEquals(3, p.targetSteps());
        assertEquals(5, DataLoader.loadForModel(tiny(), c, ',', DataLoader.Purpose.EVALUATE).size());
    }

    /**
     * Stride 4: training and evaluation windows start at rows 0 and 4; prediction reads every window, so that the
     * one ending the series (at 7, which no multiple of 4 reaches) gives its path.
     */
    @Test
    void predictionReadsEveryWindowWhateverTheStride() throws IOException {
        InputContract c = DataLoader.load(tiny(), path("1..3", 0, "a").toBuilder().stride(4).build()).contract();
        assertEquals(2, DataLoader.loadForModel(tiny(), c, ',', DataLoader.Purpose.EVALUATE).size());
        Dataset p = DataLoader.loadForModel(tiny(), c, ',', DataLoader.Purpose.PREDICT);
        assertEquals(8, p.size());
        assertTrue(p.endsSeries(7));
        // one step 3 keeps the stride: windows at 0 and 4 (its forecast rows are those the stride reaches)
        InputContract one = DataLoader.load(tiny(), path("3", 0, "a").toBuilder().stride(4).build()).contract();
        assertEquals(2, DataLoader.loadForModel(tiny(), one, ',', DataLoader.Purpose.PREDICT).size());
    }
}
