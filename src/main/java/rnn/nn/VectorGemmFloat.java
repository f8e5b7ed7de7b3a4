package rnn.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 kernels on {@code jdk.incubator.vector}: an MR × (V vectors) tile of accumulators, V = 1..4 (4 vectors
 * of 16 lanes on AVX-512: 16 accumulators, 4 loads of B and 4 broadcasts of A per 16 fused multiply-adds).
 * Operands are packed to float; C stays double (the tile is converted and added on the way out).
 */
final class VectorGemmFloat extends Gemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Vectors per panel: 4 where there are 32 vector registers (AVX-512), 3 with 16 (AVX2). */
    private static final int V = S.vectorBitSize() >= 512 ? 4 : 3;
    private static final int NR = V * L;

    VectorGemmFloat() {
        super(Precision.FLOAT, L, NR);
    }

    @Override
    String name() {
        return "vector-float" + L;
    }

    @Override
    Object newTile() {
        return new float[MR * NR];
    }

    @Override
    void kernel(Packed pa, Packed pb, int m, int n, int blk0, int blk1, int pan0, int pan1,
                double[] c, int cOff, int ldc, boolean accumulate, Object tileObj) {
        final float[] a = pa.f;
        final float[] b = pb.f;
        final int k = pa.k;
        final float[] tile = (float[]) tileObj;
        for (int pn = pan0; pn < pan1; pn++) {
            int j0 = pn * NR;
            int cols = Math.min(NR, n - j0);
            int sw = storedWidth(n, pn);
            int bo = j0 * k;
            for (int ib = blk0; ib < blk1; ib++) {
                int i0 = ib * MR;
                int rows = Math.min(MR, m - i0);
                int ao = i0 * k;
                switch (sw / L) {
                    case 4 -> micro4(k, a, ao, b, bo, tile);
                    case 3 -> micro3(k, a, ao, b, bo, tile);
                    case 2 -> micro2(k, a, ao, b, bo, tile);
                    default -> micro1(k, a, ao, b, bo, tile);
                }
                storeTile(tile, NR, rows, cols, c, cOff + i0 * ldc + j0, ldc, accumulate);
            }
        }
    }

    private static void micro4(int k, float[] a, int ao, float[] b, int bo, float[] t) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        final int w = 4 * L;
        for (int p = 0; p < k; p++) {
            int bp = bo + p * w;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            int ap = ao + p * MR;
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            c02 = b2.fma(a0, c02);
            c03 = b3.fma(a0, c03);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            c12 = b2.fma(a1, c12);
            c13 = b3.fma(a1, c13);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            c22 = b2.fma(a2, c22);
            c23 = b3.fma(a2, c23);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            c32 = b2.fma(a3, c32);
            c33 = b3.fma(a3, c33);
        }
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c02.intoArray(t, 2 * L);
        c03.intoArray(t, 3 * L);
        c10.intoArray(t, NR);
        c11.intoArray(t, NR + L);
        c12.intoArray(t, NR + 2 * L);
        c13.intoArray(t, NR + 3 * L);
        c20.intoArray(t, 2 * NR);
        c21.intoArray(t, 2 * NR + L);
        c22.intoArray(t, 2 * NR + 2 * L);
        c23.intoArray(t, 2 * NR + 3 * L);
        c30.intoArray(t, 3 * NR);
        c31.intoArray(t, 3 * NR + L);
        c32.intoArray(t, 3 * NR + 2 * L);
        c33.intoArray(t, 3 * NR + 3 * L);
    }

    private static void micro3(int k, float[] a, int ao, float[] b, int bo, float[] t) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        final int w = 3 * L;
        for (int p = 0; p < k; p++) {
            int bp = bo + p * w;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            int ap = ao + p * MR;
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            c02 = b2.fma(a0, c02);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            c12 = b2.fma(a1, c12);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            c22 = b2.fma(a2, c22);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            c32 = b2.fma(a3, c32);
        }
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c02.intoArray(t, 2 * L);
        c10.intoArray(t, NR);
        c11.intoArray(t, NR + L);
        c12.intoArray(t, NR + 2 * L);
        c20.intoArray(t, 2 * NR);
        c21.intoArray(t, 2 * NR + L);
        c22.intoArray(t, 2 * NR + 2 * L);
        c30.intoArray(t, 3 * NR);
        c31.intoArray(t, 3 * NR + L);
        c32.intoArray(t, 3 * NR + 2 * L);
    }

    private static void micro2(int k, float[] a, int ao, float[] b, int bo, float[] t) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        final int w = 2 * L;
        for (int p = 0; p < k; p++) {
            int bp = bo + p * w;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            int ap = ao + p * MR;
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
        }
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c10.intoArray(t, NR);
        c11.intoArray(t, NR + L);
        c20.intoArray(t, 2 * NR);
        c21.intoArray(t, 2 * NR + L);
        c30.intoArray(t, 3 * NR);
        c31.intoArray(t, 3 * NR + L);
    }

    private static void micro1(int k, float[] a, int ao, float[] b, int bo, float[] t) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo + p * L);
            int ap = ao + p * MR;
            c0 = b0.fma(FloatVector.broadcast(S, a[ap]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, a[ap + 1]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, a[ap + 2]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, a[ap + 3]), c3);
        }
        c0.intoArray(t, 0);
        c1.intoArray(t, NR);
        c2.intoArray(t, 2 * NR);
        c3.intoArray(t, 3 * NR);
    }
}
