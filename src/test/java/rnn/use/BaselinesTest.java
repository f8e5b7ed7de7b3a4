package rnn.use;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.data.DataLoader;
import rnn.data.DataOptions;
import rnn.data.Layouts;
import rnn.data.LoadedData;
import rnn.data.Normalization;
import rnn.nn.Loss;

/**
 * Issue 12 item 3: the naive baselines on a series worked by hand, the majority class, the end-of-training verdict.
 *
 * <p>The series y = 1, 4, 2, 8, 5, 7, 3, 9, 6, 10 (rows 0..9) with W = 3, H = 1, S = 1 has 7 windows (window i: rows
 * i..i+2, target row i+3); --val-split 0.3 keeps floor(0.7·7) = 4 for training, so windows 4, 5, 6 validate: targets
 * y[7..9] = 9, 6, 10, last values y[6..8] = 3, 9, 6, errors −6, 3, −4: MSE 61/3, MAE 13/3. Seasonal naive with M = 4:
 * y[t + 1 − 4] = y[3..5] = 8, 5, 7, errors −1, −1, −3: MSE 11/3, MAE 5/3. The training windows touch rows 0..6 (mean
 * 30/7, Σ(y − mean)² = 168 − 900/7 = 276/7, so σ² = 276/49): in z-score units the MSEs are divided by σ².
 */
class BaselinesTest {

    private static final double EXACT = 1e-12;
    /** Values are stored as float32 once normalised. */
    private static final double FLOAT = 1e-6;

    @TempDir
    Path dir;

    private Path series() throws Exception {
        StringBuilder b = new StringBuilder("y\n");
        for (int v : new int[] {1, 4, 2, 8, 5, 7, 3, 9, 6, 10}) {
            b.append(v).append('\n');
        }
        return Files.writeString(dir.resolve("y.csv"), b);
    }

    private LoadedData load(Normalization n, Integer season) throws Exception {
        // the target mode named: with a season the default could take a seasonal difference, moving the windows
        return DataLoader.load(series(), DataOptions.builder(1).window(3).horizon(1).valSplit(0.3).normalize(n)
                .season(season).targetMode(rnn.data.TargetForm.LEVEL).build());
    }

