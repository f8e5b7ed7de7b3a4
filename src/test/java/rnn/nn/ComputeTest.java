package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import rnn.random.Rng;

/** The three multiply forms against EJML, on sub-blocks addressed by offset and leading dimension. */
class ComputeTest {

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @CsvSource({"1,1,1", "3,5,4", "64,96,33", "130,7,200"})
    void matchesEjmlOnSubBlocks(int m, int n, int k) {
        Rng rng = new Rng(m * 1000L + n * 10L + k);
        DMatrixRMaj a = random(m, k, rng);
        DMatrixRMaj bNt = random(n, k, rng);
        DMatrixRMaj bNn = random(k, n, rng);
        DMatrixRMaj aT = random(k, m, rng);
        DMatrixRMaj c0 = random(m, n, rng);

        DMatrixRMaj expectedNt = new DMatrixRMaj(m, n);
        CommonOps_DDRM.multTransB(a, bNt, expectedNt);
        DMatrixRMaj expectedNn = new DMatrixRMaj(m, n);
        CommonOps_DDRM.mult(a, bNn, expectedNn);
        DMatrixRMaj expectedTn = new DMatrixRMaj(m, n);
        CommonOps_DDRM.multTransA(aT, bNn, expectedTn);

        for (int threads : new int[] {1, 2}) {
            try (Compute compute = new Compute(threads)) {
                // operands embedded at an offset inside wider buffers (lead dims larger than the block)
                int pad = 3;
                double[] aw = embed(a, pad);
                double[] bw = embed(bNt, pad);
                double[] cw = new double[pad + m * (n + pad)];
                compute.mulNT(m, n, k, aw, pad, k + pad, bw, pad, k + pad, cw, pad, n + pad, false);
                assertBlock(expectedNt, cw, pad, n + pad, "NT threads=" + threads);

                double[] cnn = embed(c0, pad);
                compute.mulNN(m, n, k, aw, pad, k + pad, embed(bNn, pad), pad, n + pad, cnn, pad, n + pad, true);
                DMatrixRMaj accumulated = c0.copy();
                CommonOps_DDRM.addEquals(accumulated, expectedNn);
                assertBlock(accumulated, cnn, pad, n + pad, "NN accumulate threads=" + threads);

                double[] ctn = new double[pad + m * (n + pad)];
                compute.mulTN(m, n, k, embed(aT, pad), pad, m + pad, embed(bNn, pad), pad, n + pad, ctn, pad,
                        n + pad, false);
                assertBlock(expectedTn, ctn, pad, n + pad, "TN threads=" + threads);
            }
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
            double[] g1 = new double[k * k];
            double[] g2 = new double[k * k];
            one.mulTN(k, k, m, a, 0, k, a, 0, k, g1, 0, k, false);
            two.mulTN(k, k, m, a, 0, k, a, 0, k, g2, 0, k, false);
            assertArrayEquals(g1, g2);
        }
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
        for (int i = 0; i < expected.numRows; i++) {
            for (int j = 0; j < expected.numCols; j++) {
                assertEquals(expected.get(i, j), c[off + i * ld + j], 1e-12, what + " (" + i + "," + j + ")");
            }
        }
    }
}
