package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

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
