package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import rnn.random.Rng;

/**
 * {@link Compute#warmStart}: a job starts on the plain-Java kernels, switches to the vector kernels between two
 * steps once {@link KernelWarmup} has compiled them (the one-thread twins of a bidirectional layer with it), and
 * its parameters after any number of steps are the bits of a job that ran the vector kernels throughout; the rule
 * that decides which jobs warm-start.
 */
class WarmStartTest {

    /** Steps before the test gives up waiting for the switch (the warm-up needs about 50 passes of a tiny twin). */
    private static final int MAX_STEPS = 20_000;
    private static final int STEPS_AFTER_SWITCH = 3;

    static List<GateMathTest.Cell> cells() {
        return GateMathTest.cells();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void switchingMidJobGivesTheVectorKernelsBits(GateMathTest.Cell cell) {
        for (boolean bidirectional : new boolean[] {false, true}) {
            int threads = bidirectional ? 2 : 1;
            ModelSpec spec = spec(cell, bidirectional);
            Compute warm = Compute.warmStart(threads, Precision.FLOAT, spec, 6, 1000);
            assertTrue(warm.warming(), "a small job on a machine with 2+ processors starts warming");
            assertEquals("scalar-fma-float", warm.kernelName());
            Run started = train(spec, warm, -1);
            assertTrue(started.switchedAt >= 1, "at least one step ran on the plain-Java kernels");
            assertTrue(started.switchedAt < MAX_STEPS, "the kernels were switched");
            Run vector = train(spec, new Compute(threads, Precision.FLOAT), started.steps);
            assertEquals(started.steps, vector.steps);
            for (int k = 0; k < vector.values.size(); k++) {
                assertArrayEquals(vector.values.get(k), started.values.get(k),
                        cell + (bidirectional ? " bidirectional" : "") + ", quantity " + k);
            }
        }
    }

    @Test
    void theTwinsOfABidirectionalLayerSwitchWithTheirParent() {
        ModelSpec spec = spec(GateMathTest.cells().get(2), true);
        try (Compute warm = Compute.warmStart(2, Precision.FLOAT, spec, 6, 1000)) {
            Compute twin = warm.oneThreadTwin();
            assertEquals("scalar-fma-float", twin.kernelName());
            awaitSwitch(warm);
            assertTrue(warm.kernelName().startsWith("vector-float"), warm.kernelName());
            assertTrue(twin.kernelName().startsWith("vector-float"), "the twin switched too: " + twin.kernelName());
            assertTrue(twin.gateMath() instanceof VectorGateMath, "and its gate math");
            assertFalse(warm.warming());
            assertFalse(warm.upgradeIfWarm(), "one switch only");
        }
    }

    @Test
    void theWarmupRunsTheTwinUntilItsPassesSettle() {
        ModelSpec spec = spec(GateMathTest.cells().get(4), false);
        KernelWarmup w = KernelWarmup.start(spec, Precision.FLOAT, 30);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!w.isWarm() && System.nanoTime() < deadline) {
            pause();
        }
        assertTrue(w.isWarm());
        assertNull(w.failure(), "the twin ran without an error");
        assertTrue(w.passes() >= KernelWarmup.MIN_PASSES && w.passes() <= KernelWarmup.MAX_PASSES, "" + w.passes());
    }

    @Test
    void smallJobsOnTwoProcessorsWarmStartOthersDoNot() {
        ModelSpec gru = new ModelSpec(CellType.GRU, Activation.TANH, GruVariant.RESET_AFTER, 1, new int[] {64}, 1,
                OutputMode.LAST, 0.0);
        // the README example: 20 epochs of 231 training and 58 validation windows of 20 steps
        long readme = 20L * (3 * 231 + 58) * 20;
        assertTrue(Compute.usesWarmStart(gru, readme, 2));
        assertFalse(Compute.usesWarmStart(gru, readme, 1), "no processor to spare for the warm-up");
        long perRowStep = 3 * 64 * (1 + 64);
        assertEquals(perRowStep, Compute.weightsPerRowStep(gru));
        long limit = Compute.JOB_PARALLEL_MIN_WORK / perRowStep;
        assertTrue(Compute.usesWarmStart(gru, limit, 2));
        assertFalse(Compute.usesWarmStart(gru, limit + 1, 2), "a job of 2^36 multiply-adds runs vector from the start");
        ModelSpec wide = new ModelSpec(CellType.LSTM, Activation.TANH, GruVariant.CLASSIC, 1, new int[] {1024}, 1,
                OutputMode.LAST, 0.0);
        assertTrue(Compute.weightsPerRowStep(wide) > Compute.WARM_START_MAX_PARAMETERS);
        assertFalse(Compute.usesWarmStart(wide, 10, 2), "too many weights for a second copy in the twin");
        try (Compute big = Compute.warmStart(1, Precision.FLOAT, gru, 20, 1L << 40)) {
            assertFalse(big.warming());
            assertTrue(big.kernelName().startsWith("vector-float"), big.kernelName());
            assertFalse(big.upgradeIfWarm());
        }
    }

    private static ModelSpec spec(GateMathTest.Cell cell, boolean bidirectional) {
        return new ModelSpec(cell.type(), cell.activation(), cell.variant(), 3, new int[] {19, 8}, 2, OutputMode.LAST,
                0.0, 0.0, bidirectional);
    }

    private static void awaitSwitch(Compute compute) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!compute.upgradeIfWarm()) {
            assertTrue(System.nanoTime() < deadline, "the warm-up ended within two minutes");
            pause();
        }
    }

    /** Polls a condition without taking the warm-up's processor. */
    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private record Run(int steps, int switchedAt, List<double[]> values) {
    }

    /**
     * Plain SGD steps on a fixed masked batch: {@code steps} of them, or (steps < 0) until the kernels were
     * switched plus {@value #STEPS_AFTER_SWITCH}. Returns the parameters and the last predictions.
     */
    private static Run train(ModelSpec spec, Compute computeToClose, int steps) {
        int batch = 9;
        int T = 6;
        Rng rng = new Rng(31);
        double[] x = NetFixture.uniform(T * batch * spec.inputSize(), rng);
        double[] mask = NetFixture.mask(new int[] {6, 2, 5, 6, 1, 4, 6, 3, 6}, T);
        SequenceInput in = new SequenceInput(x, 0, mask, 0, batch, T, spec.inputSize());
        double[] y = NetFixture.targets(Loss.MSE, batch, spec.outputs(), rng);
        double[] dPred = new double[batch * spec.outputs()];
        try (Compute compute = computeToClose) {
            RecurrentModel m = new RecurrentModel(spec, compute);
            m.initialize(new Rng(4));
            int switchedAt = MAX_STEPS;
            double[] pred = null;
            int s = 0;
            while (steps >= 0 ? s < steps : s < Math.min(MAX_STEPS, switchedAt + STEPS_AFTER_SWITCH)) {
                if (compute.upgradeIfWarm()) {
                    switchedAt = s;
                }
                pred = m.forward(in, true, false).clone();
                Loss.MSE.evaluate(pred, y, null, batch, spec.outputs(), dPred);
                m.parameters().zeroGrad();
                m.backward(dPred, 0, false);
                for (Param p : m.parameters()) {
                    double[] w = p.value.data;
                    double[] g = p.grad.data;
                    for (int i = 0; i < w.length; i++) {
                        w[i] -= 0.01 * g[i];
                    }
                }
                s++;
            }
            List<double[]> values = new ArrayList<>();
            values.add(pred);
            for (Param p : m.parameters()) {
                values.add(p.value.data.clone());
            }
            return new Run(s, switchedAt, values);
        }
    }
}
