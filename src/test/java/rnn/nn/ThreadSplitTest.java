package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import rnn.random.Rng;

/**
 * Every way of splitting the work among threads — time steps by rows of the batch, multiplies by blocks or panels —
 * gives the same bits as one thread: for every cell, odd sizes (scalar tails, partial blocks), padded sequences,
 * truncation, sequence output, in float and double, with the split thresholds at zero so that everything splits.
 */
class ThreadSplitTest {

    static List<GateMathTest.Cell> cells() {
        return GateMathTest.cells();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void splitStepsAndMultipliesAreBitIdentical(GateMathTest.Cell cell) {
        for (Precision precision : Precision.values()) {
            List<double[]> one = run(cell, precision, 1, 3);
            for (int threads : new int[] {2, 3}) {
                List<double[]> many = run(cell, precision, threads, 3);
                for (int k = 0; k < one.size(); k++) {
                    assertArrayEquals(one.get(k), many.get(k),
                            cell + " " + precision + " quantity " + k + " with " + threads + " threads");
                }
            }
        }
    }

    /** The same with recurrent dropout in training: the masks are applied row by row, in each thread's rows. */
    @ParameterizedTest(name = "{0}, recurrent dropout")
    @MethodSource("cells")
    void recurrentDropoutIsBitIdenticalForAnyThreadCount(GateMathTest.Cell cell) {
        List<double[]> one = run(cell, compute(1, Precision.DOUBLE), 3, 0.3, false, OutputMode.LAST);
        for (int threads : new int[] {2, 3}) {
            List<double[]> many = run(cell, compute(threads, Precision.DOUBLE), 3, 0.3, false, OutputMode.LAST);
            for (int k = 0; k < one.size(); k++) {
                assertArrayEquals(one.get(k), many.get(k), cell + " quantity " + k + " with " + threads + " threads");
            }
        }
    }

    /**
     * Bidirectional layers: with two threads or more the two directions run at the same time, each on a one-thread
     * twin of the Compute; with one, one after the other. The same bits either way, for both outputs, with and
     * without recurrent dropout.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void bidirectionalDirectionsInParallelAreBitIdentical(GateMathTest.Cell cell) {
        for (OutputMode mode : OutputMode.values()) {
            for (Precision precision : Precision.values()) {
                for (double recurrentDropout : new double[] {0.0, 0.3}) {
                    List<double[]> one = run(cell, compute(1, precision), 3, recurrentDropout, true, mode);
                    for (int threads : new int[] {2, 3}) {
                        List<double[]> many = run(cell, compute(threads, precision), 3, recurrentDropout, true, mode);
                        for (int k = 0; k < one.size(); k++) {
                            assertArrayEquals(one.get(k), many.get(k), cell + " bidirectional " + mode + " "
                                    + precision + " recurrent dropout " + recurrentDropout + " quantity " + k
                                    + " with " + threads + " threads");
                        }
                    }
                }
            }
        }
    }

    private static Compute compute(int threads, Precision precision) {
        return Compute.withSplitThresholds(threads, precision, true, 0, 0);
    }

    private static List<double[]> run(GateMathTest.Cell cell, Precision precision, int threads, int truncate) {
        return run(cell, compute(threads, precision), truncate);
    }

    /**
     * Predictions, input gradient and parameter gradients of a masked, truncated forward and backward on
     * {@code compute} (closed here).
     */
    static List<double[]> run(GateMathTest.Cell cell, Compute computeToClose, int truncate) {
        return run(cell, computeToClose, truncate, 0.0, false, OutputMode.LAST);
    }

    /**
     * The same, in training with recurrent dropout p (its masks drawn from a fixed seed) when p > 0, with
     * bidirectional layers when asked, the head on the last step or on every step.
     */
    private static List<double[]> run(GateMathTest.Cell cell, Compute computeToClose, int truncate,
                                      double recurrentDropout, boolean bidirectional, OutputMode mode) {
        int batch = 11;
        int steps = 7;
        int inputs = 5;
        ModelSpec spec = new ModelSpec(cell.type(), cell.activation(), cell.variant(), inputs, new int[] {19, 24}, 3,
                mode, 0.0, recurrentDropout, bidirectional);
        Rng rng = new Rng(77);
        boolean training = recurrentDropout > 0;
        double[] x = NetFixture.uniform(steps * batch * inputs, rng);
        double[] mask = NetFixture.mask(new int[] {7, 3, 5, 7, 1, 6, 7, 2, 4, 7, 7}, steps);
        SequenceInput in = new SequenceInput(x, 0, mask, 0, batch, steps, inputs);
        int rows = mode == OutputMode.SEQUENCE ? steps * batch : batch;
        double[] y = NetFixture.targets(Loss.MSE, rows, 3, rng);
        try (Compute compute = computeToClose) {
            RecurrentModel m = new RecurrentModel(spec, compute);
            m.initialize(new Rng(6));
            m.resampleRecurrentDropout(batch, new Rng(8));
            double[] dPred = new double[rows * 3];
            List<double[]> out = new ArrayList<>();
            for (int tb : new int[] {0, truncate}) {
                double[] pred = m.forward(in, training, false).clone();
                Loss.MSE.evaluate(pred, y, null, rows, 3, dPred);
                m.parameters().zeroGrad();
                m.backward(dPred, tb, true);
                out.add(pred);
                out.add(m.inputGradient().clone());
                for (Param p : m.parameters()) {
                    out.add(p.grad.data.clone());
                }
            }
            // and unmasked (the backward fast path)
            SequenceInput plain = SequenceInput.of(x, batch, steps, inputs);
            out.add(m.forward(plain, training, false).clone());
            m.parameters().zeroGrad();
            m.backward(dPred, 0, true);
            for (Param p : m.parameters()) {
                out.add(p.grad.data.clone());
            }
            return out;
        }
    }
}
