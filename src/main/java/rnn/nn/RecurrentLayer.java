package rnn.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import rnn.random.Rng;

/**
 * One recurrent layer run over a whole batch of sequences, a {@link SequenceLayer} whose output is h_1..h_T
 * (H wide) and whose final state is h at each sequence's last real step: the parts common to every cell.
 * Subclasses describe their cell by name with a {@link CellShape} (gates, biases, cell state) and give its step
 * equations ({@link #stepForward}, {@link #stepBackward}), reading the shared buffers through final accessors
 * ({@link #act()}, {@link #hAll()}, …) loaded into locals once per step; this class owns the fused input
 * projection, the time loops, masking, truncation, state carry and the weight-gradient multiplies.
 *
 * <p><b>Shapes.</b> B sequences, T steps, input size I, hidden size H, G gates. Weights are stored as in
 * PyTorch: {@code weight_ih_l0} [G·H, I], {@code weight_hh_l0} [G·H, H], biases [G·H], gates packed in
 * blocks of H rows in the cell's documented order. Sequence buffers are time-major: row {@code t·B + b}.
 *
 * <p><b>Forward.</b> {@code gx = X·W_ihᵀ + b_ih} for all T·B rows in one multiply; then for t = 0..T−1 the
 * cell combines {@code gx_t} with {@code h_{t−1}·W_hhᵀ}. A padded step (mask 0) leaves h (and c) unchanged:
 * {@code h_t = m ⊙ cell(x_t, h_{t−1}) + (1 − m) ⊙ h_{t−1}}. The initial state is zero, or with
 * {@code carryState} the final state of the previous forward (detached: no gradient flows into it).
 *
 * <p><b>Backward</b> (exact BPTT) runs t = T−1..0 carrying {@code dhNext} (and {@code dcNext}); the cell turns
 * the gradient with respect to h_t into pre-activation gradients {@code dG_t} and {@code dh_{t−1}}. A padded
 * step passes its gradient straight to h_{t−1} and contributes nothing to any parameter. With truncation K > 0
 * the gradient of each sequence flows back through at most its last K real steps. Weight gradients are then
 * accumulated with one multiply over all steps: {@code dW_ih += dGᵀ·X}, {@code dW_hh += dGhᵀ·H_prev}, and
 * {@code dX = dG·W_ih}.
 *
 * <p><b>Recurrent dropout</b> (variational, Gal &amp; Ghahramani 2016; Keras's {@code recurrent_dropout} with
 * {@code implementation=2}): with {@link #dropRecurrent dropping on}, {@code h̃_{t−1} = h_{t−1} ⊙ m} replaces
 * h_{t−1} wherever it enters the recurrent multiply (every gate: {@code h̃·W_hhᵀ}; the classic GRU's
 * {@code (r ⊙ h̃)·W_hnᵀ}), while the cell's own use of h_{t−1} (the GRU's blend {@code u ⊙ h_{t−1}}) and the
 * padding rule keep the unmasked state. m (B×H, entries 0 or 1/(1 − p)) is drawn once per batch by
 * {@link #resampleRecurrentDropout} and is the same at every step. Backward: the gradient reaching h̃_{t−1}
 * ({@code dhRec} of {@link #stepBackward}) is multiplied by m before it joins the direct one, and
 * {@code dW_hh += dGhᵀ·H̃_prev}. Without dropping nothing of this runs: the cells read h_{t−1} itself.
 *
 * <p><b>Threads.</b> Row b of h_t depends on row b of h_{t−1} only (forward and backward), so when a step has
 * enough work ({@link Compute#STEP_PARALLEL_MIN_WORK}) the batch rows are shared among the Compute's threads, each
 * running the whole time loop (every step's recurrent multiply and gate math) on its own rows, with one barrier at
 * the end of the loop rather than one per step. The weight gradients and input
 * projections are multiplies over all steps, split by the Compute. Results are bit-identical for any thread count.
 *
 * <p>Workspaces are sized on first use for a batch shape and reused (they only grow); nothing is allocated
 * inside the time loops. Buffers returned by {@link #output()} and {@link #inputGradient()} stay valid until
 * the next forward or backward.
 */
public abstract class RecurrentLayer implements SequenceLayer {

    private final int inputSize;
    private final int hiddenSize;
    private final int gates;
    /** G·H, the width of the fused gate pre-activations. */
    private final int gh;
    private final Compute compute;
    private final boolean hasCellState;
    /** True when {@code b_hh} is simply added to the pre-activations, so it is folded into {@code gx}. */
    private final boolean foldRecurrentBias;
    /** True when the cell needs {@link #dGh} distinct from {@link #dG}. */
    private final boolean separateRecurrentGradient;

    private final Param wIh;
    private final Param wHh;
    private final Param bIh;
    /** The recurrent bias, or {@code null} for cells with a single bias (classic GRU). */
    private final Param bHh;

    /** W_hh packed as the right operand of {@code h·W_hhᵀ} (forward), repacked by every forward. */
    private final Packed wHhT;
    /** W_hh packed as the right operand of {@code dG·W_hh} (backward), repacked by every backward. */
    private final Packed wHhN;
    /** dGᵀ packed once per backward for the weight gradients of W_ih and (when dGh is dG) W_hh. */
    private final Packed dGT;
    /** Σ_rows dG of the last backward (G·H). */
    private final double[] biasSums;
    /** b_ih + b_hh when b_hh is folded into gx. */
    private final double[] foldedBias;

    /** Threads sharing the batch rows of the time loops: 1, or all of the Compute's when a step has enough work. */
    private int stepParts = 1;
    /** The forward's time loop as a task whose parts take disjoint row ranges for all T steps. */
    private final RowsTask forwardRows = new RowsTask(true);
    /** The backward's time loop likewise (its arguments set before each run). */
    private final RowsTask backwardRows = new RowsTask(false);

