package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import rnn.random.Rng;

/**
 * The three multiply forms against EJML, on sub-blocks addressed by offset and leading dimension, for every kernel
 * set; bit-identical results for any thread split.
 */
class ComputeTest {

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @CsvSource({"1,1,1", "3,5,4", "64,96,33", "130,7,200"})
    void matchesEjmlOnSubBlocks(int m, int n, int k) {
        Operands o = new Operands(m, n, k, new Rng(m * 1000L + n * 10L + k));

        for (int threads : new int[] {1, 2}) {
            try (Compute compute = new Compute(threads)) {
                // operands embedded at an offset inside wider buffers (lead dims larger than the block)
                int pad = 3;
                double[] aw = embed(o.a(), pad);
                double[] bw = embed(o.bNt(), pad);
                double[] cw = new double[pad + m * (n + pad)];
                compute.mulNT(m, n, k, aw, pad, k + pad, bw, pad, k + pad, cw, pad, n + pad, false);
                assertBlock(o.nt(), cw, pad, n + pad, "NT threads=" + threads);

                double[] cnn = embed(o.c0(), pad);
                compute.mulNN(m, n, k, aw, pad, k + pad, embed(o.bNn(), pad), pad, n + pad, cnn, pad, n + pad, true);
                DMatrixRMaj accumulated = o.c0().copy();
                CommonOps_DDRM.addEquals(accumulated, o.nn());
                assertBlock(accumulated, cnn, pad, n + pad, "NN accumulate threads=" + threads);

                double[] ctn = new double[pad + m * (n + pad)];
                compute.mulTN(m, n, k, embed(o.aT(), pad), pad, m + pad, embed(o.bNn(), pad), pad, n + pad, ctn, pad,
                        n + pad, false);
                assertBlock(o.tn(), ctn, pad, n + pad, "TN threads=" + threads);
            }
        }
    }

