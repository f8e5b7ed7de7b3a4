package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import rnn.random.Rng;

/**
 * Recurrent (variational) dropout against a hand-written loop: the mask drawn as documented, applied to h_{t−1}
 * where it enters the recurrent multiply, the same mask at every step, the GRU's blend and padded steps on the
 * unmasked state; and no mask outside training. H = 9: the vectorised gate math (8 lanes or 2 × 4) and a scalar
 * tail.
 */
class RecurrentDropoutTest {

    private static final int B = 4;
    private static final int T = 6;
    private static final int I = 3;
    private static final int H = 9;
    private static final double P = 0.4;
    private static final int[] LENGTHS = {6, 2, 4, 5};

    static java.util.List<GradientCheckTest.Cell> cells() {
        return GradientCheckTest.CELLS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void trainingForwardEqualsAHandWrittenLoopWithOneMaskPerSequence(GradientCheckTest.Cell cell) {
        RecurrentModel model = model(cell, P);
        SequenceInput in = input();
        model.resampleRecurrentDropout(B, new Rng(5));
        RecurrentLayer layer = (RecurrentLayer) model.layers().get(0);
        double[] mask = layer.recurrentMask().clone();
        assertArrayEquals(expectedMask(new Rng(5)), java.util.Arrays.copyOf(mask, B * H), "the mask as documented");

        model.forward(in, true, false);
        double[][][] ref = reference(cell, model, in, mask);
        assertOutputs(ref, layer, in, cell + " in training");

        // a second forward without a new draw reuses the mask; a forward outside training uses none
        model.forward(in, true, false);
        assertOutputs(ref, layer, in, cell + " second forward");
        model.forward(in, false, false);
        double[] ones = new double[B * H];
        java.util.Arrays.fill(ones, 1.0);
        assertOutputs(reference(cell, model, in, ones), layer, in, cell + " not in training");
    }

    /** The mask changes the training forward (so the test above tests something), and only training. */
    @Test
    void predictionsOutsideTrainingAreThoseOfTheModelWithoutRecurrentDropout() {
        GradientCheckTest.Cell cell = GradientCheckTest.CELLS.get(3);
        RecurrentModel with = model(cell, P);
        RecurrentModel without = model(cell, 0.0);
        SequenceInput in = input();
        double[] plain = without.forward(in, false, false).clone();
        assertArrayEquals(plain, with.forward(in, false, false), "before any draw");
        with.resampleRecurrentDropout(B, new Rng(9));
        double[] trained = with.forward(in, true, false).clone();
        assertFalse(java.util.Arrays.equals(plain, trained), "the mask applies in training");
        assertArrayEquals(plain, with.forward(in, false, false), "after a draw, outside training");
    }

    @Test
    void aTrainingForwardNeedsMasksOfItsBatchSize() {
        RecurrentModel model = model(GradientCheckTest.CELLS.get(4), P);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> model.forward(input(), true, false));
        assertEquals("recurrent dropout masks were drawn for B=-1 but the batch has B=4: call "
                + "resampleRecurrentDropout first", e.getMessage());
        model.resampleRecurrentDropout(B + 1, new Rng(1));
        assertThrows(IllegalStateException.class, () -> model.forward(input(), true, false));
    }

    @Test
    void noRecurrentDropoutDrawsNothing() {
        RecurrentModel model = model(GradientCheckTest.CELLS.get(0), 0.0);
        Rng rng = new Rng(3);
        long before = rng.state();
        model.resampleRecurrentDropout(B, rng);
        assertEquals(before, rng.state());
    }

