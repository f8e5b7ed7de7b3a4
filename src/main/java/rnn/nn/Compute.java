package rnn.nn;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * The dense multiplies of the hot path, on row-major {@code double[]} blocks addressed by offset and leading
 * dimension (so a time step's rows inside a (T·B)×N sequence buffer are used in place, without copies).
 *
 * <p>Three forms cover every multiply in forward and backward:
 * <ul>
 * <li>{@link #mulNT}: C (+)= A·Bᵀ, A m×k, B n×k — forward projections {@code x·W_ihᵀ}, {@code h·W_hhᵀ}
 * (weights stored [out, in] as in PyTorch);</li>
 * <li>{@link #mulNN}: C (+)= A·B, A m×k, B k×n — input and state gradients {@code dG·W};</li>
 * <li>{@link #mulTN}: C (+)= Aᵀ·B, A k×m, B k×n — weight gradients {@code dGᵀ·X} over all steps at once.</li>
 * </ul>
 * With more than one thread the rows of C are split among threads; every element of C is computed by the same
 * sequence of floating-point operations whatever the split, so results are bit-identical for any thread count.
 * Nothing here allocates per call on the single-thread path.
 */
public final class Compute implements AutoCloseable {

    /** Multiplies with fewer multiply-adds than this run on the calling thread only (splitting costs more). */
    private static final long PARALLEL_MIN_FLOPS = 1L << 16;

    private final int threads;
    private final ExecutorService pool;

    /** A single-threaded instance, for tests and small models. */
    public static Compute singleThreaded() {
        return new Compute(1);
    }

    /** @param threads number of threads to split multiplies over (at least 1); double precision */
    public Compute(int threads, Precision precision) {
        this(threads);
    }

    /** @param threads number of threads to split multiplies over (at least 1) */
    public Compute(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: expected at least 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "rnn-compute");
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return threads;
    }

    /** The arithmetic of the multiplies: always double here. */
    public Precision precision() {
        return Precision.DOUBLE;
    }

    /** The kernels in use, for reports. */
    public String kernelName() {
        return "scalar-double-naive";
    }

    /**
     * C[m×n] = A[m×k]·B[n×k]ᵀ (+ C when {@code accumulate}). A and B are not modified; C is modified.
     */
    public void mulNT(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double[] c, int cOff, int ldc, boolean accumulate) {
        run(m, (long) m * n * k, (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int ai = aOff + i * lda;
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a[ai + p] * b[bj + p];
                    }
                    c[ci + j] = accumulate ? c[ci + j] + s : s;
                }
            }
        });
    }

    /**
     * C[m×n] = A[m×k]·B[k×n] (+ C when {@code accumulate}). A and B are not modified; C is modified.
     */
    public void mulNN(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double[] c, int cOff, int ldc, boolean accumulate) {
        run(m, (long) m * n * k, (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int ci = cOff + i * ldc;
                if (!accumulate) {
                    java.util.Arrays.fill(c, ci, ci + n, 0.0);
                }
                int ai = aOff + i * lda;
                for (int p = 0; p < k; p++) {
                    double aip = a[ai + p];
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        });
    }

    /**
     * C[m×n] = A[k×m]ᵀ·B[k×n] (+ C when {@code accumulate}). A and B are not modified; C is modified.
     * The sum over k runs in increasing order for every element.
     */
    public void mulTN(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double[] c, int cOff, int ldc, boolean accumulate) {
        run(m, (long) m * n * k, (r0, r1) -> {
            if (!accumulate) {
                for (int i = r0; i < r1; i++) {
                    java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
                }
            }
            for (int p = 0; p < k; p++) {
                int ap = aOff + p * lda;
                int bp = bOff + p * ldb;
                for (int i = r0; i < r1; i++) {
                    double api = a[ap + i];
                    if (api == 0.0) {
                        continue;
                    }
                    int ci = cOff + i * ldc;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += api * b[bp + j];
                    }
                }
            }
        });
    }

    @FunctionalInterface
    private interface RowRange {
        void apply(int r0, int r1);
    }

    private void run(int rows, long flops, RowRange body) {
        if (threads == 1 || rows < 2 || flops < PARALLEL_MIN_FLOPS) {
            body.apply(0, rows);
            return;
        }
        int parts = Math.min(threads, rows);
        @SuppressWarnings("unchecked")
        Future<?>[] futures = new Future<?>[parts - 1];
        for (int t = 1; t < parts; t++) {
            int r0 = (int) ((long) rows * t / parts);
            int r1 = (int) ((long) rows * (t + 1) / parts);
            futures[t - 1] = pool.submit(() -> body.apply(r0, r1));
        }
        body.apply(0, (int) ((long) rows / parts));
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while multiplying", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a compute thread failed", e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
