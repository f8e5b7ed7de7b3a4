package rnn.nn;

/**
 * Register-blocked multiply kernels on packed operands, BLIS style: C (+)= Ã·B̃ where Ã is A cut into blocks of
 * {@link #MR} rows and B̃ is B cut into panels of at most {@link #panelWidth()} columns, both stored k-major
 * (see {@link Packed}). The micro-kernel keeps an MR × panel tile of C in registers over the whole k loop.
 *
 * <p><b>Determinism.</b> Every element of C is the same chain of multiply-adds over p = 0..k−1, in that order,
 * starting from zero, then added to (or stored into) C in double precision — whatever block or panel range a call
 * covers, and whatever lane of a vector the element falls in. So splitting the blocks or panels among threads
 * gives bit-identical results.
 *
 * <p>This class holds the layout and the packing (plain Java, both precisions, with vector conversions in the float
 * kernels); A is only copied (and rounded to float) when it is stored m×k, and cut into k-major blocks when the
 * product needs Aᵀ of a k×m store. Subclasses give the
 * micro-kernels: {@link ScalarGemm} (plain Java, double), and {@code VectorGemmFloat} / {@code VectorGemmDouble}
 * on {@code jdk.incubator.vector}, loaded only when that module is present.
 */
abstract class Gemm {

    /** Rows of A per block (per micro-kernel call). */
    static final int MR = 4;
    /** Rows per group of a packed Aᵀ (16 floats: one AVX-512 vector per p). */
    static final int TG = 16;
    private static final int GROUP_BLOCKS = TG / MR;

    private final Precision precision;
    private final int lanes;
    private final int panelWidth;

    Gemm(Precision precision, int lanes, int panelWidth) {
        this.precision = precision;
        this.lanes = lanes;
        this.panelWidth = panelWidth;
    }

    /** A short name for reports, e.g. {@code vector-float-16}. */
    abstract String name();

    /**
     * C[blocks blk0..blk1) × panels pan0..pan1)] (+)= Ã·B̃, for an m×n C at {@code c[cOff + i·ldc + j]}.
     * Rows ≥ m and columns ≥ n of the padded operands are computed but never stored. With {@code bias} (length n)
     * every row of C also gets {@code bias[j]} added, after the product (and after C when accumulating).
     *
     * @param tile a scratch array from {@link #newTile()}, owned by the calling thread
     */
    abstract void kernel(Packed a, Packed b, int m, int n, int blk0, int blk1, int pan0, int pan1,
                         double[] c, int cOff, int ldc, boolean accumulate, double[] bias, Object tile);

    /** A scratch tile for {@link #kernel} (one per thread). */
    abstract Object newTile();

    /**
     * Plain-Java kernels that give bit-identical results to these: for jobs too short to repay the vector code's
     * warm-up ({@link Compute#quickStart}). Themselves when they are already plain Java.
     */
    Gemm scalarEquivalent() {
        return this;
    }

    final Precision precision() {
        return precision;
    }

    /** Elements per vector (1 for the scalar kernels). */
    final int lanes() {
        return lanes;
    }

    /** Columns per panel of a packed B. */
    final int panelWidth() {
        return panelWidth;
    }

    final int blocks(int m) {
        return (m + MR - 1) / MR;
    }

    final int panels(int n) {
        return (n + panelWidth - 1) / panelWidth;
    }

    /** Stored width of panel {@code p} of an n-column B: its columns rounded up to whole vectors. */
    final int storedWidth(int n, int p) {
        int w = Math.min(panelWidth, n - p * panelWidth);
        return (w + lanes - 1) / lanes * lanes;
    }

    /** Size of a packed A (m×k) in elements. */
    final int packedASize(int m, int k) {
        return blocks(m) * MR * k;
    }

    /** Size of a packed B (k×n) in elements. */
    final int packedBSize(int k, int n) {
        int full = n / panelWidth;
        int size = full * panelWidth * k;
        if (n % panelWidth != 0) {
            size += storedWidth(n, full) * k;
        }
        return size;
    }