    private static EvalReport.Baseline named(Baselines.Regression r, String name) {
        return r.baselines().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * A path 1..2 on the same series: W + H = 5 rows make 6 windows, --val-split 0.5 validates windows 3..5 (last rows
     * t = 5, 6, 7: last values 7, 3, 9). Step 1 targets y[6..8] = 3, 9, 6, step 2 targets y[7..9] = 9, 6, 10. Naive
     * errors 4, −6, 3 and −2, −3, −1: pooled MSE 75/6, MAE 19/6. Seasonal naive, M = 4: step 1 reads y[t − 3] = 2, 8, 5
     * (errors −1, −1, −1), step 2 y[t − 2] = 8, 5, 7 (errors −1, −1, −3): MSE 14/6, MAE 8/6.
     */
    @Test
    void everyStepOfAPathHasItsOwnHorizon() throws Exception {
        LoadedData d = DataLoader.load(series(), DataOptions.builder(1).window(3)
                .horizon(rnn.data.Horizon.parse("1..2")).valSplit(0.5).normalize(Normalization.NONE).season(4).build());
        assertEquals(3, d.validation().size());
        assertEquals(2, d.contract().outputs());
        Baselines.Regression r = Baselines.regression(d.validation(), d.contract(), Loss.MSE);
        assertNull(r.note());
        EvalReport.Baseline last = named(r, Baselines.LAST_VALUE);
        assertEquals(75.0 / 6, last.errors().mse(), EXACT);
        assertEquals(19.0 / 6, last.errors().mae(), EXACT);
        EvalReport.Baseline seasonal = named(r, Baselines.SEASONAL_NAIVE);
        assertEquals(14.0 / 6, seasonal.errors().mse(), EXACT);
        assertEquals(8.0 / 6, seasonal.errors().mae(), EXACT);
    }

    /**
     * A seasonal difference leaves the first M rows without a transformed value, but their levels are known: the
     * seasonal naive reads them there. 20 rows, M = 12, W = 3, H = 1: windows start on rows 12..16, the last 3 validate
     * (targets rows 17..19, last values rows 16..18, a season before rows 5..7, inside the 12 rows of warm-up).
     */
    @Test
    void theSeasonalNaiveReadsLevelsWhereTheDifferenceHasNone() throws Exception {
        double[] y = new double[20];
        StringBuilder b = new StringBuilder("y\n");
        for (int r = 0; r < y.length; r++) {
            y[r] = 50 + 10 * Math.sin(2 * Math.PI * r / 12) + (r * 7 % 5);
            b.append(y[r]).append('\n');
        }
        LoadedData d = DataLoader.load(Files.writeString(dir.resolve("s.csv"), b), DataOptions.builder(1).window(3)
                .horizon(1).valSplit(0.5).season(12).normalize(Normalization.NONE)
                .transform(rnn.data.TargetTransforms.parse("seasonal-diff:12"))
                .targetMode(rnn.data.TargetForm.LEVEL).build());
        assertEquals(3, d.validation().size());
        Baselines.Regression r = Baselines.regression(d.validation(), d.contract(), Loss.MSE);
        assertNull(r.note());
        double last = 0;
        double seasonal = 0;
        for (int target = 17; target < 20; target++) {
            last += (y[target - 1] - y[target]) * (y[target - 1] - y[target]);
            seasonal += (y[target - 12] - y[target]) * (y[target - 12] - y[target]);
        }
        // levels read as stored (float32 columns): 1e-6 relative
        assertEquals(last / 3, named(r, Baselines.LAST_VALUE).errors().mse(), 1e-6 * last);
        assertEquals(seasonal / 3, named(r, Baselines.SEASONAL_NAIVE).errors().mse(), 1e-6 * seasonal);
        assertTrue(Double.isNaN(named(r, Baselines.SEASONAL_NAIVE).loss()), "not in the model's transformed units");
    }

    @Test
    void naiveAndSeasonalNaiveOnTheHandWorkedSeries() throws Exception {
        LoadedData d = load(Normalization.NONE, 4);
        assertEquals(3, d.validation().size());
        Baselines.Regression r = Baselines.regression(d.validation(), d.contract(), Loss.MSE);
        assertNull(r.note());
        EvalReport.Baseline last = named(r, Baselines.LAST_VALUE);
        assertEquals(61.0 / 3, last.errors().mse(), EXACT);
        assertEquals(Math.sqrt(61.0 / 3), last.errors().rmse(), EXACT);
        assertEquals(13.0 / 3, last.errors().mae(), EXACT);
        assertEquals(61.0 / 3, last.loss(), EXACT); // normalisation none: normalised units are the target's
        EvalReport.Baseline seasonal = named(r, Baselines.SEASONAL_NAIVE);
        assertEquals(11.0 / 3, seasonal.errors().mse(), EXACT);
        assertEquals(Math.sqrt(11.0 / 3), seasonal.errors().rmse(), EXACT);
        assertEquals(5.0 / 3, seasonal.errors().mae(), EXACT);
        // R² = 1 − SSE/SST about the mean 25/3 of the scored targets 9, 6, 10: SST = (4 + 49 + 25)/9 = 26/3
        assertEquals(1 - 61.0 / (26.0 / 3), last.errors().r2(), EXACT);
        // MAE as the loss: the mean absolute error
        assertEquals(13.0 / 3, named(Baselines.regression(d.validation(), d.contract(), Loss.MAE),
                Baselines.LAST_VALUE).loss(), EXACT);
    }

    @Test
    void theLossIsInNormalisedUnitsAndTheErrorsInTheTargets() throws Exception {
        LoadedData d = load(Normalization.ZSCORE, 4);
        Baselines.Regression r = Baselines.regression(d.validation(), d.contract(), Loss.MSE);
        double variance = 276.0 / 49;
        assertEquals(61.0 / 3 / variance, named(r, Baselines.LAST_VALUE).loss(), FLOAT);
        assertEquals(11.0 / 3 / variance, named(r, Baselines.SEASONAL_NAIVE).loss(), FLOAT);
        assertEquals(Math.sqrt(61.0 / 3), named(r, Baselines.LAST_VALUE).errors().rmse(), FLOAT);
        assertEquals(Math.sqrt(11.0 / 3), named(r, Baselines.SEASONAL_NAIVE).errors().rmse(), FLOAT);
    }

    @Test
    void aSeasonReachingBeforeTheSeriesLeavesTheSeasonalNaiveOutWithANote() throws Exception {
        LoadedData d = load(Normalization.NONE, 8); // target rows 7, 8, 9 → rows −1, 0, 1: the first is missing
        Baselines.Regression r = Baselines.regression(d.validation(), d.contract(), Loss.MSE);
        assertEquals(List.of(Baselines.LAST_VALUE), r.baselines().stream().map(EvalReport.Baseline::name).toList());
        assertEquals("no seasonal_naive baseline: the value 8 rows before the target is not in the data (before a "
                + "series' first row, or across a dropped row) for 1 of the 3 scored values", r.note());
    }

    @Test
    void withoutASeasonOnlyTheNaiveLastValue() throws Exception {
        LoadedData d = load(Normalization.NONE, null); // no time column: no period
        assertNull(d.contract().shape().season());
        Baselines.Regression r = Baselines.regression(d.validation(), d.contract(), Loss.MSE);
        assertEquals(1, r.baselines().size());
        assertEquals("no seasonal_naive baseline: the model has no seasonal period (train with --season M)", r.note());
        // the train log says it once, by its season line, not again as a note
        BaselineScores s = BaselineScores.of(d.validation(), d.schema(), Loss.MSE);
        assertNull(s.note());
        assertEquals("season: none (no time column to infer it from): no seasonal-naive baseline; give --season M "
                + "for one", s.lines("mse").get(0));
    }

    @Test
    void theSeasonalOffsetForEachStepOfAMultiStepHorizon() {
        // y[t + h − M·⌈h/M⌉] relative to t, M = 12: h = 1 → t − 11, h = 12 → t, h = 13 → t − 11, h = 24 → t
        assertEquals(-11, Baselines.seasonalOffset(1, 12));
        assertEquals(-1, Baselines.seasonalOffset(11, 12));
        assertEquals(0, Baselines.seasonalOffset(12, 12));
        assertEquals(-11, Baselines.seasonalOffset(13, 12));
        assertEquals(0, Baselines.seasonalOffset(24, 12));
        assertEquals(-4, Baselines.seasonalOffset(0, 4)); // h = 0: one season before the target
        assertEquals(0, Baselines.naiveOffset(5));
        assertThrows(IllegalArgumentException.class, () -> Baselines.seasonalOffset(1, 0));
    }

    @Test
    void aTwoStepHorizonScoresTheRowTwoAhead() throws Exception {
        // H = 2: 6 windows, floor(0.7·6) = 4 train; windows 4, 5: last rows 6, 7 (3, 9), targets rows 8, 9 (6, 10);
        // seasonal M = 4: y[t + 2 − 4] = rows 4, 5 (5, 7)
        LoadedData d = DataLoader.load(series(), DataOptions.builder(1).window(3).horizon(2).valSplit(0.3)
                .normalize(Normalization.NONE).season(4).build());
        Baselines.Regression r = Baselines.regression(d.validation(), d.contract(), Loss.MSE);
        assertEquals((9 + 1) / 2.0, named(r, Baselines.LAST_VALUE).errors().mse(), EXACT);
        assertEquals((1 + 9) / 2.0, named(r, Baselines.SEASONAL_NAIVE).errors().mse(), EXACT);
        assertEquals((3 + 1) / 2.0, named(r, Baselines.LAST_VALUE).errors().mae(), EXACT);
    }

    @Test
    void theMajorityClassOfTheTrainingPart() throws Exception {
        // training rows: a ×5, b ×3, c ×2 (majority a); validation file: a, b, b, c
        StringBuilder train = new StringBuilder("x1,x2,label\n");
        String[] labels = {"a", "b", "a", "c", "a", "b", "a", "c", "b", "a"};
        for (int i = 0; i < labels.length; i++) {
            train.append(i).append(',').append(i % 3).append(',').append(labels[i]).append('\n');
        }
        Path t = Files.writeString(dir.resolve("train.csv"), train);
        Path v = Files.writeString(dir.resolve("val.csv"), "x1,x2,label\n1,2,a\n2,0,b\n3,1,b\n4,2,c\n");
        LoadedData d = DataLoader.load(t, DataOptions.builder(1).layout(Layouts.named("wide").orElseThrow())
                .steps(1).features(List.of("x1", "x2")).targets(List.of("label")).classification(true).valFile(v)
                .build());
        assertEquals(List.of(5L, 3L, 2L), d.schema().report().split().trainClasses());
        BaselineScores s = BaselineScores.of(d.validation(), d.schema(), Loss.XENT);
        EvalReport.ClassBaseline m = s.majority();
        assertEquals("a", m.predicted());
        assertEquals(0.25, m.accuracy(), EXACT);
        assertEquals(-(Math.log(0.5) + 2 * Math.log(0.3) + Math.log(0.2)) / 4, m.logLoss(), EXACT);
        assertTrue(s.regression().isEmpty());
        // a scored class without a training example: its frequency is 0, the log-loss undefined (accuracy is not)
        EvalReport.ClassBaseline zero = Baselines.majority(d.validation(), d.contract(), List.of(5L, 0L, 2L));
        assertTrue(Double.isNaN(zero.logLoss()));
        assertEquals(0.25, zero.accuracy(), EXACT);
        assertNull(Baselines.majority(d.validation(), d.contract(), null), "none recorded: no baseline");
        assertEquals("baseline majority (the training part's most frequent class (\"a\"); log-loss of its class "
                + "frequencies): validation accuracy 0.25000, log-loss " + String.format(java.util.Locale.ROOT, "%.5g",
                m.logLoss()), s.lines("xent").get(0));
    }

    @Test
    void theVerdictBothWays() {
        BaselineScores s = new BaselineScores(null, List.of(
                new EvalReport.Baseline(Baselines.LAST_VALUE, "", 0.853, new EvalReport.Errors(4, 2, 1, 0)),
                new EvalReport.Baseline(Baselines.SEASONAL_NAIVE, "", 0.412, new EvalReport.Errors(1, 1, 1, 0))),
                null, null);
        // regression compares RMSE in the target's units, whatever the losses say
        BaselineScores.Verdict beats = s.verdict(0.9, 0.5);
        assertTrue(beats.beatsAll());
        assertEquals("validation RMSE of the best model 0.50000 beats the naive last value (2.0000) and the seasonal "
                + "naive (1.0000)", beats.line());
        BaselineScores.Verdict between = s.verdict(0.1, 1.5);
        assertFalse(between.beatsAll());
        assertEquals("validation RMSE of the best model 1.5000 does NOT beat the seasonal naive (1.0000); it beats "
                + "the naive last value (2.0000)", between.line());
        assertEquals("validation RMSE of the best model 3.0000 does NOT beat the naive last value (2.0000) and the "
                + "seasonal naive (1.0000)", s.verdict(0.1, 3).line());
        assertFalse(s.verdict(0.1, 1).beatsAll(), "equal is not better");
        assertNull(s.verdict(0.1, Double.NaN), "no verdict without the model's RMSE");
        assertNull(new BaselineScores(null, List.of(), null, null).verdict(0.5, 0.5));
        // a classifier: its loss against the majority class's log-loss
        BaselineScores c = new BaselineScores(null, List.of(), new EvalReport.ClassBaseline(Baselines.MAJORITY, "",
                "a", 0.25, 1.2), null);
        assertEquals("best validation loss 0.90000 beats the majority class's frequencies (1.2000)", c.verdict(0.9, Double.NaN)
                .line());
        assertFalse(c.verdict(1.3, Double.NaN).beatsAll());
    }
}
