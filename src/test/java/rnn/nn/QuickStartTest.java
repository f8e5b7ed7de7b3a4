package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import rnn.random.Rng;

/**
 * {@link Compute#quickStart}: the plain-Java equivalents of the vector kernels and gate math give the vector
 * code's bits — predictions, input gradients and parameter gradients of every cell, in float and double, with
 * hidden sizes that exercise the cells' scalar tails (19) and the float/double split of a row's activations (24),
 * on one thread and on several — and {@link Compute#forJob} takes them for small jobs only.
 */
class QuickStartTest {

    static List<GateMathTest.Cell> cells() {
        return GateMathTest.cells();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void scalarEquivalentsGiveTheVectorCodesBits(GateMathTest.Cell cell) {
        for (Precision precision : Precision.values()) {
            for (int threads : new int[] {1, 2}) {
                Compute vector = new Compute(threads, precision);
                Compute quick = Compute.quickStart(threads, precision);
                assertTrue(vector.kernelName().startsWith("vector-"), vector.kernelName());
                assertEquals("scalar-fma-" + precision.name().toLowerCase(java.util.Locale.ROOT), quick.kernelName());
                assertTrue(quick.gateMath() instanceof ScalarGateMath, "plain-Java gate math");
                List<double[]> expected = ThreadSplitTest.run(cell, vector, 3);
                List<double[]> actual = ThreadSplitTest.run(cell, quick, 3);
                for (int k = 0; k < expected.size(); k++) {
                    assertArrayEquals(expected.get(k), actual.get(k),
                            cell + " " + precision + " " + threads + " threads, quantity " + k);
                }
            }
        }
    }

    /** σ and tanh, float32 and double, on special and extreme arguments: the same bits as the vector code. */
    @Test
    void activationsGiveTheVectorCodesBitsOnEveryArgument() {
        double[] x = arguments();
        for (Precision precision : Precision.values()) {
            GateMath vector;
            try (Compute c = new Compute(1, precision)) {
                vector = c.gateMath();
            }
            GateMath scalar = vector.scalarEquivalent();
            assertTrue(scalar instanceof ScalarGateMath);
            int n = x.length;
            double[] hv = new double[n];
            double[] hs = new double[n];
            assertEquals(n, vector.rnnForward(1, n, false, x.clone(), 0, hv, 0));
            assertEquals(n, scalar.rnnForward(1, n, false, x.clone(), 0, hs, 0));
            assertArrayEquals(hv, hs, "tanh " + precision);
            double[] gv = new double[3 * n];
            double[] gs = new double[3 * n];
            System.arraycopy(x, 0, gv, 0, n);
            System.arraycopy(x, 0, gs, 0, n);
            vector.gruClassicGates(1, n, gv, 0, new double[n], 0, new double[n]);
            scalar.gruClassicGates(1, n, gs, 0, new double[n], 0, new double[n]);
            assertArrayEquals(gv, gs, "sigmoid " + precision);
        }
    }

    @Test
    void smallJobsTakeThePlainJavaKernels() {
        ModelSpec spec = new ModelSpec(CellType.GRU, Activation.TANH, GruVariant.CLASSIC, 1, new int[] {64}, 1,
                OutputMode.LAST, 0.0);
        // an RNN [16] on 16 inputs: 16·(16 + 16) = 2^9 multiply-adds per row and step; the limit is 2^29
        assertEquals(1L << 29, Compute.QUICK_START_MAX_WORK);
        ModelSpec rnn = new ModelSpec(CellType.RNN, Activation.TANH, GruVariant.CLASSIC, 16, new int[] {16}, 1,
                OutputMode.LAST, 0.0);
        assertTrue(Compute.usesQuickStart(rnn, (1L << 20) - 1));
        assertTrue(!Compute.usesQuickStart(rnn, 1L << 20), "exactly the limit: the vector kernels");
        try (Compute small = Compute.forJob(1, Precision.FLOAT, spec, 289 * 20);
             Compute large = Compute.forJob(1, Precision.FLOAT, spec, 10_000_000L)) {
            assertEquals("scalar-fma-float", small.kernelName());
            assertTrue(large.kernelName().startsWith("vector-float"), large.kernelName());
        }
    }

    private static double[] arguments() {
        List<Double> xs = new ArrayList<>();
        for (double v = -60; v <= 60; v += 0.0173) {
            xs.add(v);
        }
        Rng rng = new Rng(5);
        for (int i = 0; i < 2000; i++) {
            xs.add((rng.nextDouble() - 0.5) * Math.pow(10, 8 * rng.nextDouble() - 6));
        }
        for (double v : new double[] {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, -1e-45, 1e-38, 8.99, 9.0, 9.01, 19.9, 20.0, 20.1, -20.1,
            86.9, 87.0, 87.1, -87.1, 707.9, 708.0, 708.1, -708.1, 745, -745, 1e300, -1e300, Double.MAX_VALUE}) {
            xs.add(v);
        }
        while (xs.size() % 64 != 0) {
            xs.add(0.5);
        }
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