    /** Every kernel set (vector double, vector float, plain Java) against EJML, including packed right operands. */
    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @CsvSource({"vector-double,33,70,29", "vector-float,33,70,29", "scalar,33,70,29", "vector-double,5,130,64",
        "vector-float,37,70,29", "vector-float,16,64,100", "vector-double,21,33,40",
        "vector-float,5,130,64", "scalar,5,130,64", "vector-float,130,7,200", "vector-float,64,256,1",
        "scalar,64,257,3"})
    void everyKernelSetMatchesEjml(String kernels, int m, int n, int k) {
        Operands o = new Operands(m, n, k, new Rng(m * 7L + n * 3L + k));
        DMatrixRMaj expectedNn = o.nn().copy();
        CommonOps_DDRM.addEquals(expectedNn, o.c0());
        // float32 products and sums: relative error of a k-term dot product of values in (−1, 1)
        double tol = kernels.equals("vector-float") ? 2e-6 * Math.sqrt(k) * Math.max(1, Math.sqrt(k)) : 1e-12;
        for (int threads : new int[] {1, 2}) {
            try (Compute compute = compute(kernels, threads)) {
                int pad = 3;
                double[] aw = embed(o.a(), pad);
                double[] cw = new double[pad + m * (n + pad)];
                compute.mulNT(m, n, k, aw, pad, k + pad, embed(o.bNt(), pad), pad, k + pad, cw, pad, n + pad, false);
                assertBlock(o.nt(), cw, pad, n + pad, tol, kernels + " NT threads=" + threads);

                double[] cnn = embed(o.c0(), pad);
                compute.mulNN(m, n, k, aw, pad, k + pad, embed(o.bNn(), pad), pad, n + pad, cnn, pad, n + pad, true);
                assertBlock(expectedNn, cnn, pad, n + pad, tol, kernels + " NN accumulate threads=" + threads);

                double[] ctn = new double[pad + m * (n + pad)];
                compute.mulTN(m, n, k, embed(o.aT(), pad), pad, m + pad, embed(o.bNn(), pad), pad, n + pad, ctn, pad,
                        n + pad, false);
                assertBlock(o.tn(), ctn, pad, n + pad, tol, kernels + " TN threads=" + threads);

                double[] sums = new double[m];
                Packed at = compute.packTN(compute.newPacked(), m, k, embed(o.aT(), pad), pad, m + pad, sums);
                for (int i = 0; i < m; i++) {
                    double expected = 0;
                    for (int p = 0; p < k; p++) {
                        expected += o.aT().get(p, i);
                    }
                    assertEquals(expected, sums[i], kernels + " column sum " + i + " (same order, same bits)");
                }
                double[] ct2 = embed(o.c0(), pad);
                compute.mulTN(at, n, embed(o.bNn(), pad), pad, n + pad, ct2, pad, n + pad, true);
                DMatrixRMaj expectedTnAcc = o.c0().copy();
                CommonOps_DDRM.addEquals(expectedTnAcc, o.tn());
                assertBlock(expectedTnAcc, ct2, pad, n + pad, tol, kernels + " packed TN threads=" + threads);

                double[] bias = random(1, n, new Rng(3)).data;
                double[] cb = new double[pad + m * (n + pad)];
                compute.mulNTBias(m, n, k, aw, pad, k + pad, embed(o.bNt(), pad), pad, k + pad, bias, cb, pad,
                        n + pad);
                DMatrixRMaj expectedBias = o.nt().copy();
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        expectedBias.add(i, j, bias[j]);
                    }
                }
                assertBlock(expectedBias, cb, pad, n + pad, tol, kernels + " NT + bias threads=" + threads);

                Packed pt = compute.packNT(compute.newPacked(), n, k, embed(o.bNt(), pad), pad, k + pad);
                double[] cp = new double[pad + m * (n + pad)];
                compute.mul(m, aw, pad, k + pad, pt, cp, pad, n + pad, false);
                assertBlock(o.nt(), cp, pad, n + pad, tol, kernels + " packed NT threads=" + threads);

                Packed pn = compute.packNN(compute.newPacked(), k, n, embed(o.bNn(), pad), pad, n + pad);
                double[] cq = embed(o.c0(), pad);
                compute.mul(m, aw, pad, k + pad, pn, cq, pad, n + pad, true);
                assertBlock(expectedNn, cq, pad, n + pad, tol, kernels + " packed NN threads=" + threads);
            }
        }
    }

    /** Any split of blocks or panels among threads gives the same bits, for every kernel set. */
    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @CsvSource({"vector-float,32,2048,512", "vector-float,1600,96,10", "vector-double,32,1024,256",
        "scalar,32,128,128", "vector-float,2048,512,160"})
    void threadSplitsAreBitIdentical(String kernels, int m, int n, int k) {
        Rng rng = new Rng(9);
        double[] a = random(m, k, rng).data;
        double[] b = random(n, k, rng).data;
        double[] c1 = new double[m * n];
        double[] c2 = new double[m * n];
        double[] c3 = new double[m * n];
        try (Compute one = compute(kernels, 1); Compute two = compute(kernels, 2);
             Compute three = compute(kernels, 3)) {
            one.mulNT(m, n, k, a, 0, k, b, 0, k, c1, 0, n, false);
            two.mulNT(m, n, k, a, 0, k, b, 0, k, c2, 0, n, false);
            three.mulNT(m, n, k, a, 0, k, b, 0, k, c3, 0, n, false);
            assertArrayEquals(c1, c2);
            assertArrayEquals(c1, c3);
            assertSameTN(one, two, m, n, k, c1, a);
        }
    }

    /** The kernels by name: vector ones (when the module is present, else the test is meaningless) or plain Java. */
    static Compute compute(String kernels, int threads) {
        return switch (kernels) {
            case "vector-double" -> new Compute(threads, Precision.DOUBLE, true);
            case "vector-float" -> new Compute(threads, Precision.FLOAT, true);
            default -> new Compute(threads, Precision.DOUBLE, false);
        };
    }

    /** The --threads default: one thread for the smallest BENCH-SPEC model, every processor for larger ones. */
    @Test
    void defaultThreadsFollowTheStepWork() {
        int cores = Runtime.getRuntime().availableProcessors();
        ModelSpec rnn32 = new ModelSpec(CellType.RNN, Activation.TANH, GruVariant.CLASSIC, 10, new int[] {32}, 1,
                OutputMode.LAST, 0.0);
        ModelSpec lstm512 = new ModelSpec(CellType.LSTM, Activation.TANH, GruVariant.CLASSIC, 10, new int[] {512}, 1,
                OutputMode.LAST, 0.0);
        assertEquals(1, Compute.defaultThreads(rnn32, 32));
        assertEquals(Math.min(cores, 8), Compute.defaultThreads(lstm512, 32));
        assertEquals(1, Compute.defaultThreads(lstm512, 3), "at most one thread per 4 batch rows");
    }

    /**
     * {@code --threads 0} for whole jobs ({@link Compute#threadsFor}): one thread for a job under 2^36
     * multiply-adds, else by the step's work and the batch. Job sizes by hand: the README example (GRU [64], one
     * input, 231 training and 58 validation windows of 20 steps, 20 epochs) passes 20 · (3·231·20 + 58·20) =
     * 300,400 row steps of 3·64·(1 + 64) = 12,480 multiply-adds: 3.7·10⁹.
     */
    @Test
    void theThreadRuleWeighsTheJob() {
        ModelSpec gru64 = new ModelSpec(CellType.GRU, Activation.TANH, GruVariant.CLASSIC, 1, new int[] {64}, 1,
                OutputMode.LAST, 0.0);
        ModelSpec rnn32 = new ModelSpec(CellType.RNN, Activation.TANH, GruVariant.CLASSIC, 10, new int[] {32}, 1,
                OutputMode.LAST, 0.0);
        ModelSpec lstm512 = new ModelSpec(CellType.LSTM, Activation.TANH, GruVariant.CLASSIC, 10, new int[] {512}, 1,
                OutputMode.LAST, 0.0);
        long readme = 300_400L * 12_480L;
        assertEquals(readme, Compute.jobWork(gru64, 300_400L));
        assertEquals(1, Compute.threadsFor(gru64, 32, readme, 2), "the README example: one thread");
        assertEquals(1, Compute.threadsFor(gru64, 32, readme * 18, 2), "18 times as long (6.7e10): still one");
        assertEquals(2, Compute.threadsFor(gru64, 32, readme * 19, 2), "19 times (7.1e10): both cores");
        assertEquals(8, Compute.threadsFor(gru64, 32, readme * 19, 64), "at most batch / 4 threads");
        assertEquals(1, Compute.threadsFor(gru64, 3, readme * 19, 2), "a batch of 3 is one block of rows");
        assertEquals(1, Compute.threadsFor(rnn32, 32, Long.MAX_VALUE, 2), "an RNN [32] step is too small to share");
        // BENCH-SPEC: 4096 sequences of 50 steps, 3 epochs, each step 3 times (forward and backward)
        long benchSpec = 3L * 4096 * 50 * 3;
        assertEquals(4L * 512 * (10 + 512) * benchSpec, Compute.jobWork(lstm512, benchSpec));
        assertEquals(2, Compute.threadsFor(lstm512, 32, Compute.jobWork(lstm512, benchSpec), 2));
        assertEquals(1, Compute.threadsFor(lstm512, 32, Compute.jobWork(lstm512, 4096L * 50 / 100), 2),
                "predicting 41 sequences of 50 steps: one thread");
        // two layers: each its own input width; the product saturates instead of overflowing
        ModelSpec gru128x64 = new ModelSpec(CellType.GRU, Activation.TANH, GruVariant.CLASSIC, 10,
                new int[] {128, 64}, 1, OutputMode.LAST, 0.0);
        assertEquals(1000L * (3 * 128 * (10 + 128) + 3 * 64 * (128 + 64)), Compute.jobWork(gru128x64, 1000));
        assertEquals(Long.MAX_VALUE, Compute.jobWork(gru128x64, Long.MAX_VALUE / 1000));
    }

    @Test
    void vectorKernelsAreUsedWhenTheModuleIsPresent() {
        try (Compute f = new Compute(1, Precision.FLOAT); Compute s = new Compute(1, Precision.DOUBLE, false)) {
            assertEquals(Compute.vectorAvailable() ? Precision.FLOAT : Precision.DOUBLE, f.precision());
            assertTrue(Compute.vectorAvailable(), "the tests run with --add-modules jdk.incubator.vector");
            assertTrue(f.kernelName().startsWith("vector-float"), f.kernelName());
            assertEquals("scalar-double", s.kernelName());
            assertNull(s.gateMath());
        }
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @CsvSource({"64,192,64", "256,256,64", "33,50,300"})
    void twoThreadsAreBitIdenticalToOne(int m, int n, int k) {
        Rng rng = new Rng(5);
        double[] a = random(m, k, rng).data;
        double[] b = random(n, k, rng).data;
        double[] c1 = new double[m * n];
        double[] c2 = new double[m * n];
        try (Compute one = new Compute(1); Compute two = new Compute(2)) {
            one.mulNT(m, n, k, a, 0, k, b, 0, k, c1, 0, n, false);
            two.mulNT(m, n, k, a, 0, k, b, 0, k, c2, 0, n, false);
            assertArrayEquals(c1, c2);
            assertSameTN(one, two, m, k, k, a, a);
        }
    }

    /** G = Aᵀ·B (A m×n, B m×k, G n×k, all row-major and dense) on both computes: bit-identical. */
    private static void assertSameTN(Compute one, Compute other, int m, int n, int k, double[] a, double[] b) {
        double[] g1 = new double[n * k];
        double[] g2 = new double[n * k];
        one.mulTN(n, k, m, a, 0, n, b, 0, k, g1, 0, k, false);
        other.mulTN(n, k, m, a, 0, n, b, 0, k, g2, 0, k, false);
        assertArrayEquals(g1, g2);
    }

    private static DMatrixRMaj random(int r, int c, Rng rng) {
        DMatrixRMaj m = new DMatrixRMaj(r, c);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rng.uniform(-1, 1);
        }
        return m;
    }

    /** The matrix at offset {@code pad} with row stride cols + pad (the gaps hold NaN, which must never be read). */
    private static double[] embed(DMatrixRMaj m, int pad) {
        int ld = m.numCols + pad;
        double[] out = new double[pad + m.numRows * ld];
        java.util.Arrays.fill(out, Double.NaN);
        for (int i = 0; i < m.numRows; i++) {
            System.arraycopy(m.data, i * m.numCols, out, pad + i * ld, m.numCols);
        }
        return out;
    }

    private static void assertBlock(DMatrixRMaj expected, double[] c, int off, int ld, String what) {
        assertBlock(expected, c, off, ld, 1e-12, what);
    }

    private static void assertBlock(DMatrixRMaj expected, double[] c, int off, int ld, double tol, String what) {
        for (int i = 0; i < expected.numRows; i++) {
            for (int j = 0; j < expected.numCols; j++) {
                assertEquals(expected.get(i, j), c[off + i * ld + j], tol, what + " (" + i + "," + j + ")");
            }
        }
    }

    /** Random operands A (m×k), B (n×k and k×n), Aᵀ stored k×m, C₀ (m×n), and EJML's products AB, ABᵀ, AᵀB. */
    private record Operands(DMatrixRMaj a, DMatrixRMaj bNt, DMatrixRMaj bNn, DMatrixRMaj aT, DMatrixRMaj c0,
                            DMatrixRMaj nt, DMatrixRMaj nn, DMatrixRMaj tn) {
        Operands(int m, int n, int k, Rng rng) {
            this(random(m, k, rng), random(n, k, rng), random(k, n, rng), random(k, m, rng), random(m, n, rng),
                    new DMatrixRMaj(m, n), new DMatrixRMaj(m, n), new DMatrixRMaj(m, n));
            CommonOps_DDRM.multTransB(a, bNt, nt);
            CommonOps_DDRM.mult(a, bNn, nn);
            CommonOps_DDRM.multTransA(aT, bNn, tn);
        }
    }
}
