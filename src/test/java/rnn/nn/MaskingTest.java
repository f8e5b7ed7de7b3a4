package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import rnn.random.Rng;

/**
 * Padding and masking (DESIGN §1): sequences of lengths 3, 7 and 12 in one padded batch give the same
 * outputs and the same gradients as each sequence alone.
 */
class MaskingTest {

    private static final int[] LENGTHS = {3, 7, 12};
    private static final int INPUTS = 3;
    private static final int OUTPUTS = 2;
    private static final double TOLERANCE = 1e-12;

    static Stream<Arguments> cellsAndModes() {
        List<Arguments> a = new ArrayList<>();
        for (GradientCheckTest.Cell c : GradientCheckTest.CELLS) {
            for (OutputMode m : OutputMode.values()) {
                a.add(Arguments.of(c, m));
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0}, output {1}")
    @MethodSource("cellsAndModes")
    void paddedBatchEqualsSequencesAlone(GradientCheckTest.Cell cell, OutputMode mode) {
        ModelSpec spec = new ModelSpec(cell.type(), cell.activation(), cell.variant(), INPUTS, new int[] {5, 4},
                OUTPUTS, mode, 0.0);
        RecurrentModel model = NetFixture.model(spec, 31);
        int batch = LENGTHS.length;
        int steps = 12;
        Rng rng = new Rng(32);
        // each sequence's own values; padding filled with garbage that must not matter
        double[][] seqs = new double[batch][];
        for (int b = 0; b < batch; b++) {
            seqs[b] = NetFixture.uniform(LENGTHS[b] * INPUTS, rng);
        }
        double[][] coeff = new double[batch][];
        for (int b = 0; b < batch; b++) {
            coeff[b] = NetFixture.uniform((mode == OutputMode.SEQUENCE ? LENGTHS[b] : 1) * OUTPUTS, rng);
        }
        double[] x = new double[steps * batch * INPUTS];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < INPUTS; i++) {
                    x[(t * batch + b) * INPUTS + i] = t < LENGTHS[b] ? seqs[b][t * INPUTS + i] : 1e3 * (i + 1);
                }
            }
        }
        SequenceInput padded = SequenceInput.masked(x, NetFixture.mask(LENGTHS, steps), batch, steps, INPUTS);

        // batch: L = Σ coeff · pred over real rows
        model.parameters().zeroGrad();
        double[] pred = model.forward(padded, false, false).clone();
        double[] dPred = new double[model.predictionRows(padded) * OUTPUTS];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < (mode == OutputMode.SEQUENCE ? LENGTHS[b] : 1); t++) {
                int row = mode == OutputMode.SEQUENCE ? t * batch + b : b;
                System.arraycopy(coeff[b], t * OUTPUTS, dPred, row * OUTPUTS, OUTPUTS);
            }
        }
        model.backward(dPred, 0, true);
        List<double[]> batchGrads = grads(model);
        double[] batchDx = model.inputGradient().clone();

        // alone: the same functional per sequence, gradients summed
        List<double[]> sum = null;
        for (int b = 0; b < batch; b++) {
            int len = LENGTHS[b];
            SequenceInput alone = SequenceInput.of(seqs[b], 1, len, INPUTS);
            model.parameters().zeroGrad();
            double[] p = model.forward(alone, false, false);
            for (int t = 0; t < (mode == OutputMode.SEQUENCE ? len : 1); t++) {
                int row = mode == OutputMode.SEQUENCE ? t * batch + b : b;
                for (int o = 0; o < OUTPUTS; o++) {
                    double expected = p[t * OUTPUTS + o];
                    double actual = pred[row * OUTPUTS + o];
                    assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)),
                            "sequence " + b + " step " + t + " output " + o);
                }
            }
            model.backward(coeff[b], 0, true);
            double[] dx = model.inputGradient();
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < INPUTS; i++) {
                    double got = batchDx[(t * batch + b) * INPUTS + i];
                    double want = t < len ? dx[t * INPUTS + i] : 0.0;
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
