package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import rnn.random.Rng;

/**
 * Padding and masking (DESIGN §1): sequences in one padded batch give the same outputs and the same gradients
 * (parameters and input) as each sequence alone without padding, for every cell and output mode. Masks are
 * arbitrary: padding at the end (lengths 3, 7, 12), and padding at the start, in the middle and in several runs,
 * with full BPTT and with truncation (K real steps), where a padded step wrongly counted as real would move the
 * cut.
 */
class MaskingTest {

    private static final int[] LENGTHS = {3, 7, 12};
    private static final int INPUTS = 3;
    private static final int OUTPUTS = 2;
    private static final double TOLERANCE = 1e-12;

    /** T = 8; one row per sequence: 1 real, 0 padding. */
    private static final int[][] SCATTERED = {
        {0, 0, 1, 1, 1, 1, 1, 1}, // padding at the start
        {1, 1, 0, 0, 0, 1, 1, 1}, // in the middle
        {1, 0, 1, 1, 0, 0, 0, 0}, // in the middle and at the end
        {0, 1, 0, 1, 1, 0, 1, 0}, // everywhere
        {1, 1, 1, 1, 1, 1, 1, 1}, // none
    };

    static Stream<Arguments> cellsAndModes() {
        List<Arguments> a = new ArrayList<>();
        for (GradientCheckTest.Cell c : GradientCheckTest.CELLS) {
            for (OutputMode m : OutputMode.values()) {
                a.add(Arguments.of(c, m));
            }
        }
        return a.stream();
    }

