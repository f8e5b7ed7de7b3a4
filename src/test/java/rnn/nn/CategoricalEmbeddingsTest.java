package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import rnn.random.Rng;

/**
 * The embedding input stage ({@link CategoricalEmbeddings}) inside whole models: gradient checks (double, central
 * differences, below 1e-6) with masked sequences of mixed lengths for every cell, bidirectional and both output
 * modes; the lookup against the same model fed explicit one-hot vectors times the table; padding adds nothing to
 * any table row.
 */
class CategoricalEmbeddingsTest {

    /** Two numeric features, then a column of 4 levels (D 3) and one of 2 levels (D 2). */
    static final List<EmbeddingSpec> TWO_COLUMNS = List.of(new EmbeddingSpec("store", 4, 3),
            new EmbeddingSpec("day", 2, 2));
    static final int NUMERIC = 2;

    static ModelSpec spec(GradientCheckTest.Cell cell, OutputMode mode, boolean bidirectional, int numeric) {
        return new ModelSpec(cell.type(), cell.activation(), cell.variant(), numeric + TWO_COLUMNS.size(),
                new int[] {4, 3}, 2, mode, 0.0, 0.0, bidirectional, TWO_COLUMNS);
    }

    /** Numeric features Uniform(−1, 1), level indices uniform over 0..levels (0 is {@code <unk>}). */
    static double[] input(int rows, int numeric, Rng rng) {
        int in = numeric + TWO_COLUMNS.size();
        double[] x = new double[rows * in];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < numeric; i++) {
                x[r * in + i] = rng.uniform(-1, 1);
            }
            for (int c = 0; c < TWO_COLUMNS.size(); c++) {
                x[r * in + numeric + c] = rng.nextInt(TWO_COLUMNS.get(c).rows());
            }
        }
        return x;
    }

    @ParameterizedTest(name = "{0}, output {1}, masked lengths 5,2,4,1")
    @MethodSource("rnn.nn.GradientCheckTest#cellsAndModes")
    void gradientCheck(GradientCheckTest.Cell cell, OutputMode mode) {
        for (boolean bidirectional : new boolean[] {false, true}) {
            for (int numeric : new int[] {NUMERIC, 0}) {
                check(spec(cell, mode, bidirectional, numeric), cell + " " + mode
                        + (bidirectional ? " bidirectional" : "") + " numeric " + numeric, 41);
            }
        }
    }

    private static void check(ModelSpec spec, String what, long seed) {
        int batch = 4;
        int steps = 5;
        RecurrentModel model = NetFixture.model(spec, seed);
        Rng rng = new Rng(seed + 1000);
        double[] x = input(steps * batch, spec.numericInputs(), rng);
        SequenceInput in = new SequenceInput(x, 0, NetFixture.mask(new int[] {5, 2, 4, 1}, steps), 0, batch, steps,
                spec.inputSize());
        int rows = model.predictionRows(in);
        double[] y = NetFixture.targets(Loss.MSE, rows, spec.outputs(), rng);
        double[] w = NetFixture.lossWeights(model, in);
        double[] dPred = new double[rows * spec.outputs()];
        Runnable analytic = () -> {
            double[] pred = model.forward(in, false, false);
            Loss.MSE.evaluate(pred, y, w, rows, spec.outputs(), dPred);
            model.backward(dPred, 0, true);
        };
        java.util.function.DoubleSupplier objective = () ->
                Loss.MSE.evaluate(model.forward(in, false, false), y, w, rows, spec.outputs(), null);
        // the index entries are checked too: a small change of an index changes nothing, and their gradient is 0
        GradientChecker.Result r = GradientChecker.check(model.parameters(), objective, analytic, x, 0, x.length,
                model::inputGradient);
        GradientCheckTest.report("embeddings " + what, r);
        assertTrue(r.max() < GradientChecker.TOLERANCE, () -> what + ": " + r);
        assertEquals("inputs.store.weight", model.parameters().list().get(0).name(), "tables come first");
        assertEquals("inputs.day.weight", model.parameters().list().get(1).name());
        long tables = 5 * 3 + 3 * 2;
        assertEquals(tables + GradientCheckTest.expectedParameterCount(new ModelSpec(spec.cell(), spec.activation(),
                spec.gruVariant(), spec.firstLayerInputs(), spec.hidden(), spec.outputs(), spec.output(), 0.0, 0.0,
                spec.bidirectional())), r.entries(), what + ": entries checked");
        for (int c = 0; c < 2; c++) {
            assertTrue(r.largestNumeric().get(TWO_COLUMNS.get(c).tensorName()) > 1e-9, what + ": table " + c);
        }
    }

    /** A level used only on padded steps (and the rows no step uses) gets no gradient at all. */
    @Test
    void paddingAddsNothingToAnyRow() {
        GradientCheckTest.Cell cell = GradientCheckTest.CELLS.get(3);
        for (OutputMode mode : OutputMode.values()) {
            ModelSpec spec = spec(cell, mode, true, NUMERIC);
            RecurrentModel model = NetFixture.model(spec, 7);
            int batch = 2;
            int steps = 3;
            int in = spec.inputSize();
            double[] x = input(steps * batch, NUMERIC, new Rng(8));
            double[] mask = NetFixture.mask(new int[] {3, 1}, steps);
            for (int r = 0; r < steps * batch; r++) {
                // store: real steps use levels 1 and 2 only; padded steps use level 4
                x[r * in + NUMERIC] = mask[r] == 0 ? 4 : 1 + r % 2;
            }
            SequenceInput s = new SequenceInput(x, 0, mask, 0, batch, steps, in);
            double[] pred = model.forward(s, false, false);
            double[] dPred = new double[model.predictionRows(s) * spec.outputs()];
            java.util.Arrays.fill(dPred, 1.0);
            model.parameters().zeroGrad();
            model.backward(dPred, 0, false);
            double[] g = model.parameters().get("inputs.store.weight").grad.data;
            for (int level : new int[] {0, 3, 4}) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(0.0, g[level * 3 + j], mode + ": row " + level + " of the store table");
                }
            }
            assertTrue(Math.abs(g[3]) + Math.abs(g[6]) > 0, mode + ": rows 1 and 2 are used");
            assertTrue(pred.length > 0);
        }
    }

    /**
     * The stage alone: even a gradient that is not zero on padded rows (the stage's contract does not rely on the
     * layer's zeros there) adds nothing to the rows padded steps read; the index entries of the input gradient are 0
     * and the numeric ones pass through.
     */
    @Test
    void theStageSkipsPaddedRowsAndPassesNumericGradients() {
        CategoricalEmbeddings stage = new CategoricalEmbeddings(1, List.of(new EmbeddingSpec("c", 3, 2)));
        stage.initialize(new Rng(1));
        // T = 2, B = 2: rows (t·B + b) 0..3; row 3 is padding and reads level 3, which no real row reads
        double[] x = {0.5, 1, -0.5, 2, 0.25, 1, 9.0, 3};
        double[] mask = {1, 1, 1, 0};
        SequenceInput out = stage.forward(new SequenceInput(x, 0, mask, 0, 2, 2, 2));
        assertEquals(3, out.features());
        double[] table = stage.parameters().get(0).value.data;
        assertEquals(table[2], out.x()[1]);
        assertEquals(table[3], out.x()[2]);
        double[] dOut = new double[4 * 3];
        java.util.Arrays.fill(dOut, 1.0);
        double[] dx = stage.backward(dOut, true);
        assertArrayEquals(new double[] {0, 0, 2, 2, 1, 1, 0, 0}, stage.parameters().get(0).grad.data, 0.0,
                "level 1 read twice, level 2 once, level 3 only on padding");
        assertArrayEquals(new double[] {1, 0, 1, 0, 1, 0, 1, 0}, java.util.Arrays.copyOf(dx, 8), 0.0);
    }

    /**
     * The model with tables gives the predictions and table gradients of the numeric model (its layers and head
     * the same tensors) fed [numeric | onehot(level) × table | …] computed here by explicit sums over the rows.
     */
    @ParameterizedTest(name = "{0}, output {1}")
    @MethodSource("rnn.nn.GradientCheckTest#cellsAndModes")
    void lookupEqualsOneHotTimesTable(GradientCheckTest.Cell cell, OutputMode mode) {
        ModelSpec spec = spec(cell, mode, false, NUMERIC);
        RecurrentModel withTables = NetFixture.model(spec, 51);
        ModelSpec plainSpec = new ModelSpec(spec.cell(), spec.activation(), spec.gruVariant(),
                spec.firstLayerInputs(), spec.hidden(), spec.outputs(), mode, 0.0);
        RecurrentModel plain = new RecurrentModel(plainSpec, Compute.singleThreaded());
        for (Param p : plain.parameters()) {
            System.arraycopy(withTables.parameters().get(p.name()).value.data, 0, p.value.data, 0, p.size());
        }
        int batch = 3;
        int steps = 4;
        int rows = batch * steps;
        double[] x = input(rows, NUMERIC, new Rng(52));
        double[] mask = NetFixture.mask(new int[] {4, 2, 3}, steps);
        int in = spec.inputSize();
        int wide = spec.firstLayerInputs();
        double[][] oneHots = new double[TWO_COLUMNS.size()][];
        double[] xPlain = new double[rows * wide];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, r * in, xPlain, r * wide, NUMERIC);
            int off = NUMERIC;
            for (int c = 0; c < TWO_COLUMNS.size(); c++) {
                EmbeddingSpec e = TWO_COLUMNS.get(c);
                double[] table = withTables.parameters().get(e.tensorName()).value.data;
                double[] oneHot = new double[e.rows()];
                oneHot[(int) x[r * in + NUMERIC + c]] = 1.0;
                for (int j = 0; j < e.dim(); j++) {
                    double s = 0;
                    for (int k = 0; k < e.rows(); k++) {
                        s += oneHot[k] * table[k * e.dim() + j];
                    }
                    xPlain[r * wide + off + j] = s;
                }
                oneHots[c] = oneHot;
                off += e.dim();
            }
        }
        SequenceInput a = new SequenceInput(x, 0, mask, 0, batch, steps, in);
        SequenceInput b = new SequenceInput(xPlain, 0, mask, 0, batch, steps, wide);
        double[] pa = withTables.forward(a, false, false).clone();
        double[] pb = plain.forward(b, false, false).clone();
        assertArrayEquals(pb, java.util.Arrays.copyOf(pa, pb.length), 1e-13, "predictions");

        double[] dPred = NetFixture.uniform(pb.length, new Rng(53));
        withTables.parameters().zeroGrad();
        plain.parameters().zeroGrad();
        withTables.backward(dPred, 0, false);
        plain.backward(dPred, 0, true);
        double[] dx = plain.inputGradient();
        int off = NUMERIC;
        for (int c = 0; c < TWO_COLUMNS.size(); c++) {
            EmbeddingSpec e = TWO_COLUMNS.get(c);
            double[] expected = new double[e.rows() * e.dim()];
            for (int r = 0; r < rows; r++) {
                if (mask[r] == 0) {
                    continue;
                }
                int level = (int) x[r * in + NUMERIC + c];
                for (int k = 0; k < e.rows(); k++) {
                    double h = k == level ? 1.0 : 0.0; // d(onehot·T)/dT[k][j] = onehot[k]
                    for (int j = 0; j < e.dim(); j++) {
                        expected[k * e.dim() + j] += h * dx[r * wide + off + j];
                    }
                }
            }
            assertArrayEquals(expected, withTables.parameters().get(e.tensorName()).grad.data, 1e-13,
                    e.column() + " table gradient");
            off += e.dim();
        }
    }

    /** Tables are N(0, 1) from the run's seed: the same seed gives the same tables, and their spread is about 1. */
    @Test
    void initialisedLikePytorchEmbedding() {
        ModelSpec spec = new ModelSpec(CellType.GRU, Activation.TANH, GruVariant.RESET_AFTER, 1, new int[] {2}, 1,
                OutputMode.LAST, 0.0, 0.0, false, List.of(new EmbeddingSpec("c", 999, 20)));
        RecurrentModel a = new RecurrentModel(spec, Compute.singleThreaded());
        RecurrentModel b = new RecurrentModel(spec, Compute.singleThreaded());
        a.initialize(new Rng(5));
        b.initialize(new Rng(5));
        double[] t = a.parameters().get("inputs.c.weight").value.data;
        assertArrayEquals(t, b.parameters().get("inputs.c.weight").value.data, 0.0);
        double sum = 0;
        double squares = 0;
        for (double v : t) {
            sum += v;
            squares += v * v;
        }
        double mean = sum / t.length;
        double std = Math.sqrt(squares / t.length - mean * mean);
        assertEquals(0.0, mean, 0.03, "mean of 20000 N(0,1) draws");
        assertEquals(1.0, std, 0.03, "std of 20000 N(0,1) draws");
    }
}