    // ---- recurrent dropout ----
    /** B×H: the recurrent-dropout mask m (0 or 1/(1 − p)), drawn by {@link #resampleRecurrentDropout}. */
    private double[] recurrentMask = new double[0];
    /** B of {@link #recurrentMask}, or −1 before the first draw. */
    private int recurrentMaskBatch = -1;
    /** Whether the forwards that follow apply {@link #recurrentMask} (training with recurrent dropout). */
    private boolean dropRecurrent;
    /** Whether the last forward applied it (so its backward does). */
    private boolean dropped;
    /** (T+1)·B × H: h̃_{t−1} = h_{t−1} ⊙ m in block t (only written while dropping). */
    private double[] hDrop = new double[0];
    /** B × H: dL/dh̃_{t−1} of the current step (only used while dropping). */
    private double[] dhRec = new double[0];

    // ---- the current batch shape and input (not copied) ----
    private int steps;
    private int batch;
    private double[] x;
    private int xOff;
    private SequenceInput input;

    // ---- forward caches, time-major ----
    /** T·B × G·H: input projection, then overwritten in place by the cell with its gate activations. */
    private double[] act = new double[0];
    /** (T+1)·B × H: h_0 in block 0, h_t in block t+1. */
    private double[] hAll = new double[0];
    /** (T+1)·B × H: c_t like hAll (LSTM only). */
    private double[] cAll = new double[0];

    // ---- backward buffers ----
    /** T·B × G·H: gradient with respect to the input-side pre-activations. */
    private double[] dG = new double[0];
    /** T·B × G·H: gradient with respect to the recurrent-side pre-activations (may alias dG). */
    private double[] dGh = new double[0];
    private double[] dx = new double[0];
    private double[] dhCell = new double[0];
    private double[] dcCell = new double[0];
    private double[] dhNext = new double[0];
    private double[] dcNext = new double[0];
    private double[] passH = new double[0];
    private double[] passC = new double[0];
    private int[] realSteps = new int[0];

    // ---- final state at each sequence's last real step (grown on first use by finalState) ----
    private double[] finalH = new double[0];
    private int[] lastStep = new int[0];
    /** T·B × H: dL/dh with the final-state gradient on each sequence's last real step, zeros elsewhere. */
    private double[] dFinalSeq = new double[0];

    // ---- carried state (final state of the last forward) ----
    private double[] hState = new double[0];
    private double[] cState = new double[0];
    private int stateBatch = -1;

    private int capacityRows;
    private int capacityBatch;
    /** One token id per step, read as one-hot ({@link #readTokenIds}): the input projection is a gather. */
    private boolean tokenIds;

    // ---- frozen weights ({@link #freezeWeights}) ----
    private boolean frozen;
    /** W_ih packed as the right operand of {@code X·W_ihᵀ}, kept while frozen (for token ids: {@link #gatherTable}). */
    private final Packed wIhT;
    /** Whether {@link #wHhT} (and the cell's own forward packs) hold the frozen weights. */
    private boolean recurrentPacked;
    /** Whether {@link #wIhT} (token ids: {@link #gatherTable}) holds the frozen weights. */
    private boolean inputPacked;

    /**
     * Token ids: row id holds column id of W_ih plus the input bias (the same doubles the gather from W_ih adds,
     * one rounding each), so a row's gather is one contiguous copy of G·H values instead of G·H reads a row of
     * W_ih apart (each in its own cache line). Filled on the first frozen forward, and by every other forward of at
     * least V rows (a training batch), only when V·G·H ≤ {@link #GATHER_TABLE_MAX}; the array only grows.
     */
    private double[] gatherTable = new double[0];
    /** V × G·H: per token id, the sum of its rows of dG ({@link #scatterInputColumns}); grown on first use. */
    private double[] scatterTable = new double[0];
    /** The most values {@link #gatherTable} holds (8 MB); a larger vocabulary gathers from W_ih itself. */
    static final int GATHER_TABLE_MAX = 1 << 20;

    // ---- a paired step ({@link PairedStep}: T = 1, B = 1 with the work split between two threads) ----
    /** h_{t−1}·W̃_hhᵀ for the next step, computed ahead by {@link #recurrentAheadPart} (the width of W̃_hhᵀ). */
    private double[] recurrentAhead = new double[0];
    /** Whether the step running now reads {@link #recurrentAhead} instead of multiplying. */
    private boolean aheadReady;

