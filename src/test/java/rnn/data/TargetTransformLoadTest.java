package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static rnn.data.TestData.FLOAT_TOL;
import static rnn.data.TestData.assertDataError;
import static rnn.data.TestData.csv;
import static rnn.data.TestData.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --transform} and {@code --target-mode} in the loader: statistics fitted on the training rows of the
 * transformed target, the rows a difference leaves without a value, delta targets, the inversion of a batch's
 * predictions ({@link TargetUnits}) against formulas computed here from the file's values, and every refusal.
 */
class TargetTransformLoadTest {

    private static final int N = 24;

    @TempDir
    Path dir;

    /** A positive series with trend and a season of 4 rows. */
    private static double[] values() {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = Math.round((10 + i) * (1 + 0.3 * Math.sin(2 * Math.PI * i / 4)) * 100) / 100.0;
        }
        return v;
    }

    private Path file(String name, double[] v) {
        StringBuilder b = new StringBuilder("v\n");
        for (double x : v) {
            b.append(x).append('\n');
        }
        return csv(dir, name, b.toString());
    }

    private static DataOptions raw(String transform, TargetForm mode) {
        return options().withNormalize(Normalization.NONE).withWindow(3, 1, 1)
                .withTarget(TargetTransforms.parse(transform), mode);
    }

    @Test
    void logDiffStatisticsComeFromTheTrainingRowsOnly() {
        double[] v = values();
        DataOptions o = options().withValSplit(0.25).withWindow(3, 1, 1)
                .withTarget(TargetTransforms.parse("log,diff"), TargetForm.LEVEL);
        LoadedData d = DataLoader.load(file("s.csv", v), o);
        // warmup 1: M = 24 − 1 − 3 − 1 + 1 = 20 windows, 15 train; they touch rows 1 … 18 (15 + 3 + 1 − 1 rows)
        assertEquals(15, d.train().size());
        assertEquals(5, d.validation().size());
        assertEquals(18, d.schema().report().statsRows());
        double[] z = new double[N];
        double sum = 0;
        for (int r = 1; r < N; r++) {
            z[r] = Math.log(v[r]) - Math.log(v[r - 1]);
        }
        for (int r = 1; r <= 18; r++) {
            sum += z[r];
        }
        double mean = sum / 18;
        double sq = 0;
        for (int r = 1; r <= 18; r++) {
            sq += (z[r] - mean) * (z[r] - mean);
        }
        double std = Math.sqrt(sq / 18);
        ColumnStats st = d.contract().targetStats(0);
        assertEquals(mean, st.mean(), 1e-6);
        assertEquals(std, st.std(), 1e-6);
        assertEquals((z[1] - mean) / std, d.train().input(0, 0, 0), FLOAT_TOL, "the first window starts on row 1");
        assertEquals((z[4] - mean) / std, d.train().target(0, 0, 0), FLOAT_TOL);
        assertEquals((z[23] - mean) / std, d.validation().target(4, 0, 0), FLOAT_TOL);
        assertEquals(TargetTransforms.parse("log,diff"), d.contract().transform());

        // a validation row changed beyond recognition changes no statistic
        double[] w = v.clone();
        w[23] = 1e6;
        ColumnStats other = DataLoader.load(file("t.csv", w), o).contract().targetStats(0);
        assertEquals(st, other);
    }

    @Test
    void aDifferenceStartsNoWindowInTheRowsItLeavesWithoutAValueAndSaysSo() {
        double[] v = values();
        LoadedData d = DataLoader.load(file("s.csv", v), raw("seasonal-diff:4", TargetForm.LEVEL));
        assertEquals(N - 4 - 3 - 1 + 1, d.train().size());
        assertEquals(v[4] - v[0], d.train().input(0, 0, 0), FLOAT_TOL);
        assertEquals(v[7] - v[3], d.train().target(0, 0, 0), FLOAT_TOL);
        assertEquals("target transform: seasonal-diff:4 (no window starts on the first 4 rows of a series or after"
                + " a dropped row: they have no difference); target mode: level (the transform is inverted on"
                + " predictions)", d.schema().describe().get(4));
        LoadedData diff = DataLoader.load(file("s.csv", v), raw("log,diff", null));
        assertEquals("target transform: log,diff (no window starts on the first row of a series or after a dropped"
                + " row: it has no difference); target mode: delta (the model predicts the change from the target"
                + " on the window's last row; added back, and the transform inverted, on predictions)",
                diff.schema().describe().get(4));
        // too short for a window once the 4 rows are left out
        double[] shortSeries = java.util.Arrays.copyOf(v, 7);
        Path f = file("short.csv", shortSeries);
        assertDataError(DataException.DATA, f + ": expected at least {{window}} + {{horizon}} + 4 (the rows"
                + " {{transform}} leaves without a value) = 8 rows, got 7; lower {{window}} or {{horizon}}, or add"
                + " rows", () -> DataLoader.load(f, raw("seasonal-diff:4", TargetForm.LEVEL)));
    }

    @Test
    void aDroppedRowStartsANewRunOfDifferences() {
        double[] v = values();
        StringBuilder b = new StringBuilder("k,v\n");
        for (int i = 0; i < N; i++) {
            b.append(i).append(',').append(i == 10 ? "" : Double.toString(v[i])).append('\n');
        }
        LoadedData d = DataLoader.load(csv(dir, "gap.csv", b.toString()), raw("diff", TargetForm.LEVEL)
                .withFeatures("v").withMissingTarget(MissingTargetPolicy.DROP));
        assertEquals(1, d.schema().report().droppedRows());
        // runs of rows 0-9 and 11-23: windows start at 1 … 6 and 12 … 20
        assertEquals(6 + 9, d.train().size());
        assertEquals(v[12] - v[11], d.train().input(6, 0, 0), FLOAT_TOL, "no difference across the dropped row");
    }

    @Test
    void deltaTargetsAreTheChangeFromTheWindowsLastRowByDefault() {
        double[] v = values();
        LoadedData d = DataLoader.load(file("s.csv", v), raw("none", null));
        assertEquals(TargetForm.DELTA, d.contract().targetMode());
        for (int k = 0; k < d.train().size(); k++) {
            assertEquals(v[k + 3] - v[k + 2], d.train().target(k, 0, 0), FLOAT_TOL, "window " + k);
        }
        Batch batch = d.train().newBatch(4);
        d.train().fill(new int[] {5, 0}, 0, 2, batch);
        assertEquals(v[8] - v[7], batch.targets()[0], FLOAT_TOL);
        assertEquals(v[3] - v[2], batch.targets()[1], FLOAT_TOL);
        // level, as before target modes
        LoadedData level = DataLoader.load(file("s.csv", v), raw("none", TargetForm.LEVEL));
        assertEquals(v[3], level.train().target(0, 0, 0), FLOAT_TOL);
        assertEquals(5, level.schema().describe().size() - level.schema().report().warnings().size() - 1,
                "no target transform line for the level without a transform");
    }

    /** Delta + log,diff + z-score, undone on fake outputs: e^(ln y_last + (p + x_last)·scale + center). */
    @Test
    void predictionsOfABatchAreInvertedAsComputedByHand() {
        double[] v = values();
        LoadedData d = DataLoader.load(file("s.csv", v), options().withWindow(3, 1, 1)
                .withTarget(TargetTransforms.parse("log,diff"), null));
        InputContract c = d.contract();
        ColumnStats st = c.targetStats(0);
        Dataset data = d.train();
        Batch batch = data.newBatch(data.size());
        int[] order = new int[data.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        data.fill(order, 0, order.length, batch);
        double[] pred = new double[order.length];
        for (int b = 0; b < pred.length; b++) {
            pred[b] = 0.1 * b - 0.3;
        }
        TargetUnits units = data.targetUnits(c);
        units.decode(batch, pred);
        for (int k = 0; k < order.length; k++) {
            int last = 1 + k + 2; // windows start on row 1
            double zLast = Math.log(v[last]) - Math.log(v[last - 1]);
            double xLast = (zLast - st.center()) / st.scale();
            double expected = v[last] * Math.exp((pred[k] + xLast) * st.scale() + st.center());
            assertEquals(expected, units.predicted(k), 1e-5 * expected, "window " + k);
            assertEquals(v[last + 1], units.actual(k), FLOAT_TOL * v[last + 1], "the target as in the file");
            assertEquals(v[last], units.lastValue(k), FLOAT_TOL * v[last], "the naive forecast");
            assertEquals(v[last] * Math.exp(st.mean()), units.mean(k), FLOAT_TOL * v[last], "the mean change added");
        }
    }

    /**
     * A forecast path after a window (what {@code --horizon 1..H} predicts): the true transformed values of the next
     * rows give back the file's values, for a chain with a difference (cumulative and seasonal look-back into the
     * path) and for a pointwise one.
     */
    @Test
    void aPathAfterAWindowIsInvertedFromItsLastLevel() {
        double[] v = values();
        for (String chain : new String[] {"log,seasonal-diff:4,diff", "log", "none"}) {
            TargetTransforms t = TargetTransforms.parse(chain);
            LoadedData d = DataLoader.load(file("s.csv", v), raw(chain, TargetForm.LEVEL).toBuilder()
                    .horizon(Horizon.parse("1..8")).build());
            Dataset train = d.train();
            TargetUnits units = train.targetUnits(d.contract());
            double[] z = t.apply(v);
            Batch batch = train.newBatch(4);
            train.batches(4, null).next(batch);
            // the model's outputs as the true transformed values of the 8 rows after each window (step-major)
            double[] pred = new double[batch.size() * 8];
            for (int b = 0; b < batch.size(); b++) {
                int last = t.warmup() + batch.example(b) + 2; // window k starts on row warmup + k, W = 3
                for (int h = 0; h < 8; h++) {
                    pred[b * 8 + h] = z[last + 1 + h];
                }
            }
            units.decode(batch, pred);
            for (int b = 0; b < batch.size(); b++) {
                int last = t.warmup() + batch.example(b) + 2;
                for (int h = 0; h < 8; h++) {
                    assertEquals(v[last + 1 + h], units.predicted(b * 8 + h), FLOAT_TOL * v[last + 1 + h],
                            chain + " window " + batch.example(b) + " step " + (h + 1));
                }
            }
        }
    }

    /** seasonal-diff:4 three rows ahead reads the known value 4 rows before the target: y_{r−4} + z. */
    @Test
    void aSingleStepWithinTheSeasonReadsTheKnownSeason() {
        double[] v = values();
        LoadedData d = DataLoader.load(file("s.csv", v), raw("seasonal-diff:4", TargetForm.LEVEL)
                .withWindow(3, 3, 1));
        Dataset data = d.train();
        Batch batch = data.newBatch(2);
        data.fill(new int[] {0, 7}, 0, 2, batch);
        double[] pred = {1.5, -2.25};
        TargetUnits units = data.targetUnits(d.contract());
        units.decode(batch, pred);
        // window k starts on row 4 + k; its last row is 6 + k, the target row 9 + k
        assertEquals(v[5] + 1.5, units.predicted(0), 1e-5);
        assertEquals(v[12] - 2.25, units.predicted(1), 1e-5);
        assertEquals(v[9], units.actual(0), FLOAT_TOL * v[9]);
        assertEquals(v[16], units.actual(1), FLOAT_TOL * v[16]);
    }

    /** The wide layout with a target per step: log inverted per step, each step scored against its own column. */
    @Test
    void logOfWideSequenceTargetsIsInvertedPerStep() {
        Path f = csv(dir, "wide-seq.csv", "a0,a1,y0,y1\n1,2,10,20\n3,4,30,40\n");
        LoadedData d = DataLoader.load(f, options().withNormalize(Normalization.NONE)
                .withLayout(TestData.layout("wide"), 2).withFeatures("a0", "a1").withTargets("y0", "y1")
                .withOutput(TargetMode.SEQUENCE).withTarget(TargetTransforms.parse("log"), null));
        assertEquals(TargetForm.LEVEL, d.contract().targetMode(), "delta is for the window layout");
        Dataset ds = d.train();
        Batch batch = ds.newBatch(2);
        ds.fill(new int[] {1, 0}, 0, 2, batch);
        assertEquals(Math.log(30), batch.targets()[0], FLOAT_TOL);
        assertEquals(Math.log(20), batch.targets()[3], FLOAT_TOL);
        TargetUnits units = ds.targetUnits(d.contract());
        units.decode(batch, new double[] {Math.log(31), Math.log(11), Math.log(41), Math.log(21)});
        double[] predicted = {31, 11, 41, 21};
        double[] actual = {30, 10, 40, 20}; // rows t·B + b: step 0 of examples 1, 0, then step 1
        for (int i = 0; i < 4; i++) {
            assertEquals(predicted[i], units.predicted(i), 1e-9 * predicted[i]);
            assertEquals(actual[i], units.actual(i), FLOAT_TOL * actual[i]);
        }
    }

    /** A {@code --val} file is transformed like the training file, with the training statistics. */
    @Test
    void aValidationFileIsTransformedToo() {
        double[] v = values();
        double[] w = new double[10];
        for (int i = 0; i < w.length; i++) {
            w[i] = 50 + 3 * i;
        }
        Path val = file("val.csv", w);
        LoadedData d = DataLoader.load(file("s.csv", v), raw("log,diff", TargetForm.LEVEL).withValFile(val));
        assertEquals(10 - 1 - 3 - 1 + 1, d.validation().size());
        assertEquals(Math.log(w[4]) - Math.log(w[3]), d.validation().target(0, 0, 0), FLOAT_TOL);
        assertEquals(Math.log(w[1]) - Math.log(w[0]), d.validation().input(0, 0, 0), FLOAT_TOL);
        Batch batch = d.validation().newBatch(1);
        d.validation().fill(new int[] {2}, 0, 1, batch);
        TargetUnits units = d.validation().targetUnits(d.contract());
        units.decode(batch, new double[] {0.1});
        assertEquals(w[5] * Math.exp(0.1), units.predicted(0), 1e-5 * w[6]);
        assertEquals(w[6], units.actual(0), FLOAT_TOL * w[6]);
    }

    @Test
    void aValueOutsideTheLogsDomainIsADataErrorNamingIt() {
        double[] v = values();
        v[3] = 0;
        Path f = file("zero.csv", v);
        assertDataError(DataException.DATA, f + ":5:1 (column \"v\"): expected a value > 0 for {{transform}} log, "
                + "got 0; fix the value, or choose another {{transform}} (log1p takes values > -1; none takes any)",
                () -> DataLoader.load(f, raw("log", null)));
        v[3] = -1.5;
        Path g = file("neg.csv", v);
        assertDataError(DataException.DATA, g + ":5:1 (column \"v\"): expected a value > -1 for {{transform}} "
                + "log1p,diff, got -1.5; fix the value, or choose another {{transform}} (none takes any value)",
                () -> DataLoader.load(g, raw("log1p,diff", null)));
        v[3] = -0.5;
        assertEquals(TargetTransforms.parse("log1p"), DataLoader.load(file("ok.csv", v), raw("log1p", null))
                .contract().transform(), "log1p takes -0.5");
    }

    @Test
    void refusalsOfOptionsThatDoNotFit() {
        assertDataError(DataException.USAGE, "{{transform}}: expected no difference of lag below {{horizon}} 2 (a "
                + "single step 2 rows ahead is inverted from the level 1 row before it, which is not known), got "
                + "\"log,diff\"; use {{horizon}} 1..2 (the whole path), or {{target_mode}} delta without the "
                + "difference", () -> raw("log,diff", null).withWindow(3, 2, 1));
        assertDataError(DataException.USAGE, "{{transform}}: expected no difference of lag below {{horizon}} 5 (a "
                + "single step 5 rows ahead is inverted from the level 4 rows before it, which is not known), got "
                + "\"seasonal-diff:4\"; use {{horizon}} 1..5 (the whole path), or {{target_mode}} delta without the "
                + "difference", () -> raw("seasonal-diff:4", null).withWindow(3, 5, 1));
        raw("seasonal-diff:4", null).withWindow(3, 4, 1); // 4 rows ahead reads the known row
        assertDataError(DataException.USAGE, "{{transform}}: expected none with a classification loss (the target "
                + "holds class labels), got \"log\"", () -> raw("log", null).withClassification(true));
        assertDataError(DataException.USAGE, "{{target_mode}}: expected level with a classification loss (the "
                + "target holds class labels), got delta", () -> raw("none", TargetForm.DELTA)
                .withClassification(true));
        assertDataError(DataException.USAGE, "{{target_mode}}: expected level with the long layout (delta needs the"
                + " target's value on the row the prediction is made from: the window layout), got delta",
                () -> raw("none", TargetForm.DELTA).withId("id"));
        assertDataError(DataException.USAGE, "{{transform}}: expected log, log1p or none with the long layout (a "
                + "difference needs a series' rows in time order: the window layout), got \"diff\"",
                () -> raw("diff", null).withId("id"));
        // the default target mode is the level where delta is impossible (a classifier, the long layout)
        assertEquals(TargetForm.LEVEL, raw("none", null).withId("id").resolvedTargetMode(true));
        assertEquals(TargetForm.LEVEL, raw("none", null).resolvedTargetMode(false));
        assertEquals(TargetForm.DELTA, raw("none", null).resolvedTargetMode(true));
    }

    @Test
    void deltaAndDifferencesNeedTheTargetAmongTheInputs() {
        Path f = csv(dir, "xy.csv", "x,y\n1,2\n2,3\n3,5\n4,4\n5,6\n6,7\n7,9\n");
        DataOptions onlyX = options().withNormalize(Normalization.NONE).withWindow(2, 1, 1).withFeatures("x");
        assertDataError(DataException.USAGE, "{{target_mode}}: expected level when the target \"y\" is not among "
                + "the inputs (delta adds back the target's value on the window's last row, which the model must "
                + "read), got delta; add the target to {{features}}, or leave {{target_mode}} out",
                () -> DataLoader.load(f, onlyX.withTarget(null, TargetForm.DELTA)));
        assertDataError(DataException.USAGE, "{{transform}}: expected no difference when the target \"y\" is not "
                + "among the inputs (a difference is inverted from the target's value on the window's last row, "
                + "which the model must read), got \"diff\"; add the target to {{features}}, or leave {{transform}} "
                + "out", () -> DataLoader.load(f, onlyX.withTarget(TargetTransforms.parse("diff"), null)));
        // by default: the level, and log alone is fine
        LoadedData d = DataLoader.load(f, onlyX.withTarget(TargetTransforms.parse("log"), null));
        assertEquals(TargetForm.LEVEL, d.contract().targetMode());
        assertEquals(Math.log(5), d.train().target(0, 0, 0), FLOAT_TOL);
    }

    @Test
    void theContractRecordsAndChecksTheTransformAndMode() {
        LoadedData d = DataLoader.load(file("s.csv", values()), raw("log,seasonal-diff:4", null));
        ObjectNode json = d.contract().toJson();
        assertEquals("log,seasonal-diff:4", json.get("transform").asText());
        assertEquals("delta", json.get("targetMode").asText());
        InputContract back = InputContract.fromJson(json);
        assertEquals(d.contract(), back);
        ContractCheck.check(d.schema());

        json.put("transform", "sqrt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputContract.fromJson(json));
        assertEquals("data schema: contract.transform is \"sqrt\", expected none, or log, log1p, diff, "
                + "seasonal-diff:M (M from 1 to 10000) separated by commas, log or log1p first", e.getMessage());
        json.put("transform", "seasonal-diff:0");
        e = assertThrows(IllegalArgumentException.class, () -> InputContract.fromJson(json));
        assertEquals("data schema: contract.transform is \"seasonal-diff:0\", expected seasonal-diff:M with a season"
                + " M from 1 to 10000 (rows per season, 12 for monthly data)", e.getMessage());
        json.remove("transform");
        json.remove("targetMode");
        InputContract old = InputContract.fromJson(json);
        assertEquals(TargetTransforms.NONE, old.transform(), "a contract from before transforms");
        assertEquals(TargetForm.LEVEL, old.targetMode());

        List<String[]> bad = new ArrayList<>();
        LoadedData h2 = DataLoader.load(file("s.csv", values()), raw("none", TargetForm.LEVEL).withWindow(3, 2, 1));
        bad.add(check(h2, "diff", TargetForm.LEVEL, "contract.transform is \"diff\" with horizon 2, expected a "
                + "horizon of at most 1 (a difference of a single step is inverted from known rows)"));
        bad.add(check(d, "seasonal-diff:21", TargetForm.LEVEL, "contract.transform is \"seasonal-diff:21\" with "
                + "window 3 and horizon 1, expected at most 24 rows with window and horizon (the rows of the "
                + "training file, which held a window)"));
        Path xy = csv(dir, "xy.csv", "x,y\n1,2\n2,3\n3,5\n4,4\n5,6\n6,7\n7,9\n");
        LoadedData onlyX = DataLoader.load(xy, options().withWindow(2, 1, 1).withFeatures("x"));
        bad.add(check(onlyX, "none", TargetForm.DELTA, "contract.targetMode is delta, expected level and no "
                + "difference when the targets [y] are not all among the features [x]"));
        for (String[] b : bad) {
            assertEquals(b[1], b[0]);
        }
    }

    /** The message of {@link ContractCheck} for {@code d}'s schema with another transform and mode. */
    private static String[] check(LoadedData d, String transform, TargetForm mode, String expected) {
        DataSchema edited = new DataSchema(d.contract().withTarget(TargetTransforms.parse(transform), mode),
                d.schema().report());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ContractCheck.check(edited));
        return new String[] {e.getMessage(), expected};
    }
}
