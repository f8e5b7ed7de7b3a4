package rnn.nn;

/**
 * The plain-Java kernels (double precision), used when {@code jdk.incubator.vector} is not available: a 4×4
 * register block, sixteen scalar accumulators, k-major packed operands.
 */
final class ScalarGemm extends Gemm {

    private static final int NR = 4;

    ScalarGemm() {
        super(Precision.DOUBLE, 1, NR);
    }

    @Override
    String name() {
        return "scalar-double";
    }

    @Override
    Object newTile() {
        return new double[MR * NR];
    }

    @Override
    void kernel(Packed pa, Packed pb, int m, int n, int blk0, int blk1, int pan0, int pan1,
                double[] c, int cOff, int ldc, boolean accumulate, double[] bias, Object tileObj) {
        final double[] a = pa.d;
        final double[] b = pb.d;
        final int k = pa.k;
        final int ars = rowStride(pa);
        final int aps = depthStride(pa);
        final double[] tile = (double[]) tileObj;
        for (int pn = pan0; pn < pan1; pn++) {
            int j0 = pn * NR;
            int cols = Math.min(NR, n - j0);
            int sw = storedWidth(n, pn);
            int bo = j0 * k;
            for (int ib = blk0; ib < blk1; ib++) {
                int i0 = ib * MR;
                int rows = Math.min(MR, m - i0);
                int ao = blockOffset(pa, ib);
                if (sw == NR) {
                    micro4x4(k, a, ao, ars, aps, b, bo, tile);
                } else {
                    microNarrow(k, sw, a, ao, ars, aps, b, bo, tile);
                }
                storeTile(tile, 0, NR, rows, cols, c, cOff + i0 * ldc + j0, ldc, accumulate, bias, j0);
            }
        }
    }

    private static void micro4x4(int k, double[] a, int ao, int ars, int aps, double[] b, int bo, double[] t) {
        double c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        double c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        double c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        double c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < k; p++) {
            int ap = ao + p * aps;
            int bp = bo + p * NR;
            double b0 = b[bp];
            double b1 = b[bp + 1];
            double b2 = b[bp + 2];
            double b3 = b[bp + 3];
            double a0 = a[ap];
            double a1 = a[ap + ars];
            double a2 = a[ap + 2 * ars];
            double a3 = a[ap + 3 * ars];
            c00 += a0 * b0;
            c01 += a0 * b1;
            c02 += a0 * b2;
            c03 += a0 * b3;
            c10 += a1 * b0;
            c11 += a1 * b1;
            c12 += a1 * b2;
            c13 += a1 * b3;
            c20 += a2 * b0;
            c21 += a2 * b1;
            c22 += a2 * b2;
            c23 += a2 * b3;
            c30 += a3 * b0;
            c31 += a3 * b1;
            c32 += a3 * b2;
            c33 += a3 * b3;
        }
        t[0] = c00;
        t[1] = c01;
        t[2] = c02;
        t[3] = c03;
        t[4] = c10;
        t[5] = c11;
        t[6] = c12;
        t[7] = c13;
        t[8] = c20;
        t[9] = c21;
        t[10] = c22;
        t[11] = c23;
        t[12] = c30;
        t[13] = c31;
        t[14] = c32;
        t[15] = c33;
    }

    /** A panel narrower than 4 columns (the last one): the same operations per element, in the same order. */
    private static void microNarrow(int k, int w, double[] a, int ao, int ars, int aps, double[] b, int bo,
                                    double[] t) {
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < w; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[ao + r * ars + p * aps] * b[bo + p * w + j];
                }
                t[r * NR + j] = s;
            }
        }
    }
}
