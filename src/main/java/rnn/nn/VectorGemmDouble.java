package rnn.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 kernels on {@code jdk.incubator.vector}: the same MR × (V vectors) register tile as
 * {@link VectorGemmFloat}, on doubles (8 lanes on AVX-512). Used for {@link Precision#DOUBLE}, where the gradient
 * checks run.
 */
final class VectorGemmDouble extends Gemm {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Vectors per panel: 4 where there are 32 vector registers (AVX-512), 3 with 16 (AVX2). */
    private static final int V = S.vectorBitSize() >= 512 ? 4 : 3;
    private static final int NR = V * L;
    /** Unused elements before and after a tile: no cache line of one thread's tile holds another object. */
    private static final int TILE_OFFSET = 64 / Double.BYTES;

    VectorGemmDouble() {
        super(Precision.DOUBLE, L, NR);
    }

    @Override
    String name() {
        return "vector-double" + L;
    }

    @Override
    Gemm scalarEquivalent() {
        return new ScalarFmaGemm(Precision.DOUBLE);
    }

    @Override
    Object newTile() {
        return new double[TILE_OFFSET + MR * NR + TILE_OFFSET];
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
                int co = cOff + i0 * ldc + j0;
                switch (sw / L) {
                    case 4 -> micro4(k, a, ao, ars, aps, b, bo, c, co, ldc, accumulate, bias, j0, rows, cols, tile);
                    case 3 -> micro3(k, a, ao, ars, aps, b, bo, c, co, ldc, accumulate, bias, j0, rows, cols, tile);
                    case 2 -> micro2(k, a, ao, ars, aps, b, bo, c, co, ldc, accumulate, bias, j0, rows, cols, tile);
                    default -> micro1(k, a, ao, ars, aps, b, bo, c, co, ldc, accumulate, bias, j0, rows, cols, tile);
                }
            }
        }
    }

    /** Writes a tile (row stride NR) into C, whole vectors at a time when the tile is full. */
    private static void writeBack(double[] tile, int rows, int cols, int width, double[] c, int co, int ldc,
                                  boolean accumulate, double[] bias, int biasOff) {
        if (rows != MR || cols != width) {
            storeTile(tile, TILE_OFFSET, NR, rows, cols, c, co, ldc, accumulate, bias, biasOff);
            return;
        }
        for (int r = 0; r < MR; r++) {
            int t = TILE_OFFSET + r * NR;
            int ci = co + r * ldc;
            for (int j = 0; j < width; j += L) {
                DoubleVector d = DoubleVector.fromArray(S, tile, t + j);
                if (accumulate) {
                    d = d.add(DoubleVector.fromArray(S, c, ci + j));
                }
                if (bias != null) {
                    d = d.add(DoubleVector.fromArray(S, bias, biasOff + j));
                }
                d.intoArray(c, ci + j);
            }
        }
    }

    private static void micro4(int k, double[] a, int ao, int ars, int aps, double[] b, int bo, double[] c, int co,
                               int ldc, boolean accumulate, double[] bias, int biasOff, int rows,
                               int cols, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00, c02 = c00, c03 = c00, c10 = c00;
        DoubleVector c11 = c00, c12 = c00, c13 = c00, c20 = c00;
        DoubleVector c21 = c00, c22 = c00, c23 = c00, c30 = c00;
        DoubleVector c31 = c00, c32 = c00, c33 = c00;
        final int a1 = ars;
        final int a2 = 2 * ars;
        final int a3 = 3 * ars;
        for (int p = 0; p < k; p++) {
            int bp = bo + p * 4 * L;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bp + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bp + 3 * L);
            int ap = ao + p * aps;
            DoubleVector x0 = DoubleVector.broadcast(S, a[ap]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            c02 = b2.fma(x0, c02);
            c03 = b3.fma(x0, c03);
            DoubleVector x1 = DoubleVector.broadcast(S, a[ap + a1]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            c12 = b2.fma(x1, c12);
            c13 = b3.fma(x1, c13);
            DoubleVector x2 = DoubleVector.broadcast(S, a[ap + a2]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            c22 = b2.fma(x2, c22);
            c23 = b3.fma(x2, c23);
            DoubleVector x3 = DoubleVector.broadcast(S, a[ap + a3]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
            c32 = b2.fma(x3, c32);
            c33 = b3.fma(x3, c33);
        }
        c00.intoArray(tile, TILE_OFFSET);
        c01.intoArray(tile, TILE_OFFSET + L);
        c02.intoArray(tile, TILE_OFFSET + 2 * L);
        c03.intoArray(tile, TILE_OFFSET + 3 * L);
        c10.intoArray(tile, TILE_OFFSET + NR);
        c11.intoArray(tile, TILE_OFFSET + NR + L);
        c12.intoArray(tile, TILE_OFFSET + NR + 2 * L);
        c13.intoArray(tile, TILE_OFFSET + NR + 3 * L);
        c20.intoArray(tile, TILE_OFFSET + 2 * NR);
        c21.intoArray(tile, TILE_OFFSET + 2 * NR + L);
        c22.intoArray(tile, TILE_OFFSET + 2 * NR + 2 * L);
        c23.intoArray(tile, TILE_OFFSET + 2 * NR + 3 * L);
        c30.intoArray(tile, TILE_OFFSET + 3 * NR);
        c31.intoArray(tile, TILE_OFFSET + 3 * NR + L);
        c32.intoArray(tile, TILE_OFFSET + 3 * NR + 2 * L);
        c33.intoArray(tile, TILE_OFFSET + 3 * NR + 3 * L);
        writeBack(tile, rows, cols, 4 * L, c, co, ldc, accumulate, bias, biasOff);
    }

    private static void micro3(int k, double[] a, int ao, int ars, int aps, double[] b, int bo, double[] c, int co,
                               int ldc, boolean accumulate, double[] bias, int biasOff, int rows,
                               int cols, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00, c02 = c00, c10 = c00, c11 = c00;
        DoubleVector c12 = c00, c20 = c00, c21 = c00, c22 = c00;
        DoubleVector c30 = c00, c31 = c00, c32 = c00;
        final int a1 = ars;
        final int a2 = 2 * ars;
        final int a3 = 3 * ars;
        for (int p = 0; p < k; p++) {
            int bp = bo + p * 3 * L;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bp + 2 * L);
            int ap = ao + p * aps;
            DoubleVector x0 = DoubleVector.broadcast(S, a[ap]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            c02 = b2.fma(x0, c02);
            DoubleVector x1 = DoubleVector.broadcast(S, a[ap + a1]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            c12 = b2.fma(x1, c12);
            DoubleVector x2 = DoubleVector.broadcast(S, a[ap + a2]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            c22 = b2.fma(x2, c22);
            DoubleVector x3 = DoubleVector.broadcast(S, a[ap + a3]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
            c32 = b2.fma(x3, c32);
        }
        c00.intoArray(tile, TILE_OFFSET);
        c01.intoArray(tile, TILE_OFFSET + L);
        c02.intoArray(tile, TILE_OFFSET + 2 * L);
        c10.intoArray(tile, TILE_OFFSET + NR);
        c11.intoArray(tile, TILE_OFFSET + NR + L);
        c12.intoArray(tile, TILE_OFFSET + NR + 2 * L);
        c20.intoArray(tile, TILE_OFFSET + 2 * NR);
        c21.intoArray(tile, TILE_OFFSET + 2 * NR + L);
        c22.intoArray(tile, TILE_OFFSET + 2 * NR + 2 * L);
        c30.intoArray(tile, TILE_OFFSET + 3 * NR);
        c31.intoArray(tile, TILE_OFFSET + 3 * NR + L);
        c32.intoArray(tile, TILE_OFFSET + 3 * NR + 2 * L);
        writeBack(tile, rows, cols, 3 * L, c, co, ldc, accumulate, bias, biasOff);
    }

    private static void micro2(int k, double[] a, int ao, int ars, int aps, double[] b, int bo, double[] c, int co,
                               int ldc, boolean accumulate, double[] bias, int biasOff, int rows,
                               int cols, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00, c10 = c00, c11 = c00, c20 = c00;
        DoubleVector c21 = c00, c30 = c00, c31 = c00;
        final int a1 = ars;
        final int a2 = 2 * ars;
        final int a3 = 3 * ars;
        for (int p = 0; p < k; p++) {
            int bp = bo + p * 2 * L;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
            int ap = ao + p * aps;
            DoubleVector x0 = DoubleVector.broadcast(S, a[ap]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            DoubleVector x1 = DoubleVector.broadcast(S, a[ap + a1]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            DoubleVector x2 = DoubleVector.broadcast(S, a[ap + a2]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            DoubleVector x3 = DoubleVector.broadcast(S, a[ap + a3]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
        }
        c00.intoArray(tile, TILE_OFFSET);
        c01.intoArray(tile, TILE_OFFSET + L);
        c10.intoArray(tile, TILE_OFFSET + NR);
        c11.intoArray(tile, TILE_OFFSET + NR + L);
        c20.intoArray(tile, TILE_OFFSET + 2 * NR);
        c21.intoArray(tile, TILE_OFFSET + 2 * NR + L);
        c30.intoArray(tile, TILE_OFFSET + 3 * NR);
        c31.intoArray(tile, TILE_OFFSET + 3 * NR + L);
        writeBack(tile, rows, cols, 2 * L, c, co, ldc, accumulate, bias, biasOff);
    }

    private static void micro1(int k, double[] a, int ao, int ars, int aps, double[] b, int bo, double[] c, int co,
                               int ldc, boolean accumulate, double[] bias, int biasOff, int rows,
                               int cols, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c10 = c00, c20 = c00, c30 = c00;
        final int a1 = ars;
        final int a2 = 2 * ars;
        final int a3 = 3 * ars;
        for (int p = 0; p < k; p++) {
            int bp = bo + p * L;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            int ap = ao + p * aps;
            DoubleVector x0 = DoubleVector.broadcast(S, a[ap]);
            c00 = b0.fma(x0, c00);
            DoubleVector x1 = DoubleVector.broadcast(S, a[ap + a1]);
            c10 = b0.fma(x1, c10);
            DoubleVector x2 = DoubleVector.broadcast(S, a[ap + a2]);
            c20 = b0.fma(x2, c20);
            DoubleVector x3 = DoubleVector.broadcast(S, a[ap + a3]);
            c30 = b0.fma(x3, c30);
        }
        c00.intoArray(tile, TILE_OFFSET);
        c10.intoArray(tile, TILE_OFFSET + NR);
        c20.intoArray(tile, TILE_OFFSET + 2 * NR);
        c30.intoArray(tile, TILE_OFFSET + 3 * NR);
        writeBack(tile, rows, cols, 1 * L, c, co, ldc, accumulate, bias, biasOff);
    }

}