    /**
     * Prepares A (m×k) in {@code into}, in the kernels' precision, with zero rows up to whole blocks:
     * <ul>
     * <li>{@code transposed} false — A[i][p] at {@code a[off + i·ld + p]}: a plain copy (row stride k); the
     * micro-kernels read the MR rows of a block in place, each sequentially, so this is a contiguous copy or
     * conversion, not a reshuffle;</li>
     * <li>{@code transposed} true — A stored k×m, A[i][p] at {@code a[off + p·ld + i]}: cut into groups of
     * {@link #TG} rows stored k-major (TG values per p, a vector's worth), so that packing is one contiguous
     * conversion per p and group, and the micro-kernel walks a group sequentially instead of one cache line per p
     * at a stride of m.</li>
     * </ul>
     * {@code a} is not modified.
     */
    final void packA(boolean transposed, int m, int k, double[] a, int off, int ld, Packed into) {
        packA(transposed, m, k, a, off, ld, into, null);
    }

    /**
     * As {@link #packA(boolean, int, int, double[], int, int, Packed)}; for a transposed A also adds the column sums
     * of the k×m store (Σ_p A[i][p], summed in double in increasing p) into {@code columnSums} when it is not null
     * — the bias gradient, read in the same pass.
     */
    final void packA(boolean transposed, int m, int k, double[] a, int off, int ld, Packed into, double[] columnSums) {
        into.extent = m;
        into.k = k;
        into.owner = this;
        into.transposed = transposed;
        boolean single = precision == Precision.FLOAT;
        if (!transposed) {
            int mp = blocks(m) * MR;
            float[] df = single ? into.floats(mp * k) : null;
            double[] dd = single ? null : into.doubles(mp * k);
            if (ld == k) { // contiguous rows: one run
                if (single) {
                    convert(a, off, df, 0, m * k);
                } else {
                    System.arraycopy(a, off, dd, 0, m * k);
                }
            } else {
                for (int i = 0; i < m; i++) {
                    if (single) {
                        convert(a, off + i * ld, df, i * k, k);
                    } else {
                        System.arraycopy(a, off + i * ld, dd, i * k, k);
                    }
                }
            }
            if (single) {
                java.util.Arrays.fill(df, m * k, mp * k, 0f);
            } else {
                java.util.Arrays.fill(dd, m * k, mp * k, 0.0);
            }
            return;
        }
        int groups = (m + TG - 1) / TG;
        float[] df = single ? into.floats(groups * TG * k) : null;
        double[] dd = single ? null : into.doubles(groups * TG * k);
        for (int p = 0; p < k; p++) {
            if (single) {
                packRow(a, off + p * ld, m, df, p * TG, TG * k, columnSums);
            } else {
                packRow(a, off + p * ld, m, dd, p * TG, TG * k, columnSums);
            }
        }
    }

    /**
     * One row of a k×m store into its place in every group of a packed Aᵀ: values [g·TG, g·TG + TG) to
     * {@code dst[o + g·groupStride ..]}, the last group zero-padded; optionally adding the row into
     * {@code columnSums} (in double, row after row).
     */
    void packRow(double[] a, int s, int m, float[] dst, int o, int groupStride, double[] columnSums) {
        for (int i = 0; i < m; i++) {
            dst[o + (i / TG) * groupStride + i % TG] = (float) a[s + i];
        }
        for (int i = m; i % TG != 0; i++) {
            dst[o + (i / TG) * groupStride + i % TG] = 0f;
        }
        if (columnSums != null) {
            for (int i = 0; i < m; i++) {
                columnSums[i] += a[s + i];
            }
        }
    }

    void packRow(double[] a, int s, int m, double[] dst, int o, int groupStride, double[] columnSums) {
        int g = 0;
        for (; (g + 1) * TG <= m; g++) {
            System.arraycopy(a, s + g * TG, dst, o + g * groupStride, TG);
        }
        if (g * TG < m) {
            for (int r = 0; r < TG; r++) {
                int i = g * TG + r;
                dst[o + g * groupStride + r] = i < m ? a[s + i] : 0.0;
            }
        }
        if (columnSums != null) {
            for (int i = 0; i < m; i++) {
                columnSums[i] += a[s + i];
            }
        }
    }

    /** {@code dst[d..d+len) = (float) src[s..s+len)} (overridden with vector conversions). */
    void convert(double[] src, int s, float[] dst, int d, int len) {
        for (int i = 0; i < len; i++) {
            dst[d + i] = (float) src[s + i];
        }
    }

