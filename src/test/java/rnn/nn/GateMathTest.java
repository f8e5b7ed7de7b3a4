package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import rnn.random.Rng;

/**
 * The vectorised gate math ({@link VectorGateMath}): its sigmoid and tanh against {@link Math} over the whole
 * range, and whole layers with it against the same layers with the cells' scalar loops.
 */
class GateMathTest {

    /** Largest relative difference allowed between the vector activations and Math's (about 5 ulp). */
    private static final double ACTIVATION_TOLERANCE = 1e-15;
    /** Layers computed with either activations agree to this (relative to the magnitude of each quantity). */
    private static final double LAYER_TOLERANCE = 1e-13;

    /** Float32 activations (FLOAT precision): relative error allowed, a few float ulp. */
    private static final double FLOAT_ACTIVATION_TOLERANCE = 1e-6;

    private static GateMath vectorMath() {
        return vectorMath(Precision.DOUBLE);
    }

    private static GateMath vectorMath(Precision precision) {
        try (Compute c = new Compute(1, precision, true)) {
            GateMath m = c.gateMath();
            assertNotNull(m, "the tests run with --add-modules jdk.incubator.vector");
            return m;
        }
    }

    private static double[] arguments() {
        List<Double> xs = new ArrayList<>();
        for (double x = -50; x <= 50; x += 0.0137) {
            xs.add(x);
        }
        for (double x : new double[] {0.0, -0.0, 1e-300, -1e-300, 1e-17, -3e-9, 0.34657359, -0.34657359, 19.9, 20.1,
            -20.1, 700, -700, 708.5, -708.5, 745, -745, 1000, -1000, 1e300, -1e300}) {
            xs.add(x);
        }
        while (xs.size() % 64 != 0) {
            xs.add(0.5);
        }
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void tanhMatchesMath() {
        double[] x = arguments();
        double[] act = x.clone();
        double[] h = new double[x.length];
        assertEquals(x.length, vectorMath().rnnForward(1, x.length, false, act, 0, h, 0));
        for (int i = 0; i < x.length; i++) {
            double expected = Math.tanh(x[i]);
            assertEquals(expected, h[i], ACTIVATION_TOLERANCE * Math.abs(expected), "tanh(" + x[i] + ")");
        }
        double[] nan = new double[64];
        java.util.Arrays.fill(nan, Double.NaN);
        vectorMath().rnnForward(1, 64, false, nan, 0, h, 0);
        assertTrue(Double.isNaN(h[0]), "tanh(NaN) is NaN");
    }

    /**
     * FLOAT precision: σ and tanh in float32, to a few float ulp of the float-rounded argument (so σ's relative
     * error grows with |x|: rounding x to float moves e^−x by |x|·2^−24); values below 1e−37 may saturate.
     */
    @Test
    void floatActivationsMatchMathToFloatAccuracy() {
        double[] x = arguments();
        double[] act = x.clone();
        double[] h = new double[x.length];
        GateMath m = vectorMath(Precision.FLOAT);
        assertEquals(x.length, m.rnnForward(1, x.length, false, act, 0, h, 0));
        for (int i = 0; i < x.length; i++) {
            double expected = Math.tanh(x[i]);
            assertEquals(expected, h[i], FLOAT_ACTIVATION_TOLERANCE * Math.abs(expected) + 1e-37, "tanh(" + x[i] + ")");
        }
        int n = x.length;
        double[] gates = new double[3 * n];
        System.arraycopy(x, 0, gates, 0, n);
        m.gruClassicGates(1, n, gates, 0, new double[n], 0, new double[n]);
        for (int i = 0; i < n; i++) {
            double expected = 1.0 / (1.0 + Math.exp(-x[i]));
            double tol = FLOAT_ACTIVATION_TOLERANCE * Math.max(1, Math.abs(x[i])) * expected + 1e-37;
            assertEquals(expected, gates[i], tol, "σ(" + x[i] + ")");
        }
    }

    /** FLOAT precision end to end: predictions and gradients within float accuracy of DOUBLE's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void floatPrecisionLayersAgreeWithDouble(Cell cell) {
        Problem p = Problem.of(cell, new int[] {40, 33}, 5, 6, 32, null);
        assertAgree(cell, run(p, Precision.DOUBLE, true), run(p, Precision.FLOAT, true), 1e-4);
    }

    @Test
    void sigmoidMatchesMath() {
        double[] x = arguments();
        int h = x.length;
        // a classic GRU row holds r | u | n: σ is applied to the r and u blocks
        double[] act = new double[3 * h];
        System.arraycopy(x, 0, act, 0, h);
        System.arraycopy(x, 0, act, h, h);
        double[] hAll = new double[h];
        double[] rh = new double[h];
        assertEquals(h, vectorMath().gruClassicGates(1, h, act, 0, hAll, 0, rh));
        for (int i = 0; i < h; i++) {
            double expected = 1.0 / (1.0 + Math.exp(-x[i]));
            // below e^−708 the vector σ stops at about 3e−308 instead of going subnormal
            assertEquals(expected, act[i], ACTIVATION_TOLERANCE * expected + 1e-300, "σ(" + x[i] + ")");
            assertEquals(act[i], act[h + i], "the same σ in both blocks");
        }
    }

    public record Cell(String name, CellType type, Activation activation, GruVariant variant) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Cell> cells() {
        return List.of(new Cell("rnn-tanh", CellType.RNN, Activation.TANH, GruVariant.CLASSIC),
                new Cell("rnn-relu", CellType.RNN, Activation.RELU, GruVariant.CLASSIC),
                new Cell("gru-classic", CellType.GRU, Activation.TANH, GruVariant.CLASSIC),
                new Cell("gru-reset-after", CellType.GRU, Activation.TANH, GruVariant.RESET_AFTER),
                new Cell("lstm", CellType.LSTM, Activation.TANH, GruVariant.CLASSIC));
    }

    /** H = 19 and 16: two whole vectors plus a scalar tail, and vectors only. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void vectorAndScalarLayersAgree(Cell cell) {
        Problem p = Problem.of(cell, new int[] {19, 16}, 3, 6, 31, new int[] {6, 4, 5});
        assertAgree(cell, run(p, Precision.DOUBLE, false), run(p, Precision.DOUBLE, true), LAYER_TOLERANCE);
    }

    /** A model of the cell (5 inputs, 2 outputs at every step) and one batch of MSE targets for it. */
    private record Problem(ModelSpec spec, SequenceInput in, double[] y) {
        /** Inputs then targets uniform from {@code new Rng(seed)}; {@code lengths} == null: every step real. */
        static Problem of(Cell cell, int[] hidden, int batch, int steps, long seed, int[] lengths) {
            ModelSpec spec = new ModelSpec(cell.type(), cell.activation(), cell.variant(), 5, hidden, 2,
                    OutputMode.SEQUENCE, 0.0);
            Rng rng = new Rng(seed);
            double[] x = NetFixture.uniform(steps * batch * 5, rng);
            SequenceInput in = lengths == null ? SequenceInput.of(x, batch, steps, 5)
                    : new SequenceInput(x, 0, NetFixture.mask(lengths, steps), 0, batch, steps, 5);
            return new Problem(spec, in, NetFixture.targets(Loss.MSE, steps * batch, 2, rng));
        }
    }

    /** Each quantity k of {@code actual} within relTol × max|expected[k]| of {@code expected}, entry by entry. */
    private static void assertAgree(Cell cell, List<double[]> expected, List<double[]> actual, double relTol) {
        for (int k = 0; k < actual.size(); k++) {
            double[] e = expected.get(k);
            double[] a = actual.get(k);
            double scale = 0;
            for (double d : e) {
                scale = Math.max(scale, Math.abs(d));
            }
            for (int i = 0; i < a.length; i++) {
                assertEquals(e[i], a[i], relTol * scale, cell + " quantity " + k + " entry " + i);
            }
        }
    }

    /** Predictions, input gradient and every parameter gradient of one forward and backward. */
    private static List<double[]> run(Problem problem, Precision precision, boolean vector) {
        SequenceInput in = problem.in();
        try (Compute compute = new Compute(1, precision, vector)) {
            RecurrentModel m = new RecurrentModel(problem.spec(), compute);
            m.initialize(new Rng(5));
            int rows = m.predictionRows(in);
            double[] dPred = new double[rows * 2];
            double[] pred = m.forward(in, false, false).clone();
            Loss.MSE.evaluate(pred, problem.y(), in.mask() == null ? null : in.mask(), rows, 2, dPred);
            m.parameters().zeroGrad();
            m.backward(dPred, 0, true);
            List<double[]> out = new ArrayList<>();
            out.add(pred);
            out.add(m.inputGradient().clone());
            for (Param p : m.parameters()) {
                out.add(p.grad.data.clone());
            }
            return out;
        }
    }
}
