package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import rnn.random.Rng;

/**
 * The head of a {@code --horizon 1..H} model (issue 12 item 1): O targets × H steps = O·H outputs on the last step,
 * step-major. Its gradients (every parameter and every input) against central finite differences in double
 * precision, through the same code training runs, and its loss: the mean of the squared errors over every output of
 * every row, computed here by hand.
 */
class MultiOutputHeadTest {

    /** 2 targets × 6 steps = 12 outputs, each cell, two layers, masked lengths. */
    @ParameterizedTest(name = "{0}, 2 targets × 6 steps")
    @MethodSource("rnn.nn.GradientCheckTest#cells")
    void gradientsOfAWideHeadMatchFiniteDifferences(GradientCheckTest.Cell cell) {
        ModelSpec spec = new ModelSpec(cell.type(), cell.activation(), cell.variant(), 3, new int[] {5, 4}, 2 * 6,
                OutputMode.LAST, 0.0);
        GradientCheckTest.check(spec, cell + " 12 outputs", Loss.MSE, 3, 5, NetFixture.mask(new int[] {5, 3, 4}, 5),
                21);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rnn.nn.GradientCheckTest#cells")
    void theLossIsTheMeanOverEveryOutput(GradientCheckTest.Cell cell) {
        int batch = 4;
        int outputs = 3 * 4;
        ModelSpec spec = new ModelSpec(cell.type(), cell.activation(), cell.variant(), 2, new int[] {3}, outputs,
                OutputMode.LAST, 0.0);
        RecurrentModel model = NetFixture.model(spec, 5);
        Rng rng = new Rng(6);
        double[] x = NetFixture.uniform(6 * batch * 2, rng);
        SequenceInput in = new SequenceInput(x, 0, null, 0, batch, 6, 2);
        double[] pred = model.forward(in, false, false).clone();
        double[] y = NetFixture.targets(Loss.MSE, batch, outputs, rng);
        double sum = 0;
        for (int i = 0; i < batch * outputs; i++) {
            sum += (pred[i] - y[i]) * (pred[i] - y[i]);
        }
        assertEquals(sum / (batch * outputs), Loss.MSE.evaluate(pred, y, null, batch, outputs, null), 1e-12);
    }
}