    /** Offset of block {@code ib} (rows ib·MR..) of a packed A: its row 0, p = 0. */
    static int blockOffset(Packed a, int ib) {
        return a.transposed ? (ib / GROUP_BLOCKS) * TG * a.k + (ib % GROUP_BLOCKS) * MR : ib * MR * a.k;
    }

    /** Distance between rows i and i+1 of a packed A. */
    static int rowStride(Packed a) {
        return a.transposed ? 1 : a.k;
    }

    /** Distance between p and p+1 of a packed A. */
    static int depthStride(Packed a) {
        return a.transposed ? TG : 1;
    }

    /**
     * Packs B (k×n) into {@code into}: {@code transposed} false reads B[p][j] at {@code b[off + p·ld + j]},
     * true reads it at {@code b[off + j·ld + p]} (B stored n×k, as weights [out, in] are). {@code b} is not
     * modified.
     */
    final void packB(boolean transposed, int k, int n, double[] b, int off, int ld, Packed into) {
        into.extent = n;
        into.k = k;
        into.owner = this;
        int size = packedBSize(k, n);
        int panels = panels(n);
        boolean single = precision == Precision.FLOAT;
        float[] df = single ? into.floats(size) : null;
        double[] dd = single ? null : into.doubles(size);
        for (int pn = 0; pn < panels; pn++) {
            int j0 = pn * panelWidth;
            int w = Math.min(panelWidth, n - j0);
            int sw = storedWidth(n, pn);
            int o = j0 * k;
            if (!transposed) {
                for (int p = 0; p < k; p++) {
                    int s = off + p * ld + j0;
                    if (single) {
                        convert(b, s, df, o, w);
                        for (int jj = w; jj < sw; jj++) {
                            df[o + jj] = 0f;
                        }
                    } else {
                        System.arraycopy(b, s, dd, o, w);
                        for (int jj = w; jj < sw; jj++) {
                            dd[o + jj] = 0.0;
                        }
                    }
                    o += sw;
                }
            } else {
                for (int jj = 0; jj < sw; jj++) {
                    int s = off + (j0 + jj) * ld;
                    int q = o + jj;
                    if (jj < w) {
                        if (single) {
                            for (int p = 0; p < k; p++) {
                                df[q + p * sw] = (float) b[s + p];
                            }
                        } else {
                            for (int p = 0; p < k; p++) {
                                dd[q + p * sw] = b[s + p];
                            }
                        }
                    } else {
                        for (int p = 0; p < k; p++) {
                            if (single) {
                                df[q + p * sw] = 0f;
                            } else {
                                dd[q + p * sw] = 0.0;
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Writes rows {@code rows} × columns {@code cols} of a tile (from {@code t0}, row stride {@code ts}) into C,
     * adding to it when {@code accumulate}, then adding {@code bias[biasOff + j]} when there is a bias.
     */
    static void storeTile(float[] tile, int t0, int ts, int rows, int cols, double[] c, int ci, int ldc,
                          boolean accumulate, double[] bias, int biasOff) {
        for (int r = 0; r < rows; r++) {
            int t = t0 + r * ts;
            if (bias != null) {
                for (int j = 0; j < cols; j++) {
                    double v = accumulate ? c[ci + j] + tile[t + j] : tile[t + j];
                    c[ci + j] = v + bias[biasOff + j];
                }
            } else if (accumulate) {
                for (int j = 0; j < cols; j++) {
                    c[ci + j] += tile[t + j];
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    c[ci + j] = tile[t + j];
                }
            }
            ci += ldc;
        }
    }

    static void storeTile(double[] tile, int t0, int ts, int rows, int cols, double[] c, int ci, int ldc,
                          boolean accumulate, double[] bias, int biasOff) {
        for (int r = 0; r < rows; r++) {
            int t = t0 + r * ts;
            if (bias != null) {
                for (int j = 0; j < cols; j++) {
                    double v = accumulate ? c[ci + j] + tile[t + j] : tile[t + j];
                    c[ci + j] = v + bias[biasOff + j];
                }
            } else if (accumulate) {
                for (int j = 0; j < cols; j++) {
                    c[ci + j] += tile[t + j];
                }
            } else {
                System.arraycopy(tile, t, c, ci, cols);
            }
            ci += ldc;
        }
    }
}
