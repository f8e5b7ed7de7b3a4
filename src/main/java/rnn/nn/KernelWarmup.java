package rnn.nn;

import java.util.Arrays;

import rnn.random.Rng;

/**
 * Compiles the vector kernels on a background thread while a job starts on their plain-Java equivalents
 * ({@link Compute#warmStart}). Until the optimising compiler has compiled the vector code every vector is a heap
 * object and the vector kernels run 10-100x slower than plain loops; the JIT compiles a method for every thread
 * once it is hot on any thread, so a twin of the job's model (same {@link ModelSpec}, a small batch of zero inputs,
 * its own parameters, one-thread vector kernels) passed forward and backward here makes the kernels hot without
 * costing the job's thread anything.
 *
 * <p>The kernels count as warm once a pass of the twin has taken no longer than {@link #SETTLED} times the fastest
 * pass so far for {@link #SETTLED_PASSES} passes in a row, after at least {@link #MIN_PASSES} passes: the pass time
 * falls by 10-100x while the compiler works through the kernels and then stays flat. Nothing the job computes
 * depends on when that happens: the two sets of kernels give bit-identical results.
 */
final class KernelWarmup implements Runnable {

    /** Passes before the kernels can count as warm (the compiler needs a few hundred calls of each kernel). */
    static final int MIN_PASSES = 40;
    /** A pass within this factor of the fastest so far counts as settled. */
    static final double SETTLED = 1.3;
    /** Settled passes in a row that make the kernels warm. */
    static final int SETTLED_PASSES = 10;
    /** Passes after which the kernels count as warm whatever the timings (a machine too busy to time them). */
    static final int MAX_PASSES = 2000;
    /** Batch rows of the twin: two register blocks, so that every kernel path (full and partial blocks) runs. */
    static final int BATCH = 2 * Gemm.MR + 1;
    /** Time steps of the twin, at most. */
    static final int MAX_STEPS = 8;

    private final ModelSpec spec;
    private final Precision precision;
    private final int steps;
    private volatile boolean warm;
    private volatile boolean stopped;
    private volatile int passes;
    private volatile Throwable failure;

    private KernelWarmup(ModelSpec spec, Precision precision, int steps) {
        this.spec = spec;
        this.precision = precision;
        this.steps = Math.max(1, Math.min(MAX_STEPS, steps));
    }

    /** Starts warming the kernels of {@code spec} on a daemon thread. */
    static KernelWarmup start(ModelSpec spec, Precision precision, int steps) {
        KernelWarmup w = new KernelWarmup(spec, precision, steps);
        Thread t = new Thread(w, "rnn-kernel-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return w;
    }

    /** Whether the vector kernels are compiled (or the warm-up gave up, which makes them no slower). */
    boolean isWarm() {
        return warm;
    }

    /** Passes of the twin run so far. */
    int passes() {
        return passes;
    }

    /** What ended the warm-up early, or null. */
    Throwable failure() {
        return failure;
    }

    /** Ends the warm-up after its current pass. */
    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try (Compute compute = new Compute(1, precision)) {
            RecurrentModel twin = new RecurrentModel(spec, compute);
            twin.initialize(new Rng(1));
            SequenceInput in = SequenceInput.of(new double[BATCH * steps * spec.inputSize()], BATCH, steps,
                    spec.inputSize());
            double[] dPred = new double[twin.predictionRows(in) * spec.outputs()];
            Arrays.fill(dPred, 1e-3);
            long fastest = Long.MAX_VALUE;
            int settled = 0;
            for (int pass = 1; !stopped && pass <= MAX_PASSES; pass++) {
                long start = System.nanoTime();
                twin.forward(in, false, false);
                twin.backward(dPred, 0, false);
                twin.parameters().zeroGrad();
                long took = System.nanoTime() - start;
                fastest = Math.min(fastest, took);
                settled = took <= SETTLED * fastest ? settled + 1 : 0;
                passes = pass;
                if (pass >= MIN_PASSES && settled >= SETTLED_PASSES) {
                    break;
                }
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            // the twin is an optimisation only: without it the job switches to the vector kernels cold, as fast as
            // a job that never had a warm-up, and computes the same results
            failure = e;
        } finally {
            warm = true;
        }
    }
}