    static Stream<Arguments> cellsModesAndTruncation() {
        List<Arguments> a = new ArrayList<>();
        for (GradientCheckTest.Cell c : GradientCheckTest.CELLS) {
            for (OutputMode m : OutputMode.values()) {
                for (int k : new int[] {0, 1, 2, 3}) {
                    a.add(Arguments.of(c, m, k));
                }
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0}, output {1}")
    @MethodSource("cellsAndModes")
    void paddedBatchEqualsSequencesAlone(GradientCheckTest.Cell cell, OutputMode mode) {
        int steps = 12;
        int[][] real = new int[LENGTHS.length][steps];
        for (int b = 0; b < LENGTHS.length; b++) {
            Arrays.fill(real[b], 0, LENGTHS[b], 1);
        }
        compareWithSequencesAlone(cell, mode, real, 0, false);
    }

    /**
     * Bidirectional layers: the reverse direction starts at each sequence's last real step, so a sequence padded at
     * the end gives the same outputs and gradients alone as in the batch.
     */
    @ParameterizedTest(name = "{0}, bidirectional, output {1}")
    @MethodSource("cellsAndModes")
    void bidirectionalPaddedBatchEqualsSequencesAlone(GradientCheckTest.Cell cell, OutputMode mode) {
        int steps = 12;
        int[][] real = new int[LENGTHS.length][steps];
        for (int b = 0; b < LENGTHS.length; b++) {
            Arrays.fill(real[b], 0, LENGTHS[b], 1);
        }
        compareWithSequencesAlone(cell, mode, real, 0, true);
    }

    @ParameterizedTest(name = "{0}, bidirectional, output {1}, truncation K = {2}")
    @MethodSource("cellsModesAndTruncation")
    void bidirectionalPaddingAnywhereWithTruncationEqualsSequencesAlone(GradientCheckTest.Cell cell, OutputMode mode,
                                                                        int k) {
        compareWithSequencesAlone(cell, mode, SCATTERED, k, true);
    }

    @ParameterizedTest(name = "{0}, output {1}, truncation K = {2}")
    @MethodSource("cellsModesAndTruncation")
    void paddingAnywhereWithTruncationEqualsSequencesAlone(GradientCheckTest.Cell cell, OutputMode mode, int k) {
        compareWithSequencesAlone(cell, mode, SCATTERED, k, false);
    }

    /**
     * Runs the padded batch (real[b][t] = 1 for real steps; padding filled with large values that must not matter)
     * and each sequence alone (its real steps only, contiguous, no mask), with the loss L = Σ coeff · pred over
     * real prediction rows, and compares predictions, dL/dx and every parameter gradient (summed over sequences).
     */
    private static void compareWithSequencesAlone(GradientCheckTest.Cell cell, OutputMode mode, int[][] real,
                                                  int truncate, boolean bidirectional) {
        ModelSpec spec = new ModelSpec(cell.type(), cell.activation(), cell.variant(), INPUTS, new int[] {5, 4},
                OUTPUTS, mode, 0.0, bidirectional);
        RecurrentModel model = NetFixture.model(spec, 31);
        int batch = real.length;
        int steps = real[0].length;
        int[] len = new int[batch];
        int[][] position = new int[batch][steps]; // t → index among the sequence's real steps (−1: padding)
        double[] mask = new double[steps * batch];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                position[b][t] = real[b][t] == 1 ? len[b]++ : -1;
                mask[t * batch + b] = real[b][t];
            }
        }
        Rng rng = new Rng(32);
        double[][] seqs = new double[batch][];
        for (int b = 0; b < batch; b++) {
            seqs[b] = NetFixture.uniform(len[b] * INPUTS, rng);
        }
        double[][] coeff = new double[batch][];
        for (int b = 0; b < batch; b++) {
            coeff[b] = NetFixture.uniform((mode == OutputMode.SEQUENCE ? len[b] : 1) * OUTPUTS, rng);
        }
        double[] x = new double[steps * batch * INPUTS];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < INPUTS; i++) {
                    int p = position[b][t];
                    x[(t * batch + b) * INPUTS + i] = p >= 0 ? seqs[b][p * INPUTS + i] : 1e3 * (i + 1);
                }
            }
        }
        SequenceInput padded = SequenceInput.masked(x, mask, batch, steps, INPUTS);

        model.parameters().zeroGrad();
        double[] pred = model.forward(padded, false, false).clone();
        double[] dPred = new double[model.predictionRows(padded) * OUTPUTS];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                int p = position[b][t];
                if (mode == OutputMode.SEQUENCE && p >= 0) {
                    System.arraycopy(coeff[b], p * OUTPUTS, dPred, (t * batch + b) * OUTPUTS, OUTPUTS);
                }
            }
            if (mode == OutputMode.LAST) {
                System.arraycopy(coeff[b], 0, dPred, b * OUTPUTS, OUTPUTS);
            }
        }
        model.backward(dPred, truncate, true);
        List<double[]> batchGrads = grads(model);
        double[] batchDx = model.inputGradient().clone();

        List<double[]> sum = null;
        for (int b = 0; b < batch; b++) {
            SequenceInput alone = SequenceInput.of(seqs[b], 1, len[b], INPUTS);
            model.parameters().zeroGrad();
            double[] p = model.forward(alone, false, false);
            for (int t = 0; t < steps; t++) {
                int q = position[b][t];
                if (mode == OutputMode.SEQUENCE && q < 0) {
                    continue;
                }
                if (mode == OutputMode.LAST && t > 0) {
                    break;
                }
                int row = mode == OutputMode.SEQUENCE ? t * batch + b : b;
                int aloneRow = mode == OutputMode.SEQUENCE ? q : 0;
                for (int o = 0; o < OUTPUTS; o++) {
                    double expected = p[aloneRow * OUTPUTS + o];
                    double actual = pred[row * OUTPUTS + o];
                    assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)),
                            "sequence " + b + " step " + t + " output " + o);
                }
            }
            model.backward(coeff[b], truncate, true);
            double[] dx = model.inputGradient();
            for (int t = 0; t < steps; t++) {
                int q = position[b][t];
                for (int i = 0; i < INPUTS; i++) {
                    double got = batchDx[(t * batch + b) * INPUTS + i];
                    double want = q >= 0 ? dx[q * INPUTS + i] : 0.0;
                    assertEquals(want, got, TOLERANCE * Math.max(1, Math.abs(want)), "dx seq " + b + " t " + t);
                }
            }
            List<double[]> g = grads(model);
            if (sum == null) {
                sum = g;
            } else {
                for (int k = 0; k < g.size(); k++) {
                    for (int i = 0; i < g.get(k).length; i++) {
                        sum.get(k)[i] += g.get(k)[i];
                    }
                }
            }
        }
        for (int k = 0; k < sum.size(); k++) {
            String name = model.parameters().list().get(k).name();
            double[] want = sum.get(k);
            double[] got = batchGrads.get(k);
            double scale = 0;
            for (double w : want) {
                scale = Math.max(scale, Math.abs(w));
            }
            assertTrue(scale > 0, name + " gradient is all zero");
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], TOLERANCE * Math.max(1, scale), name + "[" + i + "]");
            }
        }
    }

    private static List<double[]> grads(RecurrentModel m) {
        List<double[]> g = new ArrayList<>();
        for (Param p : m.parameters()) {
            g.add(p.grad.data.clone());
        }
        return g;
    }
}
