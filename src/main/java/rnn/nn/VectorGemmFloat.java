package rnn.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 kernels on {@code jdk.incubator.vector}: an MR × (V vectors) tile of accumulators, V = 1..4 (4 vectors
 * of 16 lanes on AVX-512: 16 accumulators, 4 loads of B and 4 broadcasts of A per 16 fused multiply-adds; 3
 * vectors with AVX2's 16 registers). A and B are rounded to float when packed; C stays double: a full tile is
 * converted and stored (or added) with vector instructions.
 */
final class VectorGemmFloat extends Gemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /**
     * Doubles in a vector of the same size (half the lanes). Conversions go between these two species only: a
     * second float or double shape anywhere in the program (a 256-bit FloatVector next to 512-bit ones) makes the
     * JDK's shared FloatVector.fromArray/intoArray code polymorphic, the load/store intrinsics fail and every vector
     * is boxed (measured: 20x slower).
     */
    private static final VectorSpecies<Double> D =
            VectorSpecies.of(double.class, VectorShape.forBitSize(S.vectorBitSize()));
    private static final int L = S.length();
    /** Vectors per panel: 4 where there are 32 vector registers (AVX-512), 3 with 16 (AVX2). */
    private static final int V = S.vectorBitSize() >= 512 ? 4 : 3;
    private static final int NR = V * L;
    /** Unused elements before and after a tile: no cache line of one thread's tile holds another object. */
    private static final int TILE_OFFSET = 64 / Float.BYTES;

    VectorGemmFloat() {
        super(Precision.FLOAT, L, NR);
    }

    @Override
    String name() {
        return "vector-float" + L;
    }

    @Override
    Gemm scalarEquivalent() {
        return new ScalarFmaGemm(Precision.FLOAT);
    }

    @Override
    Object newTile() {
        return new float[TILE_OFFSET + MR * NR + TILE_OFFSET];
    }

    @Override
    void kernel(Packed pa, Packed pb, int m, int n, int blk0, int blk1, int pan0, int pan1,
                double[] c, int cOff, int ldc, boolean accumulate, double[] bias, Object tileObj) {
        final float[] a = pa.f;
        final float[] b = pb.f;
        final int k = pa.k;
        final int ars = rowStride(pa);
        final int aps = depthStride(pa);
        final float[] tile = (float[]) tileObj;
        if (blk1 - blk0 == 1 && m - blk0 * MR == 1) {
            rowKernel(k, a, blockOffset(pa, blk0), aps, b, n, pan0, pan1, c, cOff + blk0 * MR * ldc, accumulate, bias,
                    tile);
            return;
        }
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
                if (rows == 1) {
                    microRow(k, a, ao, aps, b, bo, sw / L, tile);
                    storeTile(tile, TILE_OFFSET, NR, 1, cols, c, co, ldc, accumulate, bias, j0);
                    continue;
                }
                switch (sw / L) {
                    case 4 -> micro4(k, a, ao, ars, aps, b, bo, c, co, ldc, accumulate, bias, j0, rows, cols, tile);
                    case 3 -> micro3(k, a, ao, ars, aps, b, bo, c, co, ldc, accumulate, bias, j0, rows, cols, tile);
                    case 2 -> micro2(k, a, ao, ars, aps, b, bo, c, co, ldc, accumulate, bias, j0, rows, cols, tile);
                    default -> micro1(k, a, ao, ars, aps, b, bo, c, co, ldc, accumulate, bias, j0, rows, cols, tile);
                }
            }
        }
    }

    /**
     * Writes a tile (row stride NR) into C: a full tile is widened a float vector at a time (its low and high
     * halves, F2D parts 0 and 1) and stored or added with double vectors; a partial one goes through the scalar
     * {@link Gemm#storeTile}. Takes arrays, not vectors, so that it need not be inlined to avoid boxing.
     */
    private static void writeBack(float[] tile, int rows, int cols, int width, double[] c, int co, int ldc,
                                  boolean accumulate, double[] bias, int biasOff) {
        if (rows != MR || cols != width) {
            storeTile(tile, TILE_OFFSET, NR, rows, cols, c, co, ldc, accumulate, bias, biasOff);
            return;
        }
        final int h = D.length();
        for (int r = 0; r < MR; r++) {
            int t = TILE_OFFSET + r * NR;
            int ci = co + r * ldc;
            for (int j = 0; j < width; j += L) {
                // both halves widened as part 0 of a float vector that starts there (the second reads h floats past
                // the row: the next row or the tile's trailing padding, unused): JDK 17 compiles an F2D of part 0 to
                // one instruction, part 1 to a call into its plain-Java slice and rearrange
                DoubleVector lo = (DoubleVector) FloatVector.fromArray(S, tile, t + j)
                        .convertShape(VectorOperators.F2D, D, 0);
                DoubleVector hi = (DoubleVector) FloatVector.fromArray(S, tile, t + j + h)
                        .convertShape(VectorOperators.F2D, D, 0);
                if (accumulate) {
                    lo = lo.add(DoubleVector.fromArray(D, c, ci + j));
                    hi = hi.add(DoubleVector.fromArray(D, c, ci + j + h));
                }
                if (bias != null) {
                    lo = lo.add(DoubleVector.fromArray(D, bias, biasOff + j));
                    hi = hi.add(DoubleVector.fromArray(D, bias, biasOff + j + h));
                }
                lo.intoArray(c, ci + j);
                hi.intoArray(c, ci + j + h);
            }
        }
    }

    /**
     * Doubles narrowed to floats, h = L/2 at a time, each as part 0 of a D2F conversion (JDK 17 compiles part 0 to
     * one instruction, part −1 to a call into its plain-Java slice and rearrange: 6 % of a text model's training
     * time). Each store writes a whole float vector whose upper half is zeros, overwritten by the next store; the
     * last h values are converted one by one so that nothing is written past {@code len}.
     */
    @Override
    void convert(double[] src, int s, float[] dst, int d, int len) {
        final int h = D.length();
        int i = 0;
        for (; i <= len - L; i += h) {
            ((FloatVector) DoubleVector.fromArray(D, src, s + i).convertShape(VectorOperators.D2F, S, 0))
                    .intoArray(dst, d + i);
        }
        for (; i < len; i++) {
            dst[d + i] = (float) src[s + i];
        }
    }

    /** {@link Gemm#packRow} with vector loads, column sums and conversions, a float vector (TG values) at a time. */
    @Override
    void packRow(double[] a, int s, int m, float[] dst, int o, int groupStride, double[] columnSums) {
        if (L != TG) {
            super.packRow(a, s, m, dst, o, groupStride, columnSums);
            return;
        }
        final int h = D.length();
        int i = 0;
        for (; i <= m - L; i += L, o += groupStride) {
            DoubleVector x0 = DoubleVector.fromArray(D, a, s + i);
            DoubleVector x1 = DoubleVector.fromArray(D, a, s + i + h);
            if (columnSums != null) {
                x0.add(DoubleVector.fromArray(D, columnSums, i)).intoArray(columnSums, i);
                x1.add(DoubleVector.fromArray(D, columnSums, i + h)).intoArray(columnSums, i + h);
            }
            FloatVector lo = (FloatVector) x0.convertShape(VectorOperators.D2F, S, 0);
            FloatVector hi = (FloatVector) x1.convertShape(VectorOperators.D2F, S, -1);
            lo.add(hi).intoArray(dst, o);
        }
        if (i < m) {
            for (int r = 0; r < TG; r++) {
                dst[o + r] = i + r < m ? (float) a[s + i + r] : 0f;
                if (columnSums != null && i + r < m) {
                    columnSums[i + r] += a[s + i + r];
                }
            }
        }
    }

    /**
     * A single row of C (one step of one sequence, as generation runs) over panels pan0..pan1−1: two full panels
     * at a time (eight independent chains, so that both multiply-add units are busy), the rest one at a time.
     */
    private void rowKernel(int k, float[] a, int ao, int aps, float[] b, int n, int pan0, int pan1,
                                  double[] c, int co, boolean accumulate, double[] bias, float[] tile) {
        int pn = pan0;
        for (; pn + 1 < pan1 && storedWidth(n, pn + 1) == NR && NR == 4 * L; pn += 2) {
            int j0 = pn * NR;
            microRowPair(k, a, ao, aps, b, j0 * k, tile);
            storeTile(tile, TILE_OFFSET, NR, 1, NR, c, co + j0, 0, accumulate, bias, j0);
            storeTile(tile, TILE_OFFSET + NR, NR, 1, Math.min(NR, n - j0 - NR), c, co + j0 + NR, 0, accumulate, bias,
                    j0 + NR);
        }
        for (; pn < pan1; pn++) {
            int j0 = pn * NR;
            microRow(k, a, ao, aps, b, j0 * k, storedWidth(n, pn) / L, tile);
            storeTile(tile, TILE_OFFSET, NR, 1, Math.min(NR, n - j0), c, co + j0, 0, accumulate, bias, j0);
        }
    }

    /** {@link #microRow} of two consecutive full panels (the second's at {@code bo + NR·k}) into tile rows 0, 1. */
    private static void microRowPair(int k, float[] a, int ao, int aps, float[] b, int bo, float[] tile) {
        final int second = NR * k;
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0, c2 = c0, c3 = c0, d0 = c0, d1 = c0, d2 = c0, d3 = c0;
        for (int p = 0; p < k; p++) {
            int bp = bo + p * NR;
            int dp = bp + second;
            FloatVector x = FloatVector.broadcast(S, a[ao + p * aps]);
            c0 = FloatVector.fromArray(S, b, bp).fma(x, c0);
            c1 = FloatVector.fromArray(S, b, bp + L).fma(x, c1);
            c2 = FloatVector.fromArray(S, b, bp + 2 * L).fma(x, c2);
            c3 = FloatVector.fromArray(S, b, bp + 3 * L).fma(x, c3);
            d0 = FloatVector.fromArray(S, b, dp).fma(x, d0);
            d1 = FloatVector.fromArray(S, b, dp + L).fma(x, d1);
            d2 = FloatVector.fromArray(S, b, dp + 2 * L).fma(x, d2);
            d3 = FloatVector.fromArray(S, b, dp + 3 * L).fma(x, d3);
        }
        c0.intoArray(tile, TILE_OFFSET);
        c1.intoArray(tile, TILE_OFFSET + L);
        c2.intoArray(tile, TILE_OFFSET + 2 * L);
        c3.intoArray(tile, TILE_OFFSET + 3 * L);
        d0.intoArray(tile, TILE_OFFSET + NR);
        d1.intoArray(tile, TILE_OFFSET + NR + L);
        d2.intoArray(tile, TILE_OFFSET + NR + 2 * L);
        d3.intoArray(tile, TILE_OFFSET + NR + 3 * L);
    }

    /**
     * Row 0 of the micro kernels alone, for a block with one real row (a step of one sequence, as generation
     * runs): per lane the same chain of fused multiply-adds over p from zero, {@code nv} vectors of columns.
     */
    private static void microRow(int k, float[] a, int ao, int aps, float[] b, int bo, int nv, float[] tile) {
        final int w = nv * L;
        if (nv == 4) {
            FloatVector c0 = FloatVector.zero(S);
            FloatVector c1 = c0, c2 = c0, c3 = c0;
            for (int p = 0; p < k; p++) {
                int bp = bo + p * w;
                FloatVector x = FloatVector.broadcast(S, a[ao + p * aps]);
                c0 = FloatVector.fromArray(S, b, bp).fma(x, c0);
                c1 = FloatVector.fromArray(S, b, bp + L).fma(x, c1);
                c2 = FloatVector.fromArray(S, b, bp + 2 * L).fma(x, c2);
                c3 = FloatVector.fromArray(S, b, bp + 3 * L).fma(x, c3);
            }
            c0.intoArray(tile, TILE_OFFSET);
            c1.intoArray(tile, TILE_OFFSET + L);
            c2.intoArray(tile, TILE_OFFSET + 2 * L);
            c3.intoArray(tile, TILE_OFFSET + 3 * L);
            return;
        }
        for (int v = 0; v < nv; v++) {
            FloatVector c0 = FloatVector.zero(S);
            for (int p = 0; p < k; p++) {
                c0 = FloatVector.fromArray(S, b, bo + p * w + v * L).fma(FloatVector.broadcast(S, a[ao + p * aps]),
                        c0);
            }
            c0.intoArray(tile, TILE_OFFSET + v * L);
        }
    }

    private static void micro4(int k, float[] a, int ao, int ars, int aps, float[] b, int bo, double[] c, int co,
                               int ldc, boolean accumulate, double[] bias, int biasOff, int rows,
                               int cols, float[] tile) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00, c02 = c00, c03 = c00, c10 = c00;
        FloatVector c11 = c00, c12 = c00, c13 = c00, c20 = c00;
        FloatVector c21 = c00, c22 = c00, c23 = c00, c30 = c00;
        FloatVector c31 = c00, c32 = c00, c33 = c00;
        final int a1 = ars;
        final int a2 = 2 * ars;
        final int a3 = 3 * ars;
        for (int p = 0; p < k; p++) {
            int bp = bo + p * 4 * L;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            int ap = ao + p * aps;
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            c02 = b2.fma(x0, c02);
            c03 = b3.fma(x0, c03);
            FloatVector x1 = FloatVector.broadcast(S, a[ap + a1]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            c12 = b2.fma(x1, c12);
            c13 = b3.fma(x1, c13);
            FloatVector x2 = FloatVector.broadcast(S, a[ap + a2]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            c22 = b2.fma(x2, c22);
            c23 = b3.fma(x2, c23);
            FloatVector x3 = FloatVector.broadcast(S, a[ap + a3]);
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

    private static void micro3(int k, float[] a, int ao, int ars, int aps, float[] b, int bo, double[] c, int co,
                               int ldc, boolean accumulate, double[] bias, int biasOff, int rows,
                               int cols, float[] tile) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00, c02 = c00, c10 = c00, c11 = c00;
        FloatVector c12 = c00, c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        final int a1 = ars;
        final int a2 = 2 * ars;
        final int a3 = 3 * ars;
        for (int p = 0; p < k; p++) {
            int bp = bo + p * 3 * L;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            int ap = ao + p * aps;
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            c02 = b2.fma(x0, c02);
            FloatVector x1 = FloatVector.broadcast(S, a[ap + a1]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            c12 = b2.fma(x1, c12);
            FloatVector x2 = FloatVector.broadcast(S, a[ap + a2]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            c22 = b2.fma(x2, c22);
            FloatVector x3 = FloatVector.broadcast(S, a[ap + a3]);
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

    private static void micro2(int k, float[] a, int ao, int ars, int aps, float[] b, int bo, double[] c, int co,
                               int ldc, boolean accumulate, double[] bias, int biasOff, int rows,
                               int cols, float[] tile) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00, c10 = c00, c11 = c00, c20 = c00;
        FloatVector c21 = c00, c30 = c00, c31 = c00;
        final int a1 = ars;
        final int a2 = 2 * ars;
        final int a3 = 3 * ars;
        for (int p = 0; p < k; p++) {
            int bp = bo + p * 2 * L;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            int ap = ao + p * aps;
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[ap + a1]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[ap + a2]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[ap + a3]);
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

    private static void micro1(int k, float[] a, int ao, int ars, int aps, float[] b, int bo, double[] c, int co,
                               int ldc, boolean accumulate, double[] bias, int biasOff, int rows,
                               int cols, float[] tile) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = c00, c20 = c00, c30 = c00;
        final int a1 = ars;
        final int a2 = 2 * ars;
        final int a3 = 3 * ars;
        for (int p = 0; p < k; p++) {
            int bp = bo + p * L;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            int ap = ao + p * aps;
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = b0.fma(x0, c00);
            FloatVector x1 = FloatVector.broadcast(S, a[ap + a1]);
            c10 = b0.fma(x1, c10);
            FloatVector x2 = FloatVector.broadcast(S, a[ap + a2]);
            c20 = b0.fma(x2, c20);
            FloatVector x3 = FloatVector.broadcast(S, a[ap + a3]);
            c30 = b0.fma(x3, c30);
        }
        c00.intoArray(tile, TILE_OFFSET);
        c10.intoArray(tile, TILE_OFFSET + NR);
        c20.intoArray(tile, TILE_OFFSET + 2 * NR);
        c30.intoArray(tile, TILE_OFFSET + 3 * NR);
        writeBack(tile, rows, cols, 1 * L, c, co, ldc, accumulate, bias, biasOff);
    }

}
