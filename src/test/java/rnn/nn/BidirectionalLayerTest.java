package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import rnn.random.Rng;

/**
 * {@link BidirectionalLayer} against independent computations: the reverse direction by hand for a one-unit tanh
 * RNN, and for every cell a one-directional layer holding the reverse weights run over each sequence's real steps
 * reversed (the padded batch must agree with it at every real step, and the final state must be PyTorch's h_n).
 * The gradients are checked in {@link GradientCheckTest}, the contract in {@link SequenceLayerContractTest}.
 */
class BidirectionalLayerTest {

    private static final double EXACT = 1e-12;

    private static ModelSpec spec(GradientCheckTest.Cell c, int inputs, int hidden, boolean bidirectional) {
        return new ModelSpec(c.type(), c.activation(), c.variant(), inputs, new int[] {hidden}, 1, OutputMode.LAST,
                0.0, bidirectional);
    }

    private static SequenceLayer layer(ModelSpec spec) {
        return SequenceLayers.factory(spec).create(LayerNames.layer(0), spec.inputSize(), spec.hidden()[0], spec,
                Compute.singleThreaded());
    }

    @Test
    void parametersAreNamedAndOrderedAsPyTorchsBidirectionalModule() {
        SequenceLayer gru = layer(spec(GradientCheckTest.CELLS.get(3), 3, 4, true));
        assertEquals(List.of("layers.0.weight_ih_l0", "layers.0.weight_hh_l0", "layers.0.bias_ih_l0",
                "layers.0.bias_hh_l0", "layers.0.weight_ih_l0_reverse", "layers.0.weight_hh_l0_reverse",
                "layers.0.bias_ih_l0_reverse", "layers.0.bias_hh_l0_reverse"),
                gru.parameters().stream().map(Param::name).toList());
        assertEquals(List.of(12L, 3L), List.of((long) gru.parameters().get(4).shape()[0],
                (long) gru.parameters().get(4).shape()[1]));
        assertEquals(8, gru.outputSize());
        assertEquals(8, gru.finalStateSize());
    }

    /**
     * One tanh unit, one input, T = 3, the sequence's last step padded: by hand, the reverse direction reads x_1
     * then x_0 from zero (the padded step never enters it): r_1 = tanh(a·x_1 + c), r_0 = tanh(a·x_0 + w·r_1 + c)
     * with c = b_ih + b_hh; the forward direction f_0 = tanh(p·x_0 + d), f_1 = tanh(p·x_1 + u·f_0 + d).
     */
    @Test
    void reverseDirectionByHand() {
        SequenceLayer l = layer(spec(GradientCheckTest.CELLS.get(0), 1, 1, true));
        List<Param> ps = l.parameters();
        double p = 0.7;
        double u = -0.4;
        double d = 0.1 + 0.05;
        double a = -1.3;
        double w = 0.9;
        double c = -0.2 + 0.3;
        double[] values = {p, u, 0.1, 0.05, a, w, -0.2, 0.3};
        for (int i = 0; i < values.length; i++) {
            ps.get(i).value.data[0] = values[i];
        }
        double x0 = 0.5;
        double x1 = -0.8;
        l.forward(SequenceInput.masked(new double[] {x0, x1, 100.0}, new double[] {1, 1, 0}, 1, 3, 1), false);
        double r1 = Math.tanh(a * x1 + c);
        double r0 = Math.tanh(a * x0 + w * r1 + c);
        double f0 = Math.tanh(p * x0 + d);
        double f1 = Math.tanh(p * x1 + u * f0 + d);
        double[] out = l.output();
        int o = l.outputOffset();
        assertEquals(f0, out[o], EXACT, "fwd_0");
        assertEquals(r0, out[o + 1], EXACT, "rev_0");
        assertEquals(f1, out[o + 2], EXACT, "fwd_1");
        assertEquals(r1, out[o + 3], EXACT, "rev_1");
        double[] hn = l.finalState();
        assertEquals(f1, hn[0], EXACT, "h_n forward: the last real step");
        assertEquals(r0, hn[1], EXACT, "h_n reverse: the first step");
    }

    /**
     * Every cell: a padded batch (lengths 4, 2, 3 of T = 4) through the bidirectional layer against, for each
     * sequence alone, a one-directional layer with the forward weights over its real steps and one with the reverse
     * weights over its real steps reversed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rnn.nn.GradientCheckTest#cells")
    void reverseDirectionIsAOneDirectionalLayerOverTheReversedRealSteps(GradientCheckTest.Cell cell) {
        final int inputs = 2;
        final int hidden = 3;
        final int steps = 4;
        final int[] lengths = {4, 2, 3};
        final int batch = lengths.length;
        SequenceLayer bi = layer(spec(cell, inputs, hidden, true));
        Rng rng = new Rng(51);
        bi.initialize(rng);
        NetFixture.moveBiasesOffZero(bi.parameters(), rng);
        List<Param> ps = bi.parameters();
        int half = ps.size() / 2;
        SequenceLayer fwd = layer(spec(cell, inputs, hidden, false));
        SequenceLayer rev = layer(spec(cell, inputs, hidden, false));
        for (int i = 0; i < half; i++) {
            System.arraycopy(ps.get(i).value.data, 0, fwd.parameters().get(i).value.data, 0, ps.get(i).size());
            System.arraycopy(ps.get(half + i).value.data, 0, rev.parameters().get(i).value.data, 0,
                    ps.get(half + i).size());
        }
        double[] x = NetFixture.uniform(steps * batch * inputs, rng);
        double[] mask = NetFixture.mask(lengths, steps);
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 0) {
                java.util.Arrays.fill(x, i * inputs, (i + 1) * inputs, 1e3); // padding must not matter
            }
        }
        bi.forward(SequenceInput.masked(x, mask, batch, steps, inputs), false);
        double[] out = bi.output().clone();
        int off = bi.outputOffset();
        double[] hn = bi.finalState().clone();
        for (int b = 0; b < batch; b++) {
            int len = lengths[b];
            double[] seq = new double[len * inputs];
            double[] reversed = new double[len * inputs];
            for (int t = 0; t < len; t++) {
                System.arraycopy(x, (t * batch + b) * inputs, seq, t * inputs, inputs);
                System.arraycopy(x, (t * batch + b) * inputs, reversed, (len - 1 - t) * inputs, inputs);
            }
            fwd.forward(SequenceInput.of(seq, 1, len, inputs), false);
            rev.forward(SequenceInput.of(reversed, 1, len, inputs), false);
            for (int t = 0; t < len; t++) {
                for (int j = 0; j < hidden; j++) {
                    int at = off + (t * batch + b) * 2 * hidden;
                    assertEquals(fwd.output()[fwd.outputOffset() + t * hidden + j], out[at + j], EXACT,
                            "sequence " + b + " step " + t + " forward unit " + j);
                    assertEquals(rev.output()[rev.outputOffset() + (len - 1 - t) * hidden + j], out[at + hidden + j],
                            EXACT, "sequence " + b + " step " + t + " reverse unit " + j);
                }
            }
            double[] fFinal = fwd.finalState();
            double[] rFinal = rev.finalState();
            for (int j = 0; j < hidden; j++) {
                assertEquals(fFinal[j], hn[b * 2 * hidden + j], EXACT, "h_n forward of sequence " + b);
                assertEquals(rFinal[j], hn[b * 2 * hidden + hidden + j], EXACT, "h_n reverse of sequence " + b);
            }
        }
    }
}
