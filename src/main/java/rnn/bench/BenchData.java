package rnn.bench;

/**
 * The data of {@code ../shared/bench/BENCH-SPEC.md}: N sequences of T = 50 steps with D = 10 features and one
 * target, <pre>
 *   x[n,t,d] = sin(0.07·(t+1)·(d+1) + 0.5·n) + 0.1·cos(0.3·t·d + n)
 *   y[n]     = sin(0.07·(T+1) + 0.5·n)
 * </pre>
 * stored sequence-major ({@code x[(n·T + t)·D + d]}) as a data set would hold it; {@link #fillBatch} writes a
 * batch time-major, as the trainer's batching does.
 */
final class BenchData {

    static final int STEPS = 50;
    static final int FEATURES = 10;

    final int n;
    final double[] x;
    final double[] y;

    BenchData(int n) {
        this.n = n;
        this.x = new double[n * STEPS * FEATURES];
        this.y = new double[n];
        for (int s = 0; s < n; s++) {
            for (int t = 0; t < STEPS; t++) {
                for (int d = 0; d < FEATURES; d++) {
                    x[(s * STEPS + t) * FEATURES + d] = Math.sin(0.07 * (t + 1) * (d + 1) + 0.5 * s)
                            + 0.1 * Math.cos(0.3 * t * d + s);
                }
            }
            y[s] = Math.sin(0.07 * (STEPS + 1) + 0.5 * s);
        }
    }

    /** Sequences [start, start + batch) into {@code bx} (time-major, row t·B + b) and {@code by}. */
    void fillBatch(int start, int batch, double[] bx, double[] by) {
        for (int b = 0; b < batch; b++) {
            int s = start + b;
            for (int t = 0; t < STEPS; t++) {
                System.arraycopy(x, (s * STEPS + t) * FEATURES, bx, (t * batch + b) * FEATURES, FEATURES);
            }
            by[b] = y[s];
        }
    }
}
