package rnn.nn;

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
 * A right operand that many multiplies reuse (the recurrent weights, once per time step) is packed once with
 * {@link #packNT} or {@link #packNN} and multiplied with {@link #mul}; dGᵀ, used by two weight gradients, is packed
 * once with {@link #packTN} (its column sums, the bias gradient, in the same pass).
 *
 * <p><b>Kernels and precision.</b> With the {@code jdk.incubator.vector} module (run with
 * {@code --add-modules jdk.incubator.vector}) the multiplies run register-blocked vector kernels ({@link Gemm})
 * and the cells' element-wise math is vectorised ({@link #gateMath()}); without it, plain-Java kernels and the
 * cells' scalar loops. {@link Precision#FLOAT} computes the products, their sums and the activations in float32
 * (operands are rounded to float when packed; C and all state stay double); {@link Precision#DOUBLE} computes in
 * double — the gradient checks run there, through the same layer code. Without the vector module the arithmetic
 * is always double. Multiplies smaller than {@value #PACK_MIN_FLOPS} multiply-adds run as plain double loops
 * (packing would cost more than it saves).
 *
 * <p><b>Threads.</b> With more than one thread, a multiply's blocks of rows (or panels of columns) are split among
 * the threads from {@link #PARALLEL_MIN_FLOPS} multiply-adds, and the layers split a time step's batch rows from
 * {@link #STEP_PARALLEL_MIN_WORK} ({@link #runParts}, {@link #mulPart}). Every element is computed by the same
 * sequence of floating-point operations whatever the split, so results are bit-identical for any thread count.
 * {@link #defaultThreads} is the default thread count. Nothing here allocates per call. An instance is used by
 * one thread at a time (the training loop); its pool threads are its own (daemons; {@link #close} stops them).
 */
public final class Compute implements AutoCloseable {

    /** Multiplies with fewer multiply-adds than this run as plain loops, without packing. */
    static final long PACK_MIN_FLOPS = 1L << 12;
    /**
     * Multiplies with fewer multiply-adds than this run on the calling thread only: a dispatch to the other
     * threads and back costs 0.6-0.9 us on the machines measured, and a split pays from about 10 us of work
     * (KernelBenchmark with 1 and 2 threads).
     */
    static final long PARALLEL_MIN_FLOPS = 1L << 19;
    /**
     * Time steps with less work than this ({@link #stepWork}) run on one thread; above it every thread takes a
     * share of the batch rows (multiply and gate math of every step, one barrier per layer and pass). Measured
     * with 2 threads: an RNN step at H = 32 (98K) is faster alone, a GRU step at H = 32 (295K) split.
     */
    static final long STEP_PARALLEL_MIN_WORK = 1L << 18;
    /**
     * Jobs with fewer multiply-adds in all than this ({@link #jobWork}, about 69·10⁹) run on one thread under
     * {@code --threads 0}: about 7 s of one thread's compute at the README example's shape (10·10⁹ multiply-adds
     * per second), enough for a 1.2x split to repay the second thread's start-up cost (see {@link #threadsFor}).
     */
    static final long JOB_PARALLEL_MIN_WORK = 1L << 36;
    /**
     * Tokens whose layers do fewer multiply-adds than this ({@link #weightsPerRowStep}) are generated on one thread
     * under {@code --threads 0}: a paired step hands work to the other thread and back once per layer (about
     * 0.3 us each), which pays only when the multiplies take several microseconds.
     */
    public static final long PAIRED_STEP_MIN_WORK = 1L << 17;
    /**
     * The most threads per available processor an explicit thread count may ask for ({@link #maxThreads}): more
     * only add dispatch and barrier work (every task waits for every thread), and 10⁵ threads took minutes to
     * start and to synchronise.
     */
    public static final int MAX_THREADS_PER_CORE = 4;
    /** System property that turns the vector kernels off ({@code -Drnn.vector=false}), for comparisons. */
    public static final String VECTOR_PROPERTY = "rnn.vector";

    private final int threads;
    private final long parallelMinFlops;
    private final long stepParallelMinWork;
    private final Gemm gemm;
    private final GateMath gateMath;
    private final WorkerPool pool;
    private final Object[] tiles;
    /** The A operand scratch of each pool part (part 0: the calling thread's, also used by the pool multiplies). */
    private final Packed[] partA;
    private final Packed packedA;
    private final Packed packedB;
    private final MulTask mulTask = new MulTask();

    /**
     * Jobs with fewer multiply-adds in all than this ({@link #jobWork}, about 5·10⁸) run on the plain-Java
     * equivalents of the vector kernels ({@link #quickStart}; bit-identical results): until the optimising compiler
     * has compiled the vector code — some 0.5 s of a small job's start — every vector is a heap object and the
     * vector kernels run 10-100x slower than plain loops, and the plain loops do this much work in about that time
     * once compiled (measured: {@code rnn eval} of the README example's model, 7·10⁷ multiply-adds, 1.3 s with
     * the vector kernels, 0.6 s with these).
     */
    static final long QUICK_START_MAX_WORK = 1L << 29;

    /** A single-threaded, double-precision instance, for tests and small models. */
    public static Compute singleThreaded() {
        return new Compute(1);
    }

    /** Double precision over {@code threads} threads (at least 1). */
    public Compute(int threads) {
        this(threads, Precision.DOUBLE);
    }

    /** The most threads an instance may use: {@value #MAX_THREADS_PER_CORE} per available processor. */
    public static int maxThreads() {
        return MAX_THREADS_PER_CORE * Runtime.getRuntime().availableProcessors();
    }

    /**
     * @param threads   number of threads to split multiplies over (1 to {@link #maxThreads})
     * @param precision the arithmetic of the multiplies (FLOAT falls back to DOUBLE without the vector module)
     */
    public Compute(int threads, Precision precision) {
        this(threads, precision, vectorAvailable());
    }

    /**
     * An instance whose results are bit-identical to {@code new Compute(threads, precision)}'s, computed by plain
     * scalar Java instead of the vector kernels and gate math ({@link Gemm#scalarEquivalent},
     * {@link GateMath#scalarEquivalent}): for jobs too short to repay the vector code's warm-up (see
     * {@link #QUICK_START_MAX_WORK}). Without the vector module it is {@code new Compute(threads, precision)}.
     */
    public static Compute quickStart(int threads, Precision precision) {
        boolean vector = vectorAvailable();
        GateMath gateMath = vector ? vectorGateMath(precision) : null;
        return new Compute(threads, kernels(precision, vector).scalarEquivalent(),
                gateMath == null ? null : gateMath.scalarEquivalent(), PARALLEL_MIN_FLOPS, STEP_PARALLEL_MIN_WORK);
    }

    /**
     * The instance for a job that passes {@code rowSteps} example time steps through {@code spec} (see
     * {@link #defaultThreads(ModelSpec, int, long)}): {@link #quickStart} below {@link #QUICK_START_MAX_WORK}
     * multiply-adds, else the vector kernels. Either way the results are the same, bit for bit.
     */
    public static Compute forJob(int threads, Precision precision, ModelSpec spec, long rowSteps) {
        return usesQuickStart(spec, rowSteps) ? quickStart(threads, precision) : new Compute(threads, precision);
    }

    /** Whether {@link #forJob} takes the plain-Java kernels for this job. */
    static boolean usesQuickStart(ModelSpec spec, long rowSteps) {
        return jobWork(spec, rowSteps) < QUICK_START_MAX_WORK;
    }

    /** With the vector kernels and gate math when {@code vector} (and the module is present), else plain Java. */
    Compute(int threads, Precision precision, boolean vector) {
        this(threads, kernels(precision, vector), vector ? vectorGateMath(precision) : null, PARALLEL_MIN_FLOPS,
                STEP_PARALLEL_MIN_WORK);
    }

    /** For tests: every multiply and every step as large as these is split among the threads (0: all). */
    static Compute withSplitThresholds(int threads, Precision precision, boolean vector, long parallelMinFlops,
                                       long stepParallelMinWork) {
        return new Compute(threads, kernels(precision, vector), vector ? vectorGateMath(precision) : null,
                parallelMinFlops, stepParallelMinWork);
    }

    private Compute(int threads, Gemm gemm, GateMath gateMath, long parallelMinFlops, long stepParallelMinWork) {
        if (threads < 1 || threads > maxThreads()) {
            throw new IllegalArgumentException("threads: expected 1 to " + maxThreads() + " (" + MAX_THREADS_PER_CORE
                    + " per processor), got " + threads);
        }
        this.threads = threads;
        this.parallelMinFlops = parallelMinFlops;
        this.stepParallelMinWork = stepParallelMinWork;
        this.gemm = gemm;
        this.gateMath = gemm instanceof ScalarGemm ? null : gateMath;
        this.pool = threads == 1 ? null : new WorkerPool(threads - 1);
        this.tiles = new Object[threads];
        for (int t = 0; t < threads; t++) {
            tiles[t] = gemm.newTile();
        }
        this.partA = new Packed[threads];
        for (int t = 0; t < threads; t++) {
            partA[t] = new Packed();
        }
        this.packedA = partA[0];
        this.packedB = new Packed();
    }

    /**
     * The thread count that trains or predicts a model fastest at steady state, for a model and batch size:
     * every available processor when some layer's time step has enough work to be split among threads
     * ({@link #stepWork} ≥ {@link #STEP_PARALLEL_MIN_WORK}), else 1 — then only the batched multiplies could be
     * split, and waking the other threads for them costs about what it saves (measured: RNN [32] trains 30% slower
     * with 2 threads; every larger BENCH-SPEC model 1.2-1.9x faster). At most one thread per block of
     * {@link Gemm#MR} batch rows. This is the rule for a long job ({@code rnn bench} times epochs after the first);
     * {@link #defaultThreads(ModelSpec, int, long)} adds the job's size. Results do not depend on it: they are
     * bit-identical for any thread count.
     */
    public static int defaultThreads(ModelSpec spec, int batch) {
        return threadsFor(spec, batch, Long.MAX_VALUE, Runtime.getRuntime().availableProcessors());
    }

    /**
     * {@code --threads 0} for a whole job: {@link #defaultThreads(ModelSpec, int)}, but one thread when the job
     * does less than {@link #JOB_PARALLEL_MIN_WORK} multiply-adds in all ({@link #jobWork}).
     *
     * @param rowSteps the time steps of all the examples the job passes forward, counted once per pass
     *                 (training: epochs × training examples × steps, each counted 3 times for forward and
     *                 backward, plus the validation passes; prediction: examples × steps)
     */
    public static int defaultThreads(ModelSpec spec, int batch, long rowSteps) {
        return threadsFor(spec, batch, jobWork(spec, rowSteps), Runtime.getRuntime().availableProcessors());
    }

    /**
     * The rule behind {@code --threads 0}, a pure function of the shape, the job and the processors:
     * <ol>
     * <li>1 when the job has less than {@link #JOB_PARALLEL_MIN_WORK} multiply-adds in all: a second thread
     * saves at most a share of the job's compute time, but costs a fixed part of a second at start-up (it
     * competes with the JIT compiler threads while the kernels warm up) — measured on the README's example
     * (GRU [64], 231 windows of 20 steps, 20 epochs: 3.5·10⁹ multiply-adds), 2 threads took 0.5-0.8 s longer
     * than 1;</li>
     * <li>else 1 when no layer's time step has {@link #STEP_PARALLEL_MIN_WORK} multiply-adds ({@link #stepWork}
     * of batch rows × G·H gates × H + 64): a time step too small to split;</li>
     * <li>else {@code min(cores, batch / }{@link Gemm#MR}{@code )}, at least 1: every processor, but at least
     * one block of batch rows per thread.</li>
     * </ol>
     */
    static int threadsFor(ModelSpec spec, int batch, long jobWork, int cores) {
        if (jobWork < JOB_PARALLEL_MIN_WORK) {
            return 1;
        }
        int gates = gates(spec);
        long work = 0;
        for (int h : spec.hidden()) {
            work = Math.max(work, stepWork(batch, gates * h, h));
        }
        return work >= STEP_PARALLEL_MIN_WORK ? Math.max(1, Math.min(cores, batch / Gemm.MR)) : 1;
    }

    /**
     * The threads that can share a token's multiplies for a model ({@code rnn generate --threads 2}, and the
     * benchmark's second generation rate): two ({@link PairedStep}) when there are two processors or more and a
     * token has at least {@link #PAIRED_STEP_MIN_WORK} multiply-adds in its layers, else one. Never more than two: the hand-offs of a step grow with the threads, and only two were measured. Results
     * do not depend on it (bit-identical for any thread count).
     */
    public static int generationThreads(ModelSpec spec) {
        return generationThreadsFor(spec, Runtime.getRuntime().availableProcessors());
    }

    /** {@link #generationThreads} on {@code cores} processors. */
    static int generationThreadsFor(ModelSpec spec, int cores) {
        return cores >= 2 && weightsPerRowStep(spec) >= PAIRED_STEP_MIN_WORK ? 2 : 1;
    }

    /**
     * The multiply-adds of a job that passes {@code rowSteps} example time steps through the model: per row and
     * step, every layer's input and recurrent multiplies, G·H·(in + H) (saturating at {@link Long#MAX_VALUE}).
     */
    static long jobWork(ModelSpec spec, long rowSteps) {
        long perRowStep = weightsPerRowStep(spec);
        return rowSteps > Long.MAX_VALUE / Math.max(1, perRowStep) ? Long.MAX_VALUE : rowSteps * perRowStep;
    }

    /**
     * The multiply-adds per example time step, Σ G·H·(in + H) over the layers: also the number of the layers'
     * weights (one direction).
     */
    static long weightsPerRowStep(ModelSpec spec) {
        int gates = gates(spec);
        long perRowStep = 0;
        int in = spec.firstLayerInputs();
        for (int h : spec.hidden()) {
            perRowStep += (long) gates * h * (in + h);
            in = h;
        }
        return perRowStep;
    }

    private static int gates(ModelSpec spec) {
        return switch (spec.cell()) {
            case RNN -> 1;
            case GRU -> 3;
            case LSTM -> 4;
        };
    }

    /**
     * The work of one time step of a layer, in multiply-adds: the recurrent multiply (B·G·H·H) plus 64 per
     * activation (a vectorised σ or tanh costs about as much as 64 multiply-adds).
     */
    static long stepWork(int batch, int gh, int hidden) {
        return (long) batch * gh * (hidden + 64);
    }

    /** True when {@code jdk.incubator.vector} is in the boot layer and not turned off by {@value #VECTOR_PROPERTY}. */
    public static boolean vectorAvailable() {
        return !"false".equals(System.getProperty(VECTOR_PROPERTY))
                && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The kernels for a precision: vector ones when {@code vector}, else the plain-Java (double) ones. */
    static Gemm kernels(Precision precision, boolean vector) {
        if (!vector) {
            return new ScalarGemm();
        }
        String name = precision == Precision.FLOAT ? "rnn.nn.VectorGemmFloat" : "rnn.nn.VectorGemmDouble";
        try {
            // loaded by name: the class links against jdk.incubator.vector, which may be absent
            return (Gemm) Class.forName(name).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return new ScalarGemm();
        }
    }

    private static GateMath vectorGateMath(Precision precision) {
        try {
            return (GateMath) Class.forName("rnn.nn.VectorGateMath").getDeclaredConstructor(boolean.class)
                    .newInstance(precision == Precision.FLOAT);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** The vectorised gate math, or {@code null} when the cells run their scalar loops. */
    GateMath gateMath() {
        return gateMath;
    }

    public int threads() {
        return threads;
    }

    /** The arithmetic actually used by the multiplies. */
    public Precision precision() {
        return gemm.precision();
    }

    /** The kernels in use, e.g. {@code vector-float16} or {@code scalar-double}. */
    public String kernelName() {
        return gemm.name();
    }

    /** An empty packed operand, to be filled by {@link #packNT} or {@link #packNN}. */
    public Packed newPacked() {
        return new Packed();
    }

    /**
     * Packs B (stored n×k at {@code b[bOff + j·ldb + p]}) as the right operand Bᵀ (k×n) of {@link #mul}:
     * {@code mul(A, packNT(W))} computes A·Wᵀ. B is not modified; {@code into} is modified and returned.
     */
    public Packed packNT(Packed into, int n, int k, double[] b, int bOff, int ldb) {
        gemm.packB(true, k, n, b, bOff, ldb, into);
        return into;
    }

    /**
     * Packs B (stored k×n at {@code b[bOff + p·ldb + j]}) as the right operand of {@link #mul}. B is not
     * modified; {@code into} is modified and returned.
     */
    public Packed packNN(Packed into, int k, int n, double[] b, int bOff, int ldb) {
        gemm.packB(false, k, n, b, bOff, ldb, into);
        return into;
    }

    /**
     * Packs A (stored k×m at {@code a[aOff + p·lda + i]}) as the left operand Aᵀ of {@link #mulTN(Packed, int,
     * double[], int, int, double[], int, int, boolean)}, for several weight gradients over the same dG. A is not
     * modified; {@code into} is modified and returned.
     */
    public Packed packTN(Packed into, int m, int k, double[] a, int aOff, int lda) {
        return packTN(into, m, k, a, aOff, lda, null);
    }

    /**
     * As {@link #packTN(Packed, int, int, double[], int, int)}, also adding the column sums of the k×m store
     * (Σ_p A[p][i], in double, in increasing p) into {@code columnSums} when it is not null: the bias gradient
     * Σ_rows dG, from the same pass over dG.
     */
    public Packed packTN(Packed into, int m, int k, double[] a, int aOff, int lda, double[] columnSums) {
        gemm.packA(true, m, k, a, aOff, lda, into, columnSums);
        return into;
    }

    /**
     * C[m×n] = Ãᵀ·B[k×n] (+ C when {@code accumulate}), Ã a k×m operand packed by {@link #packTN}. Ã and B are not
     * modified; C is modified.
     */
    public void mulTN(Packed a, int n, double[] b, int bOff, int ldb, double[] c, int cOff, int ldc,
                      boolean accumulate) {
        if (a.owner != gemm || !a.transposed) {
            throw new IllegalArgumentException("mulTN: expected an operand packed by packTN of this instance");
        }
        gemm.packB(false, a.k, n, b, bOff, ldb, packedB);
        multiply(a, packedB, a.extent, n, c, cOff, ldc, accumulate);
    }

    /**
     * C[m×n] = A[m×k]·B̃ (+ C when {@code accumulate}), B̃ a k×n operand packed by this instance. A and B̃ are not
     * modified; C is modified.
     */
    public void mul(int m, double[] a, int aOff, int lda, Packed b, double[] c, int cOff, int ldc,
                    boolean accumulate) {
        if (b.owner != gemm) {
            throw new IllegalArgumentException("mul: the operand was packed by other kernels");
        }
        gemm.packA(false, m, b.k, a, aOff, lda, packedA);
        multiply(packedA, b, m, b.extent, c, cOff, ldc, accumulate);
    }

    /**
     * As {@link #mul(int, double[], int, int, Packed, double[], int, int, boolean)}, on the calling thread only,
     * with the scratch of pool part {@code part}: for work that {@link #runParts} has already split (a time step's
     * rows), where every part multiplies its own rows.
     */
    void mulPart(int part, int m, double[] a, int aOff, int lda, Packed b, double[] c, int cOff, int ldc,
                 boolean accumulate) {
        gemm.packA(false, m, b.k, a, aOff, lda, partA[part]);
        gemm.kernel(partA[part], b, m, b.extent, 0, gemm.blocks(m), 0, gemm.panels(b.extent), c, cOff, ldc,
                accumulate, null, tiles[part]);
    }

    /**
     * Part {@code part} of {@code parts} of C[m×n] (+)= A[m×k]·B̃ (+ 1·biasᵀ when {@code bias} is not null), B̃
     * packed by this instance: the part's share of B̃'s panels of columns (contiguous, in order), on the calling
     * thread with the scratch of part {@code part}. Every element is computed as the whole multiply
     * ({@link #mul}, {@link #mulNTBias(int, double[], int, int, Packed, double[], double[], int, int)}) computes
     * it, whatever the split; a part with no panel does nothing. A and B̃ are not modified; C is modified.
     */
    void mulPanels(int part, int parts, int m, double[] a, int aOff, int lda, Packed b, double[] bias, double[] c,
                   int cOff, int ldc, boolean accumulate) {
        int panels = gemm.panels(b.extent);
        int p0 = (int) ((long) panels * part / parts);
        int p1 = (int) ((long) panels * (part + 1) / parts);
        if (p0 >= p1) {
            return;
        }
        gemm.packA(false, m, b.k, a, aOff, lda, partA[part]);
        gemm.kernel(partA[part], b, m, b.extent, 0, gemm.blocks(m), p0, p1, c, cOff, ldc, accumulate, bias,
                tiles[part]);
    }

    /**
     * A one-thread Compute with this one's kernels, gate math and thresholds (so its results are bit-identical to
     * this one's), for work that runs on one of this Compute's parts beside another ({@link BidirectionalLayer}'s
     * two directions). It owns no thread: nothing to close.
     */
    Compute oneThreadTwin() {
        return new Compute(1, gemm, gateMath, parallelMinFlops, stepParallelMinWork);
    }

    /** Whether a time step with this much work (see {@link #STEP_PARALLEL_MIN_WORK}) is split among the threads. */
    boolean splitsStep(long work) {
        return threads > 1 && work >= stepParallelMinWork;
    }

    /** Runs parts 0..threads−1 of {@code task}, part 0 on the calling thread, and returns when all are done. */
    void runParts(WorkerPool.Task task) {
        if (pool == null) {
            task.run(0, 1);
        } else {
            pool.run(task, threads);
        }
    }

    /**
     * C[m×n] = A[m×k]·B[n×k]ᵀ (+ C when {@code accumulate}). A and B are not modified; C is modified.
     */
    public void mulNT(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double[] c, int cOff, int ldc, boolean accumulate) {
        if ((long) m * n * k < PACK_MIN_FLOPS) {
            mulSmall(m, n, k, a, aOff, lda, 1, b, bOff, 1, ldb, c, cOff, ldc, accumulate);
            return;
        }
        gemm.packA(false, m, k, a, aOff, lda, packedA);
        gemm.packB(true, k, n, b, bOff, ldb, packedB);
        multiply(packedA, packedB, m, n, c, cOff, ldc, accumulate);
    }

    /**
     * C[m×n] = A[m×k]·B[n×k]ᵀ + 1·biasᵀ: the input projection with its bias (length n) added in the same pass
     * over C. A, B and bias are not modified; C is overwritten.
     */
    public void mulNTBias(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                          double[] bias, double[] c, int cOff, int ldc) {
        if ((long) m * n * k < PACK_MIN_FLOPS) {
            mulNT(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, false);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[cOff + i * ldc + j] += bias[j];
                }
            }
            return;
        }
        gemm.packA(false, m, k, a, aOff, lda, packedA);
        gemm.packB(true, k, n, b, bOff, ldb, packedB);
        multiply(packedA, packedB, m, n, c, cOff, ldc, false, bias);
    }

    /**
     * As {@link #mulNTBias(int, int, int, double[], int, int, double[], int, int, double[], double[], int, int)}
     * with B already packed by {@link #packNT} (B̃ = Bᵀ, n×k weights): the same arithmetic, bit for bit, without
     * packing B again (for weights that do not change between calls, {@link RecurrentModel#freezeWeights}).
     */
    public void mulNTBias(int m, double[] a, int aOff, int lda, Packed b, double[] bias, double[] c, int cOff,
                          int ldc) {
        int n = b.extent;
        int k = b.k;
        if ((long) m * n * k < PACK_MIN_FLOPS) {
            throw new IllegalArgumentException("mulNTBias: a product this small is not packed; use the unpacked form");
        }
        if (b.owner != gemm) {
            throw new IllegalArgumentException("mulNTBias: the operand was packed by other kernels");
        }
        gemm.packA(false, m, k, a, aOff, lda, packedA);
        multiply(packedA, b, m, n, c, cOff, ldc, false, bias);
    }

    /** Whether a product of this size is computed from packed operands (else by a plain loop). */
    static boolean packs(int m, int n, int k) {
        return (long) m * n * k >= PACK_MIN_FLOPS;
    }

    /**
     * C[m×n] = A[m×k]·B[k×n] (+ C when {@code accumulate}). A and B are not modified; C is modified.
     */
    public void mulNN(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double[] c, int cOff, int ldc, boolean accumulate) {
        if ((long) m * n * k < PACK_MIN_FLOPS) {
            mulSmall(m, n, k, a, aOff, lda, 1, b, bOff, ldb, 1, c, cOff, ldc, accumulate);
            return;
        }
        gemm.packA(false, m, k, a, aOff, lda, packedA);
        gemm.packB(false, k, n, b, bOff, ldb, packedB);
        multiply(packedA, packedB, m, n, c, cOff, ldc, accumulate);
    }

    /**
     * C[m×n] = A[k×m]ᵀ·B[k×n] (+ C when {@code accumulate}). A and B are not modified; C is modified.
     * The sum over k runs in increasing order for every element.
     */
    public void mulTN(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double[] c, int cOff, int ldc, boolean accumulate) {
        if ((long) m * n * k < PACK_MIN_FLOPS) {
            mulSmall(m, n, k, a, aOff, 1, lda, b, bOff, ldb, 1, c, cOff, ldc, accumulate);
            return;
        }
        gemm.packA(true, m, k, a, aOff, lda, packedA);
        gemm.packB(false, k, n, b, bOff, ldb, packedB);
        multiply(packedA, packedB, m, n, c, cOff, ldc, accumulate);
    }

    /**
     * C[m×n] = Σ_p A(i, p)·B(p, j) (+ C when {@code accumulate}) for products too small to pack, with
     * A(i, p) = {@code a[aOff + i·aI + p·aP]} and B(p, j) = {@code b[bOff + p·bP + j·bJ]}: the one loop behind
     * the NT, NN and TN layouts. The sum over p runs in increasing order.
     */
    private static void mulSmall(int m, int n, int k, double[] a, int aOff, int aI, int aP, double[] b, int bOff,
                                 int bP, int bJ, double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * aI;
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * bJ;
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[ai + p * aP] * b[bj + p * bP];
                }
                c[ci + j] = accumulate ? c[ci + j] + s : s;
            }
        }
    }

    private void multiply(Packed a, Packed b, int m, int n, double[] c, int cOff, int ldc, boolean accumulate) {
        multiply(a, b, m, n, c, cOff, ldc, accumulate, null);
    }

    private void multiply(Packed a, Packed b, int m, int n, double[] c, int cOff, int ldc, boolean accumulate,
                          double[] bias) {
        int blocks = gemm.blocks(m);
        int panels = gemm.panels(n);
        int units = Math.max(blocks, panels);
        int parts = threads == 1 || (long) m * n * a.k < parallelMinFlops ? 1 : Math.min(threads, units);
        if (parts == 1) {
            gemm.kernel(a, b, m, n, 0, blocks, 0, panels, c, cOff, ldc, accumulate, bias, tiles[0]);
            return;
        }
        MulTask t = mulTask;
        t.a = a;
        t.b = b;
        t.m = m;
        t.n = n;
        t.c = c;
        t.cOff = cOff;
        t.ldc = ldc;
        t.accumulate = accumulate;
        t.bias = bias;
        // rows of C (blocks) when there are enough: threads then share no cache line of C but one; splitting
        // the columns would make both write a line of every row at the boundary
        t.byPanels = blocks < parts;
        pool.run(t, parts);
        t.a = null;
        t.b = null;
        t.c = null;
        t.bias = null;
    }

    /** One multiply split by panels of columns or blocks of rows (the fields are set per call). */
    private final class MulTask implements WorkerPool.Task {
        Packed a;
        Packed b;
        int m;
        int n;
        double[] c;
        int cOff;
        int ldc;
        boolean accumulate;
        double[] bias;
        boolean byPanels;

        @Override
        public void run(int part, int parts) {
            int blocks = gemm.blocks(m);
            int panels = gemm.panels(n);
            if (byPanels) {
                int p0 = (int) ((long) panels * part / parts);
                int p1 = (int) ((long) panels * (part + 1) / parts);
                gemm.kernel(a, b, m, n, 0, blocks, p0, p1, c, cOff, ldc, accumulate, bias, tiles[part]);
            } else {
                int b0 = (int) ((long) blocks * part / parts);
                int b1 = (int) ((long) blocks * (part + 1) / parts);
                gemm.kernel(a, b, m, n, b0, b1, 0, panels, c, cOff, ldc, accumulate, bias, tiles[part]);
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
