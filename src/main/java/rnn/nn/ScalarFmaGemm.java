package rnn.nn;

/**
 * Plain-Java kernels that compute every element of C exactly as the vector kernels ({@code VectorGemmFloat},
 * {@code VectorGemmDouble}) do: the same chain of fused multiply-adds over p = 0..k−1 from zero, in the same
 * precision, then widened to double and added to C (and to the bias) in the same order — so the results are
 * bit-identical to theirs (and, like theirs, for any thread count). Used by {@link Compute#quickStart} for jobs too
 * short to repay the vector code's warm-up: until the optimising compiler has compiled the vector kernels, every
 * vector is a heap object and they run 10-100x slower than these loops.
 */
final class ScalarFmaGemm extends Gemm {

    private static final int NR = 4;

    ScalarFmaGemm(Precision precision) {
        super(precision, 1, NR);
    }

    @Override
    String name() {
        return "scalar-fma-" + (precision() == Precision.FLOAT ? "float" : "double");
    }

    @Override
    Object newTile() {
        return precision() == Precision.FLOAT ? new float[MR * NR] : new double[MR * NR];
    }

    @Override
    void kernel(Packed pa, Packed pb, int m, int n, int blk0, int blk1, int pan0, int pan1,
                double[] c, int cOff, int ldc, boolean accumulate, double[] bias, Object tile) {
        final int k = pa.k;
        final int ars = rowStride(pa);
        final int aps = depthStride(pa);
        final boolean single = precision() == Precision.FLOAT;
        for (int pn = pan0; pn < pan1; pn++) {
            int j0 = pn * NR;
            int cols = Math.min(NR, n - j0);
            int sw = storedWidth(n, pn);
            int bo = j0 * k;
            for (int ib = blk0; ib < blk1; ib++) {
                int i0 = ib * MR;
                int rows = Math.min(MR, m - i0);
                int ao = blockOffset(pa, ib);
                int co = cOff + i0 * ldc + j0;
                if (single && rows == 1 && sw == NR) {
                    microRow(k, pa.f, ao, aps, pb.f, bo, (float[]) tile);
                    storeTile((float[]) tile, 0, NR, rows, cols, c, co, ldc, accumulate, bias, j0);
                } else if (single) {
                    micro(k, sw, pa.f, ao, ars, aps, pb.f, bo, (float[]) tile);
                    storeTile((float[]) tile, 0, NR, rows, cols, c, co, ldc, accumulate, bias, j0);
                } else {
                    micro(k, sw, pa.d, ao, ars, aps, pb.d, bo, (double[]) tile);
                    storeTile((double[]) tile, 0, NR, rows, cols, c, co, ldc, accumulate, bias, j0);
                }
            }
        }
    }

    /**
     * The first row of {@link #micro(int, int, float[], int, int, int, float[], int, float[])} alone, for a block
     * with one real row (a step of one sequence, as generation runs): the same chain per element, a quarter of
     * the work.
     */
    private static void microRow(int k, float[] a, int ao, int aps, float[] b, int bo, float[] t) {
        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f;
        for (int p = 0; p < k; p++) {
            int bp = bo + p * NR;
            float x = a[ao + p * aps];
            c00 = Math.fma(b[bp], x, c00);
            c01 = Math.fma(b[bp + 1], x, c01);
            c02 = Math.fma(b[bp + 2], x, c02);
            c03 = Math.fma(b[bp + 3], x, c03);
        }
        t[0] = c00;
        t[1] = c01;
        t[2] = c02;
        t[3] = c03;
    }

    /** A block of MR rows × a panel of {@code w} ≤ NR columns into {@code t} (row stride NR), in float. */
    private static void micro(int k, int w, float[] a, int ao, int ars, int aps, float[] b, int bo, float[] t) {
        if (w == NR) {
            float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f;
            float c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
            float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f;
            float c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
            for (int p = 0; p < k; p++) {
                int ap = ao + p * aps;
                int bp = bo + p * NR;
                float b0 = b[bp];
                float b1 = b[bp + 1];
                float b2 = b[bp + 2];
                float b3 = b[bp + 3];
                float x = a[ap];
                c00 = Math.fma(b0, x, c00);
                c01 = Math.fma(b1, x, c01);
                c02 = Math.fma(b2, x, c02);
                c03 = Math.fma(b3, x, c03);
                x = a[ap + ars];
                c10 = Math.fma(b0, x, c10);
                c11 = Math.fma(b1, x, c11);
                c12 = Math.fma(b2, x, c12);
                c13 = Math.fma(b3, x, c13);
                x = a[ap + 2 * ars];
                c20 = Math.fma(b0, x, c20);
                c21 = Math.fma(b1, x, c21);
                c22 = Math.fma(b2, x, c22);
                c23 = Math.fma(b3, x, c23);
                x = a[ap + 3 * ars];
                c30 = Math.fma(b0, x, c30);
                c31 = Math.fma(b1, x, c31);
                c32 = Math.fma(b2, x, c32);
                c33 = Math.fma(b3, x, c33);
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
            return;
        }
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < w; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(b[bo + p * w + j], a[ao + r * ars + p * aps], s);
                }
                t[r * NR + j] = s;
            }
        }
    }

    /** As {@link #micro(int, int, float[], int, int, int, float[], int, float[])}, in double. */
    private static void micro(int k, int w, double[] a, int ao, int ars, int aps, double[] b, int bo, double[] t) {
        if (w == NR) {
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
                double x = a[ap];
                c00 = Math.fma(b0, x, c00);
                c01 = Math.fma(b1, x, c01);
                c02 = Math.fma(b2, x, c02);
                c03 = Math.fma(b3, x, c03);
                x = a[ap + ars];
                c10 = Math.fma(b0, x, c10);
                c11 = Math.fma(b1, x, c11);
                c12 = Math.fma(b2, x, c12);
                c13 = Math.fma(b3, x, c13);
                x = a[ap + 2 * ars];
                c20 = Math.fma(b0, x, c20);
                c21 = Math.fma(b1, x, c21);
                c22 = Math.fma(b2, x, c22);
                c23 = Math.fma(b3, x, c23);
                x = a[ap + 3 * ars];
                c30 = Math.fma(b0, x, c30);
                c31 = Math.fma(b1, x, c31);
                c32 = Math.fma(b2, x, c32);
                c33 = Math.fma(b3, x, c33);
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
            return;
        }
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < w; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(b[bo + p * w + j], a[ao + r * ars + p * aps], s);
                }
                t[r * NR + j] = s;
            }
        }
    }
}
