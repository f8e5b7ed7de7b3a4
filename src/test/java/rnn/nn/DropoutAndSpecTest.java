package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import rnn.random.Rng;

class DropoutAndSpecTest {

    private static ModelSpec spec(double dropout) {
        return new ModelSpec(CellType.LSTM, Activation.TANH, GruVariant.CLASSIC, 3, new int[] {8, 8}, 2,
                OutputMode.LAST, dropout);
    }

    @Test
    void inferenceIgnoresDropoutAndTrainingAppliesIt() {
        RecurrentModel plain = NetFixture.model(spec(0.0), 1);
        RecurrentModel dropped = NetFixture.model(spec(0.5), 1);
        double[] x = NetFixture.uniform(4 * 2 * 3, new Rng(2));
        SequenceInput in = SequenceInput.of(x, 2, 4, 3);
        double[] a = plain.forward(in, false, false).clone();
        assertArrayEquals(a, dropped.forward(in, false, false).clone(), "dropout is off at inference");
        dropped.resampleDropout(4, 2, new Rng(3));
        double[] t1 = dropped.forward(in, true, false).clone();
        assertFalse(Arrays.equals(a, t1), "dropout changes the training forward");
        assertArrayEquals(t1, dropped.forward(in, true, false), "masks stay fixed until resampled");
    }

    /**
     * Inverted dropout by hand: layer 0's undropped outputs h, each unit kept when its draw from the Rng is below
     * 1 − p (the documented draw order: unit by unit of the (T·B)×H block) and then scaled by 1/(1 − p), fed to a
     * separate one-layer model holding layer 1's and the head's weights, give the dropped model's training output.
     */
    @Test
    void droppedForwardEqualsHandWrittenInvertedDropout() {
        final double p = 0.4;
        final int batch = 2;
        final int steps = 4;
        final int inputs = 3;
        RecurrentModel dropped = NetFixture.model(new ModelSpec(CellType.LSTM, Activation.TANH, GruVariant.CLASSIC,
                inputs, new int[] {8, 6}, 2, OutputMode.LAST, p), 5);
        SequenceInput in = SequenceInput.of(NetFixture.uniform(steps * batch * inputs, new Rng(6)), batch, steps,
                inputs);
        dropped.forward(in, false, false);
        SequenceLayer bottom = dropped.layers().get(0);
        double[] h = Arrays.copyOfRange(bottom.output(), bottom.outputOffset(),
                bottom.outputOffset() + steps * batch * 8);
        Rng draws = new Rng(7);
        double[] d = new double[h.length];
        int kept = 0;
        for (int i = 0; i < h.length; i++) {
            if (draws.nextDouble() < 1 - p) {
                d[i] = h[i] / (1 - p);
                kept++;
            }
        }
        assertTrue(kept > 0 && kept < h.length, "the mask keeps some units and drops others");

        RecurrentModel upper = new RecurrentModel(new ModelSpec(CellType.LSTM, Activation.TANH, GruVariant.CLASSIC,
                8, new int[] {6}, 2, OutputMode.LAST, 0.0), Compute.singleThreaded());
        List<Param> from = dropped.parameters().list();
        List<Param> to = upper.parameters().list();
        for (int k = 0; k < to.size(); k++) {
            Param src = from.get(from.size() - to.size() + k);
            assertEquals(to.get(k).name().replace("layers.0.", "layers.1."), src.name());
            System.arraycopy(src.value.data, 0, to.get(k).value.data, 0, src.size());
        }
        double[] expected = upper.forward(SequenceInput.of(d, batch, steps, 8), false, false).clone();

        dropped.resampleDropout(steps, batch, new Rng(7));
        double[] actual = dropped.forward(in, true, false);
        assertArrayEquals(expected, Arrays.copyOf(actual, expected.length), 1e-12);
    }

    @Test
    void trainingForwardWithoutMasksIsRefused() {
        RecurrentModel m = NetFixture.model(spec(0.3), 1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> m.forward(SequenceInput.of(new double[3 * 2 * 3], 2, 3, 3), true, false));
        assertEquals("dropout masks were drawn for T=-1, B=-1 but the batch has T=3, B=2: call resampleDropout first",
                e.getMessage());
    }

    @Test
    void specValidationMessages() {
        IllegalArgumentException relu = assertThrows(IllegalArgumentException.class, () -> new ModelSpec(CellType.GRU,
                Activation.RELU, GruVariant.CLASSIC, 1, new int[] {4}, 1, OutputMode.LAST, 0));
        assertEquals("activation relu: only the simple RNN cell takes an activation; gru uses fixed "
                + "sigmoid and tanh gates", relu.getMessage());
        IllegalArgumentException hidden = assertThrows(IllegalArgumentException.class, () -> new ModelSpec(
                CellType.RNN, Activation.TANH, GruVariant.CLASSIC, 1, new int[] {4, 0}, 1, OutputMode.LAST, 0));
        assertEquals("hidden sizes: expected positive integers, got [4, 0]", hidden.getMessage());
        IllegalArgumentException drop = assertThrows(IllegalArgumentException.class, () -> new ModelSpec(
                CellType.RNN, Activation.TANH, GruVariant.CLASSIC, 1, new int[] {4}, 1, OutputMode.LAST, 1.0));
        assertEquals("dropout: expected a probability in [0, 1), got 1.0", drop.getMessage());
    }

    @Test
    void parameterNamesAndShapesArePyTorchs() {
        RecurrentModel m = new RecurrentModel(new ModelSpec(CellType.GRU, Activation.TANH, GruVariant.RESET_AFTER, 3,
                new int[] {5, 4}, 2, OutputMode.LAST, 0), Compute.singleThreaded());
        String listed = m.parameters().list().toString();
        assertEquals("[layers.0.weight_ih_l0[15, 3], layers.0.weight_hh_l0[15, 5], layers.0.bias_ih_l0[15], "
                + "layers.0.bias_hh_l0[15], layers.1.weight_ih_l0[12, 5], layers.1.weight_hh_l0[12, 4], "
                + "layers.1.bias_ih_l0[12], layers.1.bias_hh_l0[12], head.weight[2, 4], head.bias[2]]", listed);
        assertEquals(15 * 3 + 15 * 5 + 30 + 12 * 5 + 12 * 4 + 24 + 8 + 2, m.parameters().count());
    }
}