    private static double[] expectedMask(Rng rng) {
        double[] m = new double[B * H];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextDouble() < 1 - P ? 1 / (1 - P) : 0.0;
        }
        return m;
    }

    private static RecurrentModel model(GradientCheckTest.Cell cell, double p) {
        ModelSpec spec = new ModelSpec(cell.type(), cell.activation(), cell.variant(), I, new int[] {H}, 2,
                OutputMode.SEQUENCE, 0.0, p);
        return NetFixture.model(spec, 41);
    }

    private static SequenceInput input() {
        double[] x = NetFixture.uniform(T * B * I, new Rng(42));
        return new SequenceInput(x, 0, NetFixture.mask(LENGTHS, T), 0, B, T, I);
    }

    private static void assertOutputs(double[][][] ref, RecurrentLayer layer, SequenceInput in, String what) {
        double[] out = layer.output();
        int off = layer.outputOffset();
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                if (!in.isReal(t, b)) {
                    continue;
                }
                for (int j = 0; j < H; j++) {
                    assertEquals(ref[b][t][j], out[off + (t * B + b) * H + j], 1e-12,
                            what + ": h at t=" + t + ", b=" + b + ", j=" + j);
                }
            }
        }
        double[] fin = layer.finalState();
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < H; j++) {
                assertEquals(ref[b][LENGTHS[b] - 1][j], fin[b * H + j], 1e-12, what + ": final state of " + b);
            }
        }
    }

    /** h of every sequence and step by plain loops over the layer's weights, the same mask row at every step. */
    private static double[][][] reference(GradientCheckTest.Cell cell, RecurrentModel model, SequenceInput in,
                                          double[] mask) {
        Map<String, double[]> w = new HashMap<>();
        for (Param p : model.parameters()) {
            w.put(p.name().replace("layers.0.", ""), p.value.data);
        }
        int g = switch (cell.type()) {
            case RNN -> 1;
            case GRU -> 3;
            case LSTM -> 4;
        };
        double[] wIh = w.get("weight_ih_l0");
        double[] wHh = w.get("weight_hh_l0");
        double[] bIh = w.get("bias_ih_l0");
        double[] bHh = w.getOrDefault("bias_hh_l0", new double[g * H]);
        double[][][] h = new double[B][T][H];
        for (int b = 0; b < B; b++) {
            double[] hp = new double[H];
            double[] cp = new double[H];
            for (int t = 0; t < T; t++) {
                if (!in.isReal(t, b)) {
                    h[b][t] = hp.clone();
                    continue;
                }
                double[] hm = new double[H];
                for (int j = 0; j < H; j++) {
                    hm[j] = hp[j] * mask[b * H + j];
                }
                double[] gx = new double[g * H];
                double[] gh = new double[g * H];
                for (int r = 0; r < g * H; r++) {
                    gx[r] = bIh[r];
                    for (int k = 0; k < I; k++) {
                        gx[r] += wIh[r * I + k] * in.x()[(t * B + b) * I + k];
                    }
                    gh[r] = bHh[r];
                    for (int k = 0; k < H; k++) {
                        gh[r] += wHh[r * H + k] * hm[k];
                    }
                }
                double[] hn = new double[H];
                for (int j = 0; j < H; j++) {
                    switch (cell.type()) {
                        case RNN -> hn[j] = cell.activation() == Activation.RELU ? Math.max(0, gx[j] + gh[j])
                                : Math.tanh(gx[j] + gh[j]);
                        case LSTM -> {
                            double i = sig(gx[j] + gh[j]);
                            double f = sig(gx[H + j] + gh[H + j]);
                            double gg = Math.tanh(gx[2 * H + j] + gh[2 * H + j]);
                            double o = sig(gx[3 * H + j] + gh[3 * H + j]);
                            cp[j] = f * cp[j] + i * gg;
                            hn[j] = o * Math.tanh(cp[j]);
                        }
                        case GRU -> {
                            double r = sig(gx[j] + gh[j]);
                            double u = sig(gx[H + j] + gh[H + j]);
                            double n;
                            if (cell.variant() == GruVariant.RESET_AFTER) {
                                n = Math.tanh(gx[2 * H + j] + r * gh[2 * H + j]);
                            } else {
                                // (r ⊙ h̃) W_hn: needs every r first
                                n = Double.NaN;
                            }
                            hn[j] = n;
                            gh[H + j] = u; // keep u for the classic pass below
                            gx[j] = r;
                        }
                    }
                }
                if (cell.type() == CellType.GRU && cell.variant() == GruVariant.CLASSIC) {
                    for (int j = 0; j < H; j++) {
                        double a = gx[2 * H + j];
                        for (int k = 0; k < H; k++) {
                            a += wHh[(2 * H + j) * H + k] * gx[k] * hm[k];
                        }
                        hn[j] = Math.tanh(a);
                    }
                }
                if (cell.type() == CellType.GRU) {
                    for (int j = 0; j < H; j++) {
                        double u = gh[H + j];
                        hn[j] = u * hp[j] + (1 - u) * hn[j];
                    }
                }
                hp = hn;
                h[b][t] = hn.clone();
            }
        }
        return h;
    }

    private static double sig(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