    /**
     * @param names      how the parameters are named ({@code layers.k.weight_ih_l0}, …)
     * @param inputSize  I
     * @param hiddenSize H
     * @param shape      the cell's gates, biases and state (see {@link CellShape}'s factories)
     */
    protected RecurrentLayer(LayerNames names, int inputSize, int hiddenSize, CellShape shape, Compute compute) {
        if (inputSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("layer " + names.of("") + ": expected input and hidden sizes >= 1, got I="
                    + inputSize + ", H=" + hiddenSize);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.gates = shape.gates();
        this.gh = gates * hiddenSize;
        this.compute = compute;
        this.hasCellState = shape.cellState();
        this.foldRecurrentBias = shape.recurrentBiasFolded();
        this.separateRecurrentGradient = shape.recurrentGradient();
        this.wIh = new Param(names.of("weight_ih_l0"), gh, inputSize);
        this.wHh = new Param(names.of("weight_hh_l0"), gh, hiddenSize);
        this.bIh = new Param(names.of("bias_ih_l0"), gh);
        this.bHh = shape.recurrentBias() ? new Param(names.of("bias_hh_l0"), gh) : null;
        this.wHhT = compute.newPacked();
        this.wIhT = compute.newPacked();
        this.wHhN = compute.newPacked();
        this.dGT = compute.newPacked();
        this.biasSums = new double[gh];
        this.foldedBias = new double[gh];
    }

    // ---- what the cells read (final, so the JIT inlines them; cells load them into locals once per step) ----

    /** G·H, the width of the fused gate pre-activations (a row of {@link #act()}, {@link #dG()}). */
    protected final int gateWidth() {
        return gh;
    }

    protected final Compute compute() {
        return compute;
    }

    /** B of the current batch. */
    protected final int batch() {
        return batch;
    }

    /** T of the current batch. */
    protected final int steps() {
        return steps;
    }

    /** Offset in {@link #hAll()} (and {@link #cAll()}) of row b of block t: h_{t−1} of sequence b for step t. */
    protected final int stateRow(int t, int b) {
        return (t * batch + b) * hiddenSize;
    }

    /** Offset in {@link #act()} and {@link #dG()} of row b of step t. */
    protected final int gateRow(int t, int b) {
        return (t * batch + b) * gh;
    }

    /** T·B × G·H: gx_t before the step, the gate activations after it. */
    protected final double[] act() {
        return act;
    }

    /** (T+1)·B × H: h_0 in block 0, h_t in block t+1. */
    protected final double[] hAll() {
        return hAll;
    }

    /**
     * (T+1)·B × H, indexed as {@link #hAll()}: what the recurrent multiply reads at step t, h̃_{t−1} — h_{t−1}
     * itself (this returns {@link #hAll()}) unless the last forward applied recurrent dropout.
     */
    protected final double[] recurrentInput() {
        return dropped ? hDrop : hAll;
    }

    /** (T+1)·B × H: c_t like {@link #hAll()} (cells with a cell state only). */
    protected final double[] cAll() {
        return cAll;
    }

    /** T·B × G·H: the cell writes its input-side pre-activation gradients here. */
    protected final double[] dG() {
        return dG;
    }

    /** T·B × G·H: recurrent-side pre-activation gradients; the same array as {@link #dG()} unless the shape says. */
    protected final double[] dGh() {
        return dGh;
    }

    protected final Param wHh() {
        return wHh;
    }

    protected final Param bIh() {
        return bIh;
    }

    /** The recurrent bias, or {@code null} when the shape has none. */
    protected final Param bHh() {
        return bHh;
    }

    /** W_hh packed for {@code h_{t−1}·W_hhᵀ} (see {@link #packRecurrentWeights}). */
    protected final Packed wHhT() {
        return wHhT;
    }

    /** W_hh packed for {@code dG_t·W_hh} (see {@link #packRecurrentWeights}). */
    protected final Packed wHhN() {
        return wHhN;
    }

    /**
     * The recurrent multiply of a forward step, {@code c (+)= h̃_{t−1}·W̃_hhᵀ} with {@link #wHhT()} over B rows of
     * {@code h} from {@code hOff} (row stride H): the product {@link Compute#mulPart} gives, or, in a paired step
     * ({@link PairedStep}), the same values computed ahead on the other thread, copied or added (the same double
     * addition the multiply's store does, so the bits are the same). Cells call it for their {@link #wHhT()}
     * product.
     */
    protected final void recurrentProduct(int part, int B, double[] h, int hOff, double[] c, int cOff, int ldc,
                                          boolean accumulate) {
        if (!aheadReady) {
            compute.mulPart(part, B, h, hOff, hiddenSize, wHhT, c, cOff, ldc, accumulate);
            return;
        }
        final double[] ahead = recurrentAhead;
        final int n = wHhT.extent();
        if (accumulate) {
            for (int j = 0; j < n; j++) {
                c[cOff + j] += ahead[j];
            }
        } else {
            System.arraycopy(ahead, 0, c, cOff, n);
        }
    }

    /** The layer's parameters in canonical order: weight_ih, weight_hh, bias_ih, bias_hh (when present). */
    @Override
    public List<Param> parameters() {
        List<Param> ps = new ArrayList<>(List.of(wIh, wHh, bIh));
        if (bHh != null) {
            ps.add(bHh);
        }
        return ps;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    public final int hiddenSize() {
        return hiddenSize;
    }

    /** H: the output sequence is h_1..h_T. */
    @Override
    public int outputSize() {
        return hiddenSize;
    }

    /** H: the final state is h at each sequence's last real step. */
    @Override
    public int finalStateSize() {
        return hiddenSize;
    }

    /**
     * DESIGN §1 initialisation: input weights Glorot-uniform, recurrent weights orthogonal (per gate block),
     * biases zero; subclasses adjust (LSTM forget-gate bias 1).
     */
    @Override
    public void initialize(Rng rng) {
        Initializers.glorotUniform(wIh, rng);
        Initializers.orthogonalBlocks(wHh, gates, rng);
        Arrays.fill(bIh.value.data, 0.0);
        if (bHh != null) {
            Arrays.fill(bHh.value.data, 0.0);
        }
    }

    /**
     * Draws the recurrent-dropout mask for batches of {@code batch} sequences: for b = 0..B−1, j = 0..H−1 (in that
     * order, one {@code rng.nextDouble()} each) unit j of sequence b is kept (1/(1 − p)) when the draw is below
     * 1 − p, else dropped (0).
     *
     * @param p the probability of dropping a unit, in (0, 1)
     */
    @Override
    public void resampleRecurrentDropout(int batch, double p, Rng rng) {
        if (!(p > 0 && p < 1) || batch < 1) {
            throw new IllegalArgumentException("recurrent dropout: expected 0 < p < 1 and B >= 1, got p=" + p
                    + ", B=" + batch);
        }
        int n = batch * hiddenSize;
        if (recurrentMask.length < n) {
            recurrentMask = new double[n];
        }
        double keep = 1.0 - p;
        double scale = 1.0 / keep;
        for (int i = 0; i < n; i++) {
            recurrentMask[i] = rng.nextDouble() < keep ? scale : 0.0;
        }
        recurrentMaskBatch = batch;
    }

    @Override
    public void dropRecurrent(boolean on) {
        dropRecurrent = on;
    }

    /** The mask of the last {@link #resampleRecurrentDropout} (B×H from offset 0; read-only, for tests). */
    final double[] recurrentMask() {
        return recurrentMask;
    }

    /**
     * Runs the layer over a batch.
     *
     * @param in         input, I features per step (read, not copied: it must stay unchanged until backward)
     * @param carryState start from the final state of the previous forward (same B) instead of zeros
     */
    @Override
    public final void freezeWeights(boolean frozen) {
        this.frozen = frozen;
        this.recurrentPacked = false;
        this.inputPacked = false;
    }

    @Override
    public final void readTokenIds() {
        tokenIds = true;
    }

    @Override
    public final void forward(SequenceInput in, boolean carryState) {
        if (in.features() != (tokenIds ? 1 : inputSize)) {
            throw new IllegalArgumentException("layer expects " + (tokenIds ? 1 : inputSize) + " input features, got "
                    + in.features());
        }
        if (dropRecurrent && recurrentMaskBatch != in.batch()) {
            throw new IllegalStateException("recurrent dropout mask drawn for B=" + recurrentMaskBatch
                    + " but the batch has B=" + in.batch() + ": call resampleRecurrentDropout first");
        }
        ensureCapacity(in.steps(), in.batch());
        this.dropped = dropRecurrent;
        if (dropped && hDrop.length < hAll.length) {
            hDrop = new double[hAll.length];
        }
        this.input = in;
        this.x = in.x();
        this.xOff = in.xOffset();
        final int B = batch;
        final int H = hiddenSize;
        final int T = steps;
        final int bh = B * H;

        if (carryState && stateBatch == B) {
            System.arraycopy(hState, 0, hAll, 0, bh);
            if (hasCellState) {
                System.arraycopy(cState, 0, cAll, 0, bh);
            }
        } else {
            Arrays.fill(hAll, 0, bh, 0.0);
            if (hasCellState) {
                Arrays.fill(cAll, 0, bh, 0.0);
            }
        }

        if (!frozen || !recurrentPacked) {
            packRecurrentWeights(true);
            recurrentPacked = frozen;
        }
        // gx = X·W_ihᵀ + b_ih (+ b_hh when it is purely additive), all steps in one multiply.
        // (the biases are added in the multiply's own pass over gx: it is T·B×G·H, tens of MB at H = 512)
        if (foldRecurrentBias) {
            for (int j = 0; j < gh; j++) {
                foldedBias[j] = bIh.value.data[j] + bHh.value.data[j];
            }
        }
        double[] bias = inputBias();
        if (tokenIds) {
            boolean fits = (long) inputSize * gh <= GATHER_TABLE_MAX;
            if (frozen) {
                if (!inputPacked && fits) {
                    fillGatherTable(bias);
                    inputPacked = true;
                }
                gather(T * B, bias);
            } else if (fits && T * B >= inputSize) {
                // the table costs V·G·H writes; a gather from W_ih reads T·B·G·H values a row of W_ih apart
                fillGatherTable(bias);
                gatherFromTable(T * B);
            } else {
                gatherInputColumns(T * B, bias);
            }
        } else if (frozen && Compute.packs(T * B, gh, inputSize)) {
            if (!inputPacked) {
                compute.packNT(wIhT, gh, inputSize, wIh.value.data, 0, inputSize);
                inputPacked = true;
            }
            compute.mulNTBias(T * B, x, xOff, inputSize, wIhT, bias, act, 0, gh);
        } else {
            compute.mulNTBias(T * B, gh, inputSize, x, xOff, inputSize, wIh.value.data, 0, inputSize, bias, act, 0,
                    gh);
        }

        stepParts = compute.splitsStep(Compute.stepWork(B, gh, hiddenSize)) ? compute.threads() : 1;
        if (stepParts > 1) {
            compute.runParts(forwardRows);
        } else {
            forwardRows(0, B, 0);
        }

        System.arraycopy(hAll, T * bh, hState, 0, bh);
        if (hasCellState) {
            System.arraycopy(cAll, T * bh, cState, 0, bh);
        }
        stateBatch = B;
    }

    /** The bias added to the input projection: b_ih, or b_ih + b_hh as the last forward folded it. */
    private double[] inputBias() {
        return foldRecurrentBias ? foldedBias : bIh.value.data;
    }

    /**
     * Whether the next forward can run as a paired step ({@link PairedStep}): weights frozen and packed by an
     * earlier forward (so {@link #inputBias()} holds them too), a carried state of one sequence, no recurrent
     * dropout, and an input that is token ids or a packed product.
     */
    final boolean pairable() {
        return frozen && recurrentPacked && (tokenIds || inputPacked) && stateBatch == 1 && !dropRecurrent;
    }

    /** Whether the input projection is a gather of token ids (no multiply to share). */
    final boolean readsTokenIds() {
        return tokenIds;
    }

    /**
     * Part {@code part} of {@code parts} of the next step's recurrent product h_{t−1}·W̃_hhᵀ, h_{t−1} the carried
     * state of one sequence ({@link #pairable()}): its share of the panels of columns, into {@link #recurrentAhead}
     * (sized by {@link #prepareAhead()} first).
     */
    final void recurrentAheadPart(int part, int parts) {
        int n = wHhT.extent();
        compute.mulPanels(part, parts, 1, hState, 0, hiddenSize, wHhT, null, recurrentAhead, 0, n, false);
    }

    /** Sizes {@link #recurrentAhead} (once: it is reused while the weights' shapes stay). */
    final void prepareAhead() {
        if (recurrentAhead.length < wHhT.extent()) {
            recurrentAhead = new double[wHhT.extent()];
        }
    }

    /**
     * Part {@code part} of {@code parts} of the input projection of a paired step, {@code gx = x·W_ihᵀ + bias} for
     * the one row of {@code in}: its share of the panels of columns, into the gate pre-activations. Not for token
     * ids (their gather runs in {@link #forwardPaired}).
     */
    final void inputProjectionPart(SequenceInput in, int part, int parts) {
        compute.mulPanels(part, parts, 1, in.x(), in.xOffset(), inputSize, wIhT, inputBias(), act, 0, gh, false);
    }

    /**
     * The forward of one step of one sequence from the carried state, after {@link #recurrentAheadPart} and (for
     * an input that is not token ids) {@link #inputProjectionPart} have run for every part: the same values, bit
     * for bit, as {@link #forward}{@code (in, true)}. Only when {@link #pairable()}.
     */
    final void forwardPaired(SequenceInput in) {
        ensureCapacity(1, 1);
        this.dropped = false;
        this.input = in;
        this.x = in.x();
        this.xOff = in.xOffset();
        final int H = hiddenSize;
        System.arraycopy(hState, 0, hAll, 0, H);
        if (hasCellState) {
            System.arraycopy(cState, 0, cAll, 0, H);
        }
        if (tokenIds) {
            gather(1, inputBias());
        }
        stepParts = 1;
        aheadReady = true;
        try {
            stepForward(0, 0, 1, 0);
        } finally {
            aheadReady = false;
        }
        System.arraycopy(hAll, H, hState, 0, H);
        if (hasCellState) {
            System.arraycopy(cAll, H, cState, 0, H);
        }
    }

    @Override
    public final double[][] carriedState() {
        if (stateBatch < 0) {
            return null;
        }
        int n = stateBatch * hiddenSize;
        return hasCellState ? new double[][] {Arrays.copyOf(hState, n), Arrays.copyOf(cState, n)}
                : new double[][] {Arrays.copyOf(hState, n)};
    }

    @Override
    public final void restoreCarriedState(int batch, double[][] state) {
        int n = batch * hiddenSize;
        if (state.length != (hasCellState ? 2 : 1)) {
            throw new IllegalArgumentException("expected " + (hasCellState ? 2 : 1) + " state arrays, got "
                    + state.length);
        }
        for (double[] a : state) {
            if (a.length != n) {
                throw new IllegalArgumentException("expected a state of " + batch + " × " + hiddenSize + " = " + n
                        + " values, got " + a.length);
            }
        }
        if (hState.length < n) {
            hState = Arrays.copyOf(hState, n);
            cState = Arrays.copyOf(cState, n);
        }
        System.arraycopy(state[0], 0, hState, 0, n);
        if (hasCellState) {
            System.arraycopy(state[1], 0, cState, 0, n);
        }
        stateBatch = batch;
    }

    /** The hidden sequence h_1..h_T of the last forward: a (T·B)×H block of {@link #output()}. */
    @Override
    public final double[] output() {
        return hAll;
    }

    /** Offset of h_1 (step 0's output) in {@link #output()}. */
    @Override
    public final int outputOffset() {
        return batch * hiddenSize;
    }

    /**
     * h at each sequence's last real step, B×H from offset 0; valid until the next forward.
     *
     * @throws IllegalArgumentException when a sequence of the batch has no real step
     */
    @Override
    public final double[] finalState() {
        final int B = batch;
        final int H = hiddenSize;
        final int T = steps;
        if (lastStep.length < B) {
            lastStep = new int[B];
        }
        if (finalH.length < B * H) {
            finalH = new double[B * H];
        }
        int off = outputOffset();
        for (int b = 0; b < B; b++) {
            int t = T - 1;
            while (t >= 0 && !input.isReal(t, b)) {
                t--;
            }
            if (t < 0) {
                throw new IllegalArgumentException("sequence " + b + " of the batch has no real step");
            }
            lastStep[b] = t;
            System.arraycopy(hAll, off + (t * B + b) * H, finalH, b * H, H);
        }
        return finalH;
    }

    /**
     * Places dL/dh_last of each sequence on its last real step (found by {@link #finalState()}) of an otherwise
     * zero (T·B)×H gradient and runs {@link #backward} with it.
     */
    @Override
    public final void backwardFromFinalState(double[] dFinal, int truncate, boolean inputGrad) {
        final int B = batch;
        final int H = hiddenSize;
        final int n = steps * B * H;
        if (dFinalSeq.length < n) {
            dFinalSeq = new double[n];
        }
        Arrays.fill(dFinalSeq, 0, n, 0.0);
        for (int b = 0; b < B; b++) {
            System.arraycopy(dFinal, b * H, dFinalSeq, (lastStep[b] * B + b) * H, H);
        }
        backward(dFinalSeq, 0, truncate, inputGrad);
    }

    /**
     * Backpropagates through time. Accumulates into every parameter gradient.
     *
     * @param dOut       gradient of the loss with respect to the outputs h_1..h_T, (T·B)×H (not modified)
     * @param dOutOff    offset of step 0 in {@code dOut}
     * @param truncate   K > 0: the gradient of each sequence flows back through at most its last K real steps;
     *                   0: full BPTT
     * @param inputGrad  whether to compute the gradient with respect to the input ({@link #inputGradient()})
     */
    @Override
    public final void backward(double[] dOut, int dOutOff, int truncate, boolean inputGrad) {
        final int B = batch;
        final int H = hiddenSize;
        final int T = steps;
        final int bh = B * H;
        Arrays.fill(dhNext, 0, bh, 0.0);
        Arrays.fill(dcNext, 0, bh, 0.0);
        Arrays.fill(realSteps, 0, B, 0);
        packRecurrentWeights(false);
        backwardRows.dOut = dOut;
        backwardRows.dOutOff = dOutOff;
        backwardRows.truncate = truncate;
        if (stepParts > 1) {
            compute.runParts(backwardRows);
        } else {
            backwardRows(0, B, 0, dOut, dOutOff, truncate);
        }
        backwardRows.dOut = null;

        int rows = T * B;
        // dGᵀ packed once for dW_ih (and dW_hh when dGh is dG); the bias gradient Σ_rows dG in the same pass
        Arrays.fill(biasSums, 0.0);
        compute.packTN(dGT, gh, rows, dG, 0, gh, biasSums);
        addInto(bIh.grad.data, biasSums);
        if (bHh != null && dGh == dG) {
            addInto(bHh.grad.data, biasSums);
        } else if (bHh != null) {
            addColumnSums(dGh, rows, bHh.grad.data);
        }
        if (tokenIds) {
            scatterInputColumns(rows);
        } else {
            compute.mulTN(dGT, inputSize, x, xOff, inputSize, wIh.grad.data, 0, inputSize, true);
        }
        accumulateRecurrentWeightGradients();
        if (inputGrad && tokenIds) {
            throw new IllegalStateException("a layer reading token ids has no input gradient");
        }
        if (inputGrad) {
            compute.mulNN(rows, inputSize, gh, dG, 0, gh, wIh.value.data, 0, inputSize, dx, 0, inputSize, false);
        }
    }

    /**
     * One-hot input: row r of the gate pre-activations is column id_r of W_ih plus the bias, from
     * {@link #gatherTable} (one contiguous copy) while it holds the frozen weights, else from W_ih.
     */
    private void gather(int rows, double[] bias) {
        if (!frozen || !inputPacked) {
            gatherInputColumns(rows, bias);
        } else {
            gatherFromTable(rows);
        }
    }

    /** Row r of the gate pre-activations = row id_r of {@link #gatherTable}, as filled by the last fill. */
    private void gatherFromTable(int rows) {
        for (int r = 0; r < rows; r++) {
            int id = TokenEmbedding.tokenId(x[xOff + r], inputSize);
            System.arraycopy(gatherTable, id * gh, act, r * gh, gh);
        }
    }

    /** Row id of {@link #gatherTable} = column id of W_ih plus {@code bias}: the values the gather adds up. */
    private void fillGatherTable(double[] bias) {
        final double[] w = wIh.value.data;
        final int v = inputSize;
        if (gatherTable.length < v * gh) {
            gatherTable = new double[v * gh];
        }
        for (int id = 0; id < v; id++) {
            int a = id * gh;
            for (int j = 0; j < gh; j++) {
                gatherTable[a + j] = w[j * v + id] + bias[j];
            }
        }
    }

    /** One-hot input: row r of the gate pre-activations is column id_r of W_ih plus the bias. */
    private void gatherInputColumns(int rows, double[] bias) {
        final double[] w = wIh.value.data;
        final int v = inputSize;
        for (int r = 0; r < rows; r++) {
            int id = TokenEmbedding.tokenId(x[xOff + r], v);
            int a = r * gh;
            for (int j = 0; j < gh; j++) {
                act[a + j] = w[j * v + id] + bias[j];
            }
        }
    }

    /**
     * One-hot input: dW_ih[:, id_r] += dG row r, for every row (a padded row's dG is 0). With at least V rows (and
     * V·G·H within {@link #GATHER_TABLE_MAX}) the rows are first summed per id into the contiguous rows of
     * {@link #scatterTable}, in the same order, and each sum added to dW_ih once: the same values when the
     * gradient starts at zero, without a strided read-modify-write per row and gate.
     */
    private void scatterInputColumns(int rows) {
        final double[] g = wIh.grad.data;
        final int v = inputSize;
        if (rows >= v && (long) v * gh <= GATHER_TABLE_MAX) {
            if (scatterTable.length < v * gh) {
                scatterTable = new double[v * gh];
            }
            Arrays.fill(scatterTable, 0, v * gh, 0.0);
            for (int r = 0; r < rows; r++) {
                int id = (int) x[xOff + r];
                int a = r * gh;
                int o = id * gh;
                for (int j = 0; j < gh; j++) {
                    scatterTable[o + j] += dG[a + j];
                }
            }
            for (int id = 0; id < v; id++) {
                int o = id * gh;
                for (int j = 0; j < gh; j++) {
                    g[j * v + id] += scatterTable[o + j];
                }
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            int id = (int) x[xOff + r];
            int a = r * gh;
            for (int j = 0; j < gh; j++) {
                g[j * v + id] += dG[a + j];
            }
        }
    }

    /** dL/dX of the last backward, (T·B)×I time-major from offset 0; valid until the next backward. */
    @Override
    public final double[] inputGradient() {
        return dx;
    }

    /**
     * Packs W_hh for the per-step multiplies: {@code forward} true for {@code h_{t−1}·W_hhᵀ} into {@link #wHhT},
     * false for {@code dG_t·W_hh} into {@link #wHhN}. The weights do not change during a forward or a backward, so
     * the packing (a transposition, and a rounding to float for {@link Precision#FLOAT}) is done once per pass,
     * not once per step. Cells that multiply blocks of W_hh separately (classic GRU) override this.
     */
    protected void packRecurrentWeights(boolean forward) {
        if (forward) {
            compute.packNT(wHhT, gh, hiddenSize, wHh.value.data, 0, hiddenSize);
        } else {
            compute.packNN(wHhN, gh, hiddenSize, wHh.value.data, 0, hiddenSize);
        }
    }

    /**
     * {@code dW_hh += dGhᵀ · H_prev} over all steps in one multiply, where H_prev = h_0..h_{T−1} (reusing the packed
     * dGᵀ of the W_ih gradient when dGh is dG). Cells whose
     * recurrent input is not h_{t−1} for every gate (classic GRU) override this.
     */
    protected void accumulateRecurrentWeightGradients() {
        double[] hPrev = recurrentInput();
        if (dGh == dG) {
            compute.mulTN(dGT, hiddenSize, hPrev, 0, hiddenSize, wHh.grad.data, 0, hiddenSize, true);
        } else {
            compute.mulTN(gh, hiddenSize, steps * batch, dGh, 0, gh, hPrev, 0, hiddenSize,
                    wHh.grad.data, 0, hiddenSize, true);
        }
    }

    /**
     * Computes rows b0..b1−1 of step t: reads those rows of {@code act} for step t (holding gx_t), of h_{t−1}
     * (block t of hAll) and c_{t−1}; writes the gate activations back into {@code act}, h_t into block t+1 of hAll
     * (and c_t), plus any cache the cell's backward needs. Every row depends on its own row of h_{t−1} only, so
     * threads can take disjoint row ranges of a step; {@code part} is the calling thread's part, for
     * {@link Compute#mulPart}.
     */
    protected abstract void stepForward(int t, int b0, int b1, int part);

    /**
     * Backward of rows b0..b1−1 of step t (the arrays are B×H; only those rows are read or written). Rows of
     * padded steps arrive with zero gradients. {@code part} as in {@link #stepForward}. The gradient with respect
     * to h_{t−1} comes in two parts: through the cell's direct use of h_{t−1} (the GRU's blend), written to
     * {@code dhPrev} with {@code =}, and through the recurrent multiply's input h̃_{t−1}
     * ({@link #recurrentInput()}), accumulated into {@code dhRec}. Without recurrent dropout {@code dhRec} is
     * {@code dhPrev} (so the direct part must be written first); with it, both arrive zeroed and the layer adds
     * {@code m ⊙ dhRec} to dhPrev after the step.
     *
     * @param dh     dL/dh_t, B×H (not modified)
     * @param dc     dL/dc_t from later steps, B×H (LSTM only; may be the same array as {@code dcPrev}: each entry
     *               is read before that entry of dcPrev is written)
     * @param dhPrev out: dL/dh_{t−1} through this step, B×H (overwritten; never the same array as dh)
     * @param dcPrev out: dL/dc_{t−1} through this step, B×H (LSTM only; overwritten)
     * @param dhRec  out: dL/dh̃_{t−1}, accumulated (see above), B×H
     * Writes rows of step t of {@link #dG} and {@link #dGh}.
     */
    protected abstract void stepBackward(int t, int b0, int b1, int part, double[] dh, double[] dc, double[] dhPrev,
                                         double[] dcPrev, double[] dhRec);

    /**
     * The forward's time loop for rows b0..b1−1: every step t = 0..T−1 of those rows (their recurrent multiply
     * and gate math, recurrent dropout, padded steps keeping the state). A row of h_t depends on its own row of
     * h_{t−1} only, so parts that take disjoint row ranges run all T steps without waiting for each other.
     */
    private void forwardRows(int b0, int b1, int part) {
        final SequenceInput in = input;
        for (int t = 0; t < steps; t++) {
            if (dropped) {
                dropRecurrentInput(t, b0, b1);
            }
            stepForward(t, b0, b1, part);
            if (in.mask() != null) {
                keepStateOnPaddedRows(t, in, b0, b1);
            }
        }
    }

    /**
     * The backward's time loop (t = T−1..0) for rows b0..b1−1: dh_t = dOut_t + dh carried from step t+1 (cut to
     * zero after {@code truncate} real steps of a row), passed around padded steps, through the cell on real ones.
     * Like {@link #forwardRows}, rows depend on their own rows only.
     */
    private void backwardRows(int b0, int b1, int part, double[] dOut, int dOutOff, int truncate) {
        final int H = hiddenSize;
        final int T = steps;
        final int bh = batch * H;
        final int i0 = b0 * H;
        final int i1 = b1 * H;
        for (int t = T - 1; t >= 0; t--) {
            int dOutT = dOutOff + t * bh;
            if (input.mask() == null && (truncate == 0 || T - 1 - t < truncate)) {
                // every row real and none cut: dh = dOut_t + dhNext, dc = dcNext, and the step writes dh_{t−1},
                // dc_{t−1} straight into dhNext, dcNext (nothing passes around it)
                for (int i = i0; i < i1; i++) {
                    dhCell[i] = dOut[dOutT + i] + dhNext[i];
                }
                for (int b = b0; b < b1; b++) {
                    realSteps[b]++;
                }
                stepBackwardRows(t, b0, b1, part, dhCell, dcNext, dhNext, dcNext);
                continue;
            }
            for (int b = b0; b < b1; b++) {
                boolean real = input.isReal(t, b);
                boolean cut = truncate > 0 && realSteps[b] >= truncate;
                int row = b * H;
                for (int j = 0; j < H; j++) {
                    double carriedH = cut ? 0.0 : dhNext[row + j];
                    double carriedC = cut ? 0.0 : dcNext[row + j];
                    double total = dOut[dOutT + row + j] + carriedH;
                    if (real) {
                        dhCell[row + j] = total;
                        dcCell[row + j] = carriedC;
                        passH[row + j] = 0.0;
                        passC[row + j] = 0.0;
                    } else {
                        dhCell[row + j] = 0.0;
                        dcCell[row + j] = 0.0;
                        passH[row + j] = total;
                        passC[row + j] = carriedC;
                    }
                }
                if (real) {
                    realSteps[b]++;
                }
            }
            stepBackwardRows(t, b0, b1, part, dhCell, dcCell, dhNext, dcNext);
            for (int i = i0; i < i1; i++) {
                dhNext[i] += passH[i];
            }
            if (hasCellState) {
                for (int i = i0; i < i1; i++) {
                    dcNext[i] += passC[i];
                }
            }
        }
    }

    private void stepBackwardRows(int t, int b0, int b1, int part, double[] dh, double[] dc, double[] dhPrev,
                                  double[] dcPrev) {
        if (dropped) {
            stepBackwardDropped(t, b0, b1, part, dh, dc, dhPrev, dcPrev);
        } else {
            stepBackward(t, b0, b1, part, dh, dc, dhPrev, dcPrev, dhPrev);
        }
    }

    /** h̃_{t−1} = h_{t−1} ⊙ m for rows b0..b1−1 of step t (block t of {@link #hDrop}). */
    private void dropRecurrentInput(int t, int b0, int b1) {
        final int H = hiddenSize;
        final int o = stateRow(t, b0);
        final int n = (b1 - b0) * H;
        final int m0 = b0 * H;
        for (int i = 0; i < n; i++) {
            hDrop[o + i] = hAll[o + i] * recurrentMask[m0 + i];
        }
    }

    /** {@link #stepBackward} of rows b0..b1−1 with recurrent dropout: dh_{t−1} = direct part + m ⊙ dL/dh̃_{t−1}. */
    private void stepBackwardDropped(int t, int b0, int b1, int part, double[] dh, double[] dc, double[] dhPrev,
                                     double[] dcPrev) {
        final int from = b0 * hiddenSize;
        final int to = b1 * hiddenSize;
        Arrays.fill(dhPrev, from, to, 0.0);
        Arrays.fill(dhRec, from, to, 0.0);
        stepBackward(t, b0, b1, part, dh, dc, dhPrev, dcPrev, dhRec);
        for (int i = from; i < to; i++) {
            dhPrev[i] += recurrentMask[i] * dhRec[i];
        }
    }

    /** First row of part {@code part} of {@code parts}: shares rounded to whole blocks of the multiply kernels. */
    private int rowStart(int part, int parts) {
        if (part >= parts) {
            return batch;
        }
        int b = (int) ((long) batch * part / parts);
        return Math.min(batch, (b + Gemm.MR - 1) / Gemm.MR * Gemm.MR);
    }

    /**
     * A whole time loop, forward or backward, as a task whose parts take disjoint row ranges (whole blocks of the
     * multiply kernels): one dispatch and one barrier per layer and pass instead of one per step.
     */
    private final class RowsTask implements WorkerPool.Task {
        final boolean forward;
        double[] dOut;
        int dOutOff;
        int truncate;

        RowsTask(boolean forward) {
            this.forward = forward;
        }

        @Override
        public void run(int part, int parts) {
            int b0 = rowStart(part, parts);
            int b1 = rowStart(part + 1, parts);
            if (b0 >= b1) {
                return;
            }
            if (forward) {
                forwardRows(b0, b1, part);
            } else {
                backwardRows(b0, b1, part, dOut, dOutOff, truncate);
            }
        }
    }

    /** Allocates the cell's own caches for T·B rows (called when the capacity grows). */
    protected void allocateCellCaches(int rows, int batchRows) {
    }

    protected static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }

    /** Rows b0..b1−1 of step t: a padded row keeps h_{t−1} (and c_{t−1}) as h_t. */
    private void keepStateOnPaddedRows(int t, SequenceInput in, int b0, int b1) {
        int H = hiddenSize;
        int bh = batch * H;
        for (int b = b0; b < b1; b++) {
            if (!in.isReal(t, b)) {
                System.arraycopy(hAll, t * bh + b * H, hAll, (t + 1) * bh + b * H, H);
                if (hasCellState) {
                    System.arraycopy(cAll, t * bh + b * H, cAll, (t + 1) * bh + b * H, H);
                }
            }
        }
    }

    private static void addInto(double[] into, double[] v) {
        for (int j = 0; j < v.length; j++) {
            into[j] += v[j];
        }
    }

    private void addColumnSums(double[] m, int rows, double[] into) {
        for (int r = 0; r < rows; r++) {
            int o = r * gh;
            for (int j = 0; j < gh; j++) {
                into[j] += m[o + j];
            }
        }
    }

    private void ensureCapacity(int T, int B) {
        this.steps = T;
        this.batch = B;
        int rows = T * B;
        if (rows <= capacityRows && B <= capacityBatch) {
            return;
        }
        int newRows = Math.max(rows, capacityRows);
        int newBatch = Math.max(B, capacityBatch);
        // (T+1)·B rows for state sequences: allow for the larger batch at the larger step count.
        int stateRows = newRows + newBatch;
        act = new double[newRows * gh];
        dG = new double[newRows * gh];
        dGh = separateRecurrentGradient ? new double[newRows * gh] : dG;
        hAll = new double[stateRows * hiddenSize];
        if (hasCellState) {
            cAll = new double[stateRows * hiddenSize];
        }
        dx = tokenIds ? new double[0] : new double[newRows * inputSize]; // token ids have no gradient
        int bh = newBatch * hiddenSize;
        double[] oldH = hState;
        double[] oldC = cState;
        dhCell = new double[bh];
        dcCell = new double[bh];
        dhNext = new double[bh];
        dcNext = new double[bh];
        passH = new double[bh];
        passC = new double[bh];
        dhRec = new double[bh];
        hState = Arrays.copyOf(oldH, bh);
        cState = Arrays.copyOf(oldC, bh);
        realSteps = new int[newBatch];
        allocateCellCaches(newRows, newBatch);
        capacityRows = newRows;
        capacityBatch = newBatch;
    }
}
